import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { ClientSearchScreen } from "./ClientSearch";

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("ClientSearchScreen", () => {
  it("offers a new client only after a search, and sends only what was filled", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["clients:create"]),
      "POST /api/v1/clients/search": () => [],
    });
    renderScreen(<ClientSearchScreen />);
    const search = await screen.findByRole("button", { name: "Search" });
    expect(screen.queryByRole("button", { name: "Add a new client" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Last name"), { target: { value: " Lop " } });
    fireEvent.click(search);
    expect(await screen.findByText(/No client of your agency matches/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Add a new client" })).toBeTruthy();
    expect(gateway.requests.find((request) => request.path === "/api/v1/clients/search")!.body).toEqual({ last_name: "Lop", limit: 20 });
  });

  it("lists the matches, each a link to open the client, and no creation for a user who may not create", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions([]),
      "POST /api/v1/clients/search": () => [{ id: "c1", first_name: "Maria", last_name: "Lopez", dob: "1984-03-12", score: 0.92, matched_on: ["last_name", "dob"] }],
    });
    renderScreen(<ClientSearchScreen />);
    fireEvent.change(await screen.findByLabelText("SSN last four"), { target: { value: "12" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("Four digits")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("SSN last four"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Date of birth"), { target: { value: "1984-03-12" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    const link = await screen.findByRole("link", { name: "Open Maria Lopez" });
    expect(link.getAttribute("href")).toBe("/clients/c1");
    expect(screen.getByText("92%")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Add a new client" })).toBeNull());
  });
});

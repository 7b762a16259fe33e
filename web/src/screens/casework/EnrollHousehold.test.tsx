import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { EnrollHousehold } from "./EnrollHousehold";
import type { Client } from "./api";

const choice = (name: string, label: string, options: [number, string][]) => ({
  name, hud_name: name, label, kind: "choice", required: false, not_future: false, rules: [],
  options: options.map(([code, text]) => ({ code, label: text })),
});
const ENROLLMENT_FORM = {
  record: "Enrollment",
  fields: [
    { name: "entry_date", hud_name: "EntryDate", label: "Entry date", kind: "date", required: true, not_future: false, rules: [] },
    choice("relationship_to_hoh", "Relationship to head of household", [[1, "Self (head of household)"], [2, "Child"]]),
    choice("disabling_condition", "Disabling condition", [[0, "No"], [1, "Yes"]]),
    choice("living_situation", "Living situation", [[101, "Emergency shelter"]]),
  ],
};
const HEAD = { id: "c1", first_name: "Maria", last_name: "Lopez" } as Client;
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("EnrollHousehold", () => {
  it("lists the agency's projects, asks each member's relationship to the one head, and enrolls the household", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["clients:read"]),
      "GET /api/v1/hud/forms/Enrollment": () => ENROLLMENT_FORM,
      "GET /api/v1/organizations": () => [{ organization_id: "o1", organization_name: "Harbor" }],
      "GET /api/v1/organizations/o1": () => ({ organization_id: "o1", projects: [{ project_id: "p1", project_name: "Downtown outreach" }] }),
      "POST /api/v1/clients/search": () => [{ id: "c2", first_name: "Ana", last_name: "Lopez", dob: "2015-01-01", score: 1, matched_on: ["last_name"] }],
      "POST /api/v1/enrollments": () => ({ household_id: "h1", enrollments: [{ enrollment_id: "e1", client_id: "c1" }, { enrollment_id: "e2", client_id: "c2" }] }),
    });
    renderScreen(<EnrollHousehold head={HEAD} />);
    fireEvent.change(await screen.findByRole("combobox", { name: /^Project/ }), { target: { value: "p1" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a household member" }));
    fireEvent.change(screen.getByLabelText("Last name"), { target: { value: "Lopez" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    fireEvent.click(await screen.findByRole("button", { name: "Add Ana Lopez" }));
    fireEvent.click(screen.getByRole("button", { name: "Enroll" }));
    expect(await screen.findByText("Say how Ana Lopez relates to the head.")).toBeTruthy();
    expect(gateway.requests.some((request) => request.path === "/api/v1/enrollments")).toBe(false);
    fireEvent.change(screen.getByLabelText("Relationship to head of household (Ana Lopez)"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Enroll" }));
    await waitFor(() => expect(gateway.requests.some((request) => request.path === "/api/v1/enrollments")).toBe(true));
    const sent = gateway.requests.find((request) => request.path === "/api/v1/enrollments")!.body as { project_id: string; members: unknown[] };
    expect(sent.project_id).toBe("p1");
    expect(sent.members).toEqual([{ client_id: "c1", relationship_to_hoh: 1 }, { client_id: "c2", relationship_to_hoh: 2 }]);
  });

  it("changes the head with the radio buttons, the former head then asked their relationship", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions([]),
      "GET /api/v1/hud/forms/Enrollment": () => ENROLLMENT_FORM,
      "GET /api/v1/organizations": () => [],
      "POST /api/v1/clients/search": () => [{ id: "c2", first_name: "Ana", last_name: "Lopez", dob: null, score: 1, matched_on: [] }],
    });
    renderScreen(<EnrollHousehold head={HEAD} />);
    fireEvent.click(await screen.findByRole("button", { name: "Add a household member" }));
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    fireEvent.click(await screen.findByRole("button", { name: "Add Ana Lopez" }));
    expect(screen.getByLabelText("Relationship to head of household (Ana Lopez)")).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: "Ana Lopez is the head of household" }));
    expect(screen.queryByLabelText("Relationship to head of household (Ana Lopez)")).toBeNull();
    expect(screen.getByLabelText("Relationship to head of household (Maria Lopez)")).toBeTruthy();
    expect(screen.getByText("Your agency runs no project yet")).toBeTruthy();
  });
});

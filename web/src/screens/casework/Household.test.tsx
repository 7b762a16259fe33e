import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { EXIT_FIELDS, Household } from "./Household";

const EXIT_FORM = { record: "Exit", fields: EXIT_FIELDS.map((name) => ({ name, hud_name: name, label: name.replace(/_/g, " "),
  required: name === "exit_date", not_future: false, rules: [],
  ...(name === "exit_date" ? { kind: "date" } : name === "other_destination" ? { kind: "text" }
    : { kind: "choice", options: [{ code: 410, label: "Rental by client, no ongoing subsidy" }, { code: 99, label: "Data not collected" }] }) })) };
const member = (enrollment_id: string, client_id: string, relationship_to_hoh: number, exit_date: string | null = null) => ({
  enrollment_id, client_id, relationship_to_hoh, exit_date, entry_date: "2026-11-01", project_id: "p1", household_id: "h1",
  disabling_condition: 99, living_situation: null });
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("Household", () => {
  it("lists the members, each a link to their enrollment, and exits every member still in, the head last", async () => {
    const exited: Record<string, string> = {};
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions([]),
      "GET /api/v1/hud/forms/Exit": () => EXIT_FORM,
      "GET /api/v1/enrollments/e1/household": () => ({ household_id: "h1", enrollments: [
        member("e1", "c1", 1, exited.e1 ?? null), member("e2", "c2", 2, exited.e2 ?? null), member("e3", "c3", 2, "2026-11-20")] }),
      "POST /api/v1/enrollments/e1/exit": (_request, body) => { exited.e1 = (body as { exit_date: string }).exit_date; return { id: "x1", enrollment_id: "e1", client_id: "c1" }; },
      "POST /api/v1/enrollments/e2/exit": (_request, body) => { exited.e2 = (body as { exit_date: string }).exit_date; return { id: "x2", enrollment_id: "e2", client_id: "c2" }; },
    });
    renderScreen(<Household enrollmentId="e1" clientId="c1" />);
    expect(await screen.findByText("Head of household (this client)")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open the enrollment: Household member 2" }).getAttribute("href")).toBe("/clients/c2/enrollments/e2");
    expect(screen.getByText("2026-11-20")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Exit the whole household" }));
    expect(await screen.findByText(/One exit for the 2 members still in the project/)).toBeTruthy();
    fireEvent.change(await screen.findByLabelText(/exit date/), { target: { value: "2026-12-01" } });
    fireEvent.change(screen.getByLabelText("destination"), { target: { value: "410" } });
    fireEvent.click(screen.getByRole("button", { name: "Exit every member still in the project" }));
    expect(await screen.findByText("Every member has exited.")).toBeTruthy();
    const exits = gateway.requests.filter((request) => request.method === "POST");
    expect(exits.map((request) => request.path)).toEqual(["/api/v1/enrollments/e2/exit", "/api/v1/enrollments/e1/exit"]);
    expect(exits.every((request) => JSON.stringify(request.body) === JSON.stringify({ exit_date: "2026-12-01", destination: 410 }))).toBe(true);
  });

  it("stops at a refused exit, says why, and a retry exits only those still in", async () => {
    let refusals = 1;
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions([]),
      "GET /api/v1/hud/forms/Exit": () => EXIT_FORM,
      "GET /api/v1/enrollments/e1/household": () => ({ household_id: "h1", enrollments: [member("e1", "c1", 1), member("e2", "c2", 2)] }),
      "POST /api/v1/enrollments/e2/exit": () => ({ id: "x2", enrollment_id: "e2", client_id: "c2" }),
      "POST /api/v1/enrollments/e1/exit": () => (refusals-- > 0
        ? Response.json({ error: "validation_failed", message: "the request is not valid", fields: { exit_date: ["before the enrollment's entry_date"] } }, { status: 422 })
        : { id: "x1", enrollment_id: "e1", client_id: "c1" }),
    });
    renderScreen(<Household enrollmentId="e1" clientId="c1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Exit the whole household" }));
    fireEvent.change(await screen.findByLabelText(/exit date/), { target: { value: "2026-12-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Exit every member still in the project" }));
    expect(await screen.findByText("before the enrollment's entry_date")).toBeTruthy();
    expect(screen.getByText(/1 exited so far/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Exit every member still in the project" }));
    await waitFor(() => expect(gateway.requests.filter((request) => request.method === "POST").map((request) => request.path))
      .toEqual(["/api/v1/enrollments/e2/exit", "/api/v1/enrollments/e1/exit", "/api/v1/enrollments/e1/exit"]));
  });
});

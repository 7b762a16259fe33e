import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen, type Routes } from "../fakeGateway";
import { BedNightRun, BedNightsScreen } from "./BedNights";

const NIGHT = "2026-11-20";
const row = (enrollment_id: string, first_name: string, bed_night = false) => ({
  enrollment_id, client_id: `c-${enrollment_id}`, first_name, last_name: "Guest", bed_night, relationship_to_hoh: 1,
  entry_date: "2026-11-01", exit_date: null, project_id: "p1", household_id: `h-${enrollment_id}`, disabling_condition: 99,
  living_situation: null });
const SHELTER: Routes = {
  "GET /api/v1/auth/permissions": permissions([]),
  "GET /api/v1/organizations": () => [{ organization_id: "o1", organization_name: "Harbor" }],
  "GET /api/v1/organizations/o1": () => ({ organization_id: "o1", projects: [{ project_id: "p1", project_name: "Night Shelter" }] }),
  "GET /api/v1/projects/p1/roster": () => [row("e1", "Ana"), row("e2", "Ben", true), row("e3", "Cy")],
};
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });
const batches = () => gateway.requests.filter((request) => request.method === "POST").map((request) => request.body);
const night = (enrollment_id: string, date_provided = NIGHT) => ({ enrollment_id, date_provided, record_type: 200, type_provided: 200 });

async function openTheNight() {
  renderScreen(<BedNightsScreen />);
  fireEvent.change(await screen.findByLabelText("Project"), { target: { value: "p1" } });
  fireEvent.change(screen.getByLabelText(/Night of/), { target: { value: NIGHT } });
  await screen.findByText("In the project on the night of 2026-11-20");
}

describe("Bed nights", () => {
  it("records a night's bed nights for everyone in the project without one, in one request", async () => {
    gateway = fakeGateway({ ...SHELTER, "POST /api/v1/services/batch": () => ({ services: [] }) });
    await openTheNight();
    expect(gateway.requests.filter((request) => request.path === "/api/v1/projects/p1/roster").at(-1)?.search).toBe(`?on=${NIGHT}`);
    expect(screen.getByText("Recorded")).toBeTruthy();  // Ben's night is there already
    expect(screen.queryByLabelText("Bed night for Ben Guest")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Choose everyone without a bed night" }));
    fireEvent.click(screen.getByRole("button", { name: "Record 2 bed nights" }));
    expect(await screen.findByText("2 bed nights recorded for the night of 2026-11-20.")).toBeTruthy();
    expect(batches()).toEqual([{ services: [night("e1"), night("e3")] }]);
  });

  it("shows each refused item on its client's row; nothing was recorded", async () => {
    gateway = fakeGateway({ ...SHELTER, "POST /api/v1/services/batch": () => Response.json({ error: "conflict",
      message: "1 of the 2 services break a rule named in fields; none was recorded",
      fields: { services: { 1: { date_provided: ["the enrollment already has a bed night on 2026-11-20"] } } } }, { status: 409 }) });
    await openTheNight();
    fireEvent.click(screen.getByLabelText("Bed night for Cy Guest"));
    fireEvent.click(screen.getByLabelText("Bed night for Ana Guest"));
    fireEvent.click(screen.getByRole("button", { name: "Record 2 bed nights" }));
    expect(await screen.findByText("Not recorded: date provided: the enrollment already has a bed night on 2026-11-20")).toBeTruthy();
    expect(batches()).toEqual([{ services: [night("e1"), night("e3")] }]);  // the roster's order: Cy is item 1
    expect(screen.getByText("This conflicts with what is recorded")).toBeTruthy();
  });

  it("records one client's nights for a run of dates", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), "POST /api/v1/services/batch": () => ({ services: [] }) });
    renderScreen(<BedNightRun enrollmentId="e1" clientId="c1" onDone={() => undefined} />);
    fireEvent.change(await screen.findByLabelText(/First night/), { target: { value: "2026-11-30" } });
    fireEvent.change(screen.getByLabelText(/Last night/), { target: { value: "2026-12-02" } });
    expect(screen.getByText("3 nights, one bed night each.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Record the bed nights" }));
    expect(await screen.findByText("3 bed nights recorded.")).toBeTruthy();
    await waitFor(() => expect(batches()).toEqual([{ services: [night("e1", "2026-11-30"), night("e1", "2026-12-01"), night("e1", "2026-12-02")] }]));
  });
});

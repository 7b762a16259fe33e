import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen, type Routes } from "../fakeGateway";
import { AssessmentStep } from "./AssessmentStep";
import { FORM_ROUTES } from "./hudForms.fixture";

const RECORDED = { id: "r1", enrollment_id: "e1", client_id: "c1" };
const RECORDS = ["income-benefits", "health-and-dv", "employment-education", "youth-education-status", "disabilities"];
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });
const posts = () => gateway.requests.filter((request) => request.method === "POST").map((request) => [request.path, request.body]);

/** An enrollment (e1, entered 2026-11-01) of client c1 born on `dob`; `head`: its relationship to the head of household. */
function assessment({ dob, head = true, routes = {} }: { dob: string; head?: boolean; routes?: Routes }) {
  gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), ...FORM_ROUTES,
    "GET /api/v1/enrollments/e1": () => ({ enrollment_id: "e1", client_id: "c1", project_id: "p1", household_id: "h1",
      relationship_to_hoh: head ? 1 : 2, entry_date: "2026-11-01", exit: null, income_benefits: [], health_and_dv: [],
      employment_education: [], youth_education_status: [], disabilities: [] }),
    "GET /api/v1/clients/c1": () => ({ id: "c1", agency_id: "a1", dob }),
    ...Object.fromEntries(RECORDS.map((path) => [`POST /api/v1/enrollments/e1/${path}`, () => RECORDED])), ...routes });
  renderScreen(<AssessmentStep enrollmentId="e1" clientId="c1" onDone={() => undefined} />);
}

describe("AssessmentStep", () => {
  it("records an update of what HUD collects at stage 2 of an adult, disabilities too, writing only what is answered", async () => {
    assessment({ dob: "1984-03-12" });
    fireEvent.change(await screen.findByLabelText(/Information date/), { target: { value: "2026-12-01" } });
    fireEvent.change(await screen.findByLabelText("income from any source"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("domestic violence survivor"), { target: { value: "1" } });
    // R7 and R4-R6 are collected at project start and exit only
    expect(screen.queryByLabelText("general health status")).toBeNull();
    expect(screen.queryByLabelText("employed")).toBeNull();
    fireEvent.change(within(screen.getByRole("group", { name: "Physical disability" })).getByLabelText("disability response"),
      { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save this member's update records" }));
    expect(await screen.findByText("Update of 2026-12-01 recorded.")).toBeTruthy();
    const stage = { information_date: "2026-12-01", data_collection_stage: 2 };
    expect(posts()).toEqual([
      ["/api/v1/enrollments/e1/income-benefits", { income_from_any_source: 0, ...stage }],
      ["/api/v1/enrollments/e1/health-and-dv", { domestic_violence_survivor: 1, ...stage }],
      ["/api/v1/enrollments/e1/disabilities", { disability_response: 1, disability_type: 5, ...stage }],
    ]);
  });

  it("asks a child what HUD asks of children, and one turned 18 by the update's date as an adult", async () => {
    assessment({ dob: "2008-12-10", head: false });
    fireEvent.change(await screen.findByLabelText(/Information date/), { target: { value: "2026-12-01" } });
    expect(await screen.findByText(/Not asked of this member .*: 4.02 Income and Sources, 4.03 Non-Cash Benefits, 4.11 Domestic Violence/)).toBeTruthy();
    expect(screen.queryByLabelText("income from any source")).toBeNull();
    expect(screen.getByLabelText("medicaid")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Information date/), { target: { value: "2026-12-10" } });
    expect(await screen.findByLabelText("income from any source")).toBeTruthy();
    expect(screen.getByText(/Age then: 18\./)).toBeTruthy();
  });

  it("asks no disabilities at an annual assessment, shows the server's refusal, and a retry records only what is missing", async () => {
    let answers = 0;
    assessment({ dob: "1984-03-12", routes: { "POST /api/v1/enrollments/e1/youth-education-status": () => (answers++ === 0
      ? Response.json({ error: "conflict", message: "the enrollment already has an annual assessment record for this anniversary",
        fields: { data_collection_stage: ["the enrollment already has an annual assessment record for this anniversary"] } }, { status: 409 })
      : RECORDED) } });
    fireEvent.change(await screen.findByLabelText("Data collection stage"), { target: { value: "5" } });
    await screen.findByLabelText("income from any source");
    expect(screen.queryByRole("group", { name: "Physical disability" })).toBeNull();
    expect(screen.queryByText("Health and domestic violence")).toBeNull();  // 4.11 and R7-R10: not at an annual assessment
    fireEvent.click(screen.getByRole("button", { name: "Save this member's annual assessment records" }));
    expect(await screen.findByText("This conflicts with what is recorded")).toBeTruthy();
    expect(screen.getByText("Income, benefits and health insurance: recorded")).toBeTruthy();
    expect((screen.getByLabelText("Data collection stage") as HTMLSelectElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Save this member's annual assessment records" }));
    await waitFor(() => expect(screen.getByText(/^Annual assessment of .* recorded\.$/)).toBeTruthy());
    expect(posts().map(([path]) => path)).toEqual(["/api/v1/enrollments/e1/income-benefits",
      "/api/v1/enrollments/e1/youth-education-status", "/api/v1/enrollments/e1/youth-education-status"]);
    expect(posts().every(([, body]) => (body as { data_collection_stage: number }).data_collection_stage === 5)).toBe(true);
  });
});

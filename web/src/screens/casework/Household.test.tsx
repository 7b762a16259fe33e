import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen, type Routes } from "../fakeGateway";
import { Household } from "./Household";
import { FORM_ROUTES } from "./hudForms.fixture";

const ENTRY = "2026-11-01";
const member = (enrollment_id: string, client_id: string, relationship_to_hoh: number, exit_date: string | null = null) => ({
  enrollment_id, client_id, relationship_to_hoh, exit_date, entry_date: ENTRY, project_id: "p1", household_id: "h1",
  disabling_condition: 99, living_situation: null });
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });
const posts = () => gateway.requests.filter((request) => request.method === "POST").map((request) => [request.path, request.body]);

/** A household of a head (c1, an adult) and a child (c2, born 2015), each enrollment keeping what is posted to it;
 * `refuse`: a route that refuses before it is answered. */
function household(refuse: Routes = {}) {
  const members = [member("e1", "c1", 1), member("e2", "c2", 2)];
  const records = () => ({ exit: null as unknown, income_benefits: [] as unknown[], health_and_dv: [] as unknown[],
    employment_education: [] as unknown[], youth_education_status: [] as unknown[], disabilities: [] as unknown[] });
  const stored = { e1: records(), e2: records() } as Record<string, ReturnType<typeof records>>;
  const routes: Routes = { "GET /api/v1/auth/permissions": permissions([]), ...FORM_ROUTES,
    "GET /api/v1/enrollments/e1/household": () => ({ household_id: "h1", enrollments: members.map((one) =>
      ({ ...one, exit_date: (stored[one.enrollment_id].exit as { exit_date: string } | null)?.exit_date ?? null })) }),
    "GET /api/v1/clients/c1": () => ({ id: "c1", agency_id: "a1", dob: "1984-03-12" }),
    "GET /api/v1/clients/c2": () => ({ id: "c2", agency_id: "a1", dob: "2015-02-03" }) };
  for (const [index, one] of members.entries()) {
    const id = one.enrollment_id;
    routes[`GET /api/v1/enrollments/${id}`] = () => ({ ...one, ...stored[id] });
    const recorded = { id: `r-${id}`, enrollment_id: id, client_id: `c${index + 1}` };
    routes[`POST /api/v1/enrollments/${id}/exit`] = (_request, body) => { stored[id].exit = body; return recorded; };
    routes[`POST /api/v1/enrollments/${id}/income-benefits`] = (_request, body) => { stored[id].income_benefits.push(body); return recorded; };
    routes[`POST /api/v1/enrollments/${id}/health-and-dv`] = (_request, body) => { stored[id].health_and_dv.push(body); return recorded; };
    routes[`POST /api/v1/enrollments/${id}/employment-education`] = (_request, body) => { stored[id].employment_education.push(body); return recorded; };
    routes[`POST /api/v1/enrollments/${id}/youth-education-status`] = (_request, body) => { stored[id].youth_education_status.push(body); return recorded; };
    routes[`POST /api/v1/enrollments/${id}/disabilities`] = (_request, body) => { stored[id].disabilities.push(body); return recorded; };
  }
  for (const [route, refusal] of Object.entries(refuse)) {
    const answer = routes[route];
    routes[route] = (request, body) => refusal(request, body) ?? answer(request, body);
  }
  gateway = fakeGateway(routes);
  renderScreen(<Household enrollmentId="e1" clientId="c1" />);
}

// A member's step loads their records first: each answer waits for its field.
const answer = async (label: string | RegExp, value: string, inside?: HTMLElement) =>
  fireEvent.change(await (inside ? within(inside) : screen).findByLabelText(label), { target: { value } });

describe("Household", () => {
  it("records each member's entry records in turn, each with their own answers, asking a child only what HUD asks of children", async () => {
    household();
    expect(await screen.findByText("Head of household (this client)")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open the enrollment: Household member 2" }).getAttribute("href")).toBe("/clients/c2/enrollments/e2");
    fireEvent.click(screen.getByRole("button", { name: "Record each member's entry records" }));
    expect(await screen.findByText("Member 1 of 2: Head of household (this client). 0 of 2 done.")).toBeTruthy();
    await answer("income from any source", "0");
    await answer("medicaid", "1");
    await answer("general health status", "1");
    await answer("employed", "1");
    const physical = await screen.findByRole("group", { name: "Physical disability" });
    // 4.05 is answered No/Yes; only substance use offers alcohol or drugs
    const response = within(physical).getByLabelText("disability response");
    expect(within(response).getByRole("option", { name: "Yes" })).toBeTruthy();
    expect(within(response).queryByRole("option", { name: "Alcohol use disorder" })).toBeNull();
    const substance = within(screen.getByRole("group", { name: "Substance use disorder" })).getByLabelText("disability response");
    expect(within(substance).getByRole("option", { name: "Alcohol use disorder" })).toBeTruthy();
    await answer("disability response", "1", physical);
    fireEvent.click(screen.getByRole("button", { name: "Save this member's entry records" }));

    expect(await screen.findByText("Member 2 of 2: Household member 2. 1 of 2 done.")).toBeTruthy();
    expect(await screen.findByText(/Not asked of this member .*: 4.02 Income and Sources, 4.03 Non-Cash Benefits, 4.11 Domestic Violence, R7 General Health Status, .*R4 Last Grade Completed, R6 Employment Status\./)).toBeTruthy();
    expect(screen.queryByLabelText("income from any source")).toBeNull();
    expect(screen.queryByLabelText("employed")).toBeNull();
    await answer("current school attend", "1");  // youth education status: no element in HUD's catalogue, asked of all
    expect(screen.queryByText("Health and domestic violence")).toBeNull();
    await answer("medicaid", "0");
    fireEvent.click(screen.getByRole("button", { name: "Save this member's entry records" }));
    expect(await screen.findByText("Every member's entry records are recorded (2 of 2).")).toBeTruthy();

    const stage = { information_date: ENTRY, data_collection_stage: 1 };
    expect(posts()).toEqual([
      ["/api/v1/enrollments/e1/income-benefits", { income_from_any_source: 0, medicaid: 1, ...stage }],
      ["/api/v1/enrollments/e1/health-and-dv", { general_health_status: 1, ...stage }],
      ["/api/v1/enrollments/e1/employment-education", { employed: 1, ...stage }],
      ["/api/v1/enrollments/e1/youth-education-status", stage],
      ["/api/v1/enrollments/e1/disabilities", { disability_response: 1, disability_type: 5, ...stage }],
      ["/api/v1/enrollments/e1/disabilities", { disability_type: 10, ...stage }],
      ["/api/v1/enrollments/e2/income-benefits", { medicaid: 0, ...stage }],
      ["/api/v1/enrollments/e2/youth-education-status", { current_school_attend: 1, ...stage }],
      ["/api/v1/enrollments/e2/disabilities", { disability_type: 5, ...stage }],
      ["/api/v1/enrollments/e2/disabilities", { disability_type: 10, ...stage }],
    ]);
  });

  it("exits the household member by member, the head last, and after a refusal records only what is missing", async () => {
    let refusals = 1;
    household({ "POST /api/v1/enrollments/e1/exit": () => (refusals-- > 0
      ? Response.json({ error: "validation", message: "the request is not valid", fields: { exit_date: ["before the enrollment's entry_date"] } }, { status: 422 })
      : undefined) });
    fireEvent.click(await screen.findByRole("button", { name: "Exit the household, member by member" }));
    expect(await screen.findByText("Member 1 of 2: Household member 2. 0 of 2 done.")).toBeTruthy();
    await answer(/exit date/, "2026-12-01");
    await answer("destination", "410");
    fireEvent.click(screen.getByRole("button", { name: "Save this member's exit records" }));

    expect(await screen.findByText("Member 2 of 2: Head of household (this client). 1 of 2 done.")).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText(/exit date/) as HTMLInputElement).value).toBe("2026-12-01"));  // offered again
    await answer("destination", "99");
    await answer("income from any source", "1");
    fireEvent.click(screen.getByRole("button", { name: "Save this member's exit records" }));
    expect(await screen.findByText("before the enrollment's entry_date")).toBeTruthy();
    expect(screen.getByText("Not recorded: Exit.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save this member's exit records" }));
    expect(await screen.findByText("Every member's exit records are recorded (2 of 2).")).toBeTruthy();

    const atExit = { information_date: "2026-12-01", data_collection_stage: 3 };
    expect(posts()).toEqual([
      ["/api/v1/enrollments/e2/exit", { exit_date: "2026-12-01", destination: 410 }],
      ["/api/v1/enrollments/e2/income-benefits", atExit],
      ["/api/v1/enrollments/e2/youth-education-status", atExit],
      ["/api/v1/enrollments/e2/disabilities", { disability_type: 5, ...atExit }],
      ["/api/v1/enrollments/e2/disabilities", { disability_type: 10, ...atExit }],
      ["/api/v1/enrollments/e1/exit", { exit_date: "2026-12-01", destination: 99 }],
      ["/api/v1/enrollments/e1/exit", { exit_date: "2026-12-01", destination: 99 }],
      ["/api/v1/enrollments/e1/income-benefits", { income_from_any_source: 1, ...atExit }],
      ["/api/v1/enrollments/e1/health-and-dv", atExit],
      ["/api/v1/enrollments/e1/employment-education", atExit],
      ["/api/v1/enrollments/e1/youth-education-status", atExit],
      ["/api/v1/enrollments/e1/disabilities", { disability_type: 5, ...atExit }],
      ["/api/v1/enrollments/e1/disabilities", { disability_type: 10, ...atExit }],
    ]);
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(await screen.findByText("Every member has exited.")).toBeTruthy();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen, type Routes } from "../fakeGateway";
import { ProjectsScreen } from "./ProjectsScreen";

// The forms as GET /hud/forms/<record> answers them, cut down to a few fields each.
const field = (name: string, label: string, extra: object = {}) =>
  ({ name, hud_name: name, label, kind: "text", required: false, not_future: false, rules: [], options: null, ...extra });
const YES_NO = { kind: "choice", options: [{ code: 0, label: "No" }, { code: 1, label: "Yes" }] };
const FORMS: Record<string, object[]> = {
  Organization: [field("organization_name", "Organization name", { required: true })],
  Project: [
    field("project_name", "Project name", { required: true }),
    field("operating_start_date", "Operating start date", { kind: "date", required: true }),
    field("operating_end_date", "Operating end date", { kind: "date" }),
    field("project_type", "Project type", { kind: "choice", required: true, options: [{ code: 13, label: "PH - Rapid Re-Housing" }] }),
  ],
  ProjectCoC: [field("coc_code", "CoC code"), field("geocode", "Geocode"), field("city", "City"), field("zip", "ZIP"),
    field("geography_type", "Geography type", { kind: "choice", options: [{ code: 1, label: "Urban" }] })],
  Funder: [field("funder", "Funder"), field("other_funder", "Other funder"), field("grant_id", "Grant ID"),
    field("start_date", "Start date", { kind: "date" }), field("end_date", "End date", { kind: "date" })],
  Inventory: [
    field("coc_code", "CoC code", { required: true }),
    field("household_type", "Household type", { kind: "choice", required: true, options: [{ code: 1, label: "Households without children" }] }),
    field("unit_inventory", "Unit inventory", { kind: "integer", required: true }),
    field("bed_inventory", "Bed inventory", { kind: "integer", required: true }),
    field("inventory_start_date", "Inventory start date", { kind: "date", required: true }),
    field("inventory_end_date", "Inventory end date", { kind: "date" }),
  ],
  HMISParticipation: [field("hmis_participation_type", "HMIS participation type"), field("hmis_participation_status_start_date", "From"),
    field("hmis_participation_status_end_date", "To")],
  CEParticipation: [field("access_point", "Access point", YES_NO), field("receives_referrals", "Receives referrals", YES_NO),
    field("ce_participation_status_start_date", "From"), field("ce_participation_status_end_date", "To")],
  Affiliation: [field("res_project_id", "Residential project's ID")],
};
const PROJECT = { project_id: "P1", organization_id: "O1", project_name: "Harbor RRH", operating_start_date: "2025-01-01",
  operating_end_date: "2026-12-31", project_type: 13 };
const DESCRIBED = { ...PROJECT, cocs: [{ project_coc_id: "C1", coc_code: "CA-601", geocode: "069073", geography_type: 1 }],
  funders: [], inventory: [], hmis_participation: [], ce_participation: [], affiliations: [] };
const ORGANIZATION = { organization_id: "O1", organization_name: "Harbor House", victim_service_provider: 0, projects: [PROJECT] };

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

function fake(allowed: string[], routes: Routes = {}) {
  const forms = Object.fromEntries(Object.entries(FORMS).map(([record, fields]) => [`GET /api/v1/hud/forms/${record}`, () => ({ record, fields })]));
  gateway = fakeGateway({
    "GET /api/v1/auth/permissions": permissions(allowed),
    "GET /api/v1/organizations": () => [ORGANIZATION],
    "GET /api/v1/organizations/O1": () => ORGANIZATION,
    "GET /api/v1/projects/P1": () => DESCRIBED,
    ...forms,
    ...routes,
  });
}

const sent = (method: string, path: string) => gateway.requests.filter((request) => request.method === method && request.path === path);

async function openProject() {
  fireEvent.click(await screen.findByRole("button", { name: /Harbor RRH: PH - Rapid Re-Housing, from 2025-01-01/ }));
  return screen.findByRole("table", { name: "The answers of Harbor RRH" });
}

describe("ProjectsScreen", () => {
  it("shows a project's answers and descriptors in HUD's words, and no control to who may only read", async () => {
    fake(["projects:read"]);
    renderScreen(<ProjectsScreen />);
    const answers = await openProject();
    expect(within(answers).getByText("PH - Rapid Re-Housing")).toBeTruthy();
    const cocs = await screen.findByRole("table", { name: "CoCs (2.03) of Harbor RRH" });
    expect(within(cocs).getByText("Urban")).toBeTruthy();
    expect(within(cocs).getByRole("columnheader", { name: "Geography type" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /New|Add/ })).toBeNull();
  });

  it("sends only the answers changed, a cleared one as null, and nothing when nothing changed", async () => {
    fake(["projects:manage"], { "PUT /api/v1/projects/P1": (_, body) => ({ ...PROJECT, ...(body as object) }) });
    renderScreen(<ProjectsScreen />);
    await openProject();
    fireEvent.click(screen.getByRole("button", { name: "Edit the project Harbor RRH" }));
    const form = await screen.findByRole("form", { name: "Save the project" });
    fireEvent.click(within(form).getByRole("button", { name: "Save the project" }));
    expect(await screen.findByText("Nothing was changed.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/Project name/), { target: { value: "Harbor Rapid Rehousing" } });
    fireEvent.change(within(form).getByLabelText(/Operating end date/), { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the project" }));
    expect(await screen.findByText("The project was saved.")).toBeTruthy();
    expect(sent("PUT", "/api/v1/projects/P1")[0].body).toEqual({ project_name: "Harbor Rapid Rehousing", operating_end_date: null });
  });

  it("adds an inventory row, showing the gateway's refusal on its field first", async () => {
    let tries = 0;
    fake(["projects:manage"], {
      "POST /api/v1/projects/P1/inventory": (_, body) => (++tries === 1
        ? Response.json({ error: "validation", message: "HUD's rules", fields: { coc_code: ["not a CoC of the project (add it under cocs first)"] } }, { status: 422 })
        : { inventory_id: "I1", project_id: "P1", ...(body as object) }),
    });
    renderScreen(<ProjectsScreen />);
    await openProject();
    fireEvent.click(await screen.findByRole("button", { name: "New inventory row" }));
    const form = await screen.findByRole("form", { name: "Add the inventory row" });
    fireEvent.change(within(form).getByLabelText(/CoC code/), { target: { value: "CA-600" } });
    fireEvent.change(within(form).getByLabelText(/Household type/), { target: { value: "1" } });
    fireEvent.change(within(form).getByLabelText(/Unit inventory/), { target: { value: "10" } });
    fireEvent.change(within(form).getByLabelText(/^Bed inventory/), { target: { value: "12" } });
    fireEvent.change(within(form).getByLabelText(/Inventory start date/), { target: { value: "2025-01-01" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add the inventory row" }));
    const coc = within(form).getByLabelText(/CoC code/);
    await waitFor(() => expect(coc.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getAllByText("not a CoC of the project (add it under cocs first)").length).toBeGreaterThan(0);
    fireEvent.change(coc, { target: { value: "CA-601" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add the inventory row" }));
    expect(await screen.findByText("The inventory row was added.")).toBeTruthy();
    expect(sent("POST", "/api/v1/projects/P1/inventory")[1].body).toEqual({
      coc_code: "CA-601", household_type: 1, unit_inventory: 10, bed_inventory: 12, inventory_start_date: "2025-01-01" });
    expect(sent("GET", "/api/v1/projects/P1").length).toBeGreaterThan(1);  // read again with its new row
  });

  it("adds a project to the organization", async () => {
    fake(["projects:manage"], { "POST /api/v1/organizations/O1/projects": (_, body) => ({ project_id: "P2", ...(body as object) }) });
    renderScreen(<ProjectsScreen />);
    fireEvent.click(await screen.findByRole("button", { name: "Add a project" }));
    const form = await screen.findByRole("form", { name: "Add the project" });
    fireEvent.change(within(form).getByLabelText(/Project name/), { target: { value: "Bayside Shelter" } });
    fireEvent.change(within(form).getByLabelText(/Operating start date/), { target: { value: "2026-01-01" } });
    fireEvent.change(within(form).getByLabelText(/Project type/), { target: { value: "13" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add the project" }));
    expect(await screen.findByText("Bayside Shelter was added.")).toBeTruthy();
    expect(sent("POST", "/api/v1/organizations/O1/projects")[0].body).toEqual({
      project_name: "Bayside Shelter", operating_start_date: "2026-01-01", project_type: 13 });
  });
});

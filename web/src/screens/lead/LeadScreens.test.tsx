import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { NetworkScreen } from "./NetworkScreen";
import { OrganizationsScreen } from "./OrganizationsScreen";
import { SystemScreen } from "./SystemScreen";
import { TrainingAdminScreen } from "./TrainingAdminScreen";

const AGENCIES = [
  { id: "a1", name: "Bayside Shelter", status: "active", status_changed_at: "2026-11-01T00:00:00Z", contacts_complete: true },
  { id: "a2", name: "Harbor Outreach", status: "active", status_changed_at: "2026-11-01T00:00:00Z", contacts_complete: false },
];
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

async function choose(label: string, option: string) {
  fireEvent.mouseDown(await screen.findByRole("combobox", { name: label }));
  fireEvent.click(await screen.findByRole("option", { name: option }));
}

const sent = (method: string, path: string) => gateway.requests.filter((request) => request.method === method && request.path === path);

describe("the HMIS lead's screens", () => {
  it("adds an agency to the trust network, only for who may", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["agencies:create"]),
      "GET /api/v1/agencies": () => AGENCIES,
      "POST /api/v1/agencies": (_, body) => ({ id: "a3", name: (body as { name: string }).name, status: "pending", status_changed_at: "2026-12-04T00:00:00Z" }),
      "GET /api/v1/agencies/a3": () => ({ id: "a3", name: "New Hope", status: "pending", status_changed_at: "2026-12-04T00:00:00Z", status_history: [], contacts: [], fees: [] }),
    });
    renderScreen(<NetworkScreen />);
    fireEvent.change(await screen.findByLabelText("New agency's name"), { target: { value: "New Hope" } });
    await choose("Starts as", "pending");
    fireEvent.click(screen.getByRole("button", { name: "Add agency" }));
    expect(await screen.findByText("New Hope was added.")).toBeTruthy();
    expect(sent("POST", "/api/v1/agencies")[0].body).toEqual({ name: "New Hope", status: "pending" });
  });

  it("hides adding an agency from who may not", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), "GET /api/v1/agencies": () => AGENCIES });
    renderScreen(<NetworkScreen />);
    expect(await screen.findByText("Bayside Shelter")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Add agency" })).toBeNull();
  });

  it("lists an agency's organizations, adds one and links it to the agency running it, and hands one over", async () => {
    const organizations: Record<string, object[]> = { a1: [{ organization_id: "O1", organization_name: "Bayside Org", victim_service_provider: 0, projects: [] }], a2: [] };
    gateway = fakeGateway({
      "GET /api/v1/agencies": () => AGENCIES,
      "GET /api/v1/organizations": (request) => organizations[new URL(request.url).searchParams.get("agency_id") ?? ""] ?? [],
      "GET /api/v1/unlinked-organizations": () => [],
      "POST /api/v1/organizations": (_, body) => ({ organization_id: "O2", ...(body as object) }),
      "PUT /api/v1/organizations/O2/agency": (_, body) => ({ organization_id: "O2", ...(body as object) }),
      "PUT /api/v1/organizations/O1/agency": (_, body) => ({ organization_id: "O1", ...(body as object) }),
    });
    renderScreen(<OrganizationsScreen />);
    await choose("Agency", "Bayside Shelter");
    const table = await screen.findByRole("table", { name: "Organizations run by Bayside Shelter" });
    expect(within(table).getByText("Bayside Org")).toBeTruthy();
    await choose("Run by: Bayside Org", "Harbor Outreach");
    await waitFor(() => expect(sent("PUT", "/api/v1/organizations/O1/agency")).toHaveLength(1));
    expect(sent("PUT", "/api/v1/organizations/O1/agency")[0].body).toEqual({ agency_id: "a2" });

    fireEvent.change(screen.getByLabelText("Organization name"), { target: { value: "Harbor Org" } });
    await choose("Run by agency", "Harbor Outreach");
    fireEvent.click(screen.getByRole("button", { name: "Add organization" }));
    expect(await screen.findByText("Harbor Org was added.")).toBeTruthy();
    expect(sent("POST", "/api/v1/organizations")[0].body).toEqual({ organization_name: "Harbor Org", organization_common_name: null, victim_service_provider: 0 });
    expect(sent("PUT", "/api/v1/organizations/O2/agency")[0].body).toEqual({ agency_id: "a2" });
  });

  it("lists the organizations no agency runs and links one, which then leaves the list", async () => {
    let unlinked = [{ organization_id: "O9", organization_name: "Imported Org", victim_service_provider: 0 }];
    gateway = fakeGateway({
      "GET /api/v1/agencies": () => AGENCIES,
      "GET /api/v1/unlinked-organizations": () => unlinked,
      "PUT /api/v1/organizations/O9/agency": (_, body) => { unlinked = []; return { organization_id: "O9", ...(body as object) }; },
    });
    renderScreen(<OrganizationsScreen />);
    const table = await screen.findByRole("table", { name: "Organizations run by no agency" });
    expect(within(table).getByText("Imported Org")).toBeTruthy();
    await choose("Run by: Imported Org", "Bayside Shelter");
    await waitFor(() => expect(screen.queryByText("Imported Org")).toBeNull());
    expect(sent("PUT", "/api/v1/organizations/O9/agency")[0].body).toEqual({ agency_id: "a1" });
    expect(sent("GET", "/api/v1/unlinked-organizations").length).toBeGreaterThan(1);
  });

  it("shows the gateway's health, readiness and each service's state, and a dependency failing", async () => {
    gateway = fakeGateway({
      "GET /health": () => ({ status: "ok", service: "gateway" }),
      "GET /ready": () => Response.json({ status: "not_ready", checks: { database: "ok", broker: "ConnectionRefused", policy_engine: "ok" } }, { status: 503 }),
      "GET /api/v1/system/services": () => [{ service: "identity", schema_revision: "0007", outbox_backlog: 3 }],
    });
    renderScreen(<SystemScreen />);
    expect(await screen.findByText("failing: ConnectionRefused")).toBeTruthy();
    expect(screen.getByText(/The gateway answers \(ok\)\. Something it depends on does not answer\./)).toBeTruthy();
    const services = screen.getByRole("table", { name: "Services behind the gateway" });
    expect(within(services).getByText("0007")).toBeTruthy();
    expect(within(services).getByText("3")).toBeTruthy();
  });

  it("records a completion for a user chosen by agency", async () => {
    gateway = fakeGateway({
      "GET /api/v1/training/courses": () => [{ code: "privacy", title: "Privacy & Security", kind: "privacy_security", mandatory: true }],
      "GET /api/v1/training/sessions": () => [],
      "GET /api/v1/agencies": () => AGENCIES,
      "GET /api/v1/users": () => [{ id: "u1", agency_id: "a2", username: "harbor.worker", roles: ["case_manager"], active: true }],
      "POST /api/v1/training/completions": (_, body) => body,
    });
    renderScreen(<TrainingAdminScreen />);
    const form = await screen.findByRole("form", { name: "Record a completion" });
    await choose("Agency", "Harbor Outreach");
    await choose("User", "harbor.worker");
    await choose("Course completed", "Privacy & Security");
    fireEvent.change(within(form).getByLabelText("Completed on"), { target: { value: "2026-12-01" } });
    fireEvent.click(within(form).getByRole("button", { name: "Record completion" }));
    expect(await screen.findByText("The completion was recorded.")).toBeTruthy();
    expect(sent("POST", "/api/v1/training/completions")[0].body).toEqual({ user_id: "u1", course_code: "privacy", completed_on: "2026-12-01" });
  });
});

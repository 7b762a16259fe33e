import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { CesAssessment } from "./CesAssessment";
import { Openings } from "./Openings";
import { PAGE, PrioritizationList } from "./PrioritizationList";
import { ReferralView } from "./ReferralDetail";

const TEAM = { id: "u0", agency_id: "lead", username: "ces.team", kind: "user", roles: ["ces_user"], scopes: [], mfa: false };
const PROVIDER = { ...TEAM, id: "u1", agency_id: "bayside", username: "bayside.worker", roles: ["case_manager"] };
const WORKER = { ...TEAM, id: "u2", agency_id: "harbor", username: "outreach.worker", roles: ["case_manager"] };
const KEYS = [{ attribute: "chronic", direction: "desc", missing: "last" }, { attribute: "score", direction: "desc", missing: "last" }];
const entry = (rank: number, chronic: boolean | null, score: number) => ({
  rank, client_id: `c${rank}000000-0000-4000-8000-000000000000`, agency_id: "harbor", recommendation: "psh", tiebreak: "ab",
  in_referral: rank === 1, keys: KEYS.map((key) => ({ ...key, value: key.attribute === "chronic" ? chronic : score })),
});
const POLICY = {
  id: "p1", code: "harbor_psh", version: 1, name: "PSH", effective_from: "2025-10-01", created_at: "2025-10-01T00:00:00Z", seed: 1,
  sort_keys: KEYS,
  workflow: {
    deadline_days: { pending: 3, in_process: 7 }, stall_days: 2,
    decline_reasons: [{ code: "client_unreachable", by: "client" }, { code: "provider_no_capacity", by: "provider" }],
    override_reasons: ["case_conference"],
  },
};
const OPENING = { id: "o1", agency_id: "bayside", project_id: "P7", unit: "Unit 4", program: "psh", funding_source: "hud_coc", event_type: 14, status: "open", created_at: "2026-12-01T10:00:00Z" };
const REFERRAL = {
  id: "r1234567-0000", opening_id: "o1", client_id: "c1000000-0000-4000-8000-000000000000", client_agency_id: "harbor",
  provider_agency_id: "bayside", policy_id: "p1", rank: 1, status: "in_process", step_owner: "provider", due_at: "2026-12-08T10:00:00Z",
  stalled: false, declined_by: null, decline_reason: null, override_reason: null, referral_result: null,
  requirements: [{ level: "program", target: "psh", attribute: "chronic", rule: "must", value: null }],
  hud_event_id: "E42", release: "in_force",
  history: [{ at: "2026-12-01T10:00:00Z", from_status: null, to_status: "pending", action: "propose", side: "ces_team", actor_id: "u0", reason: null },
    { at: "2026-12-02T10:00:00Z", from_status: "pending", to_status: "in_process", action: "start", side: "case_worker", actor_id: "u2", reason: null }],
  created_at: "2026-12-01T10:00:00Z",
};

// These screens render MUI tables and forms of some size, and a test walks several of them: on a loaded machine (the
// two cores shared) an answer can take more than Testing Library's default second to show, a walk more than 5 s.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("PrioritizationList", () => {
  it("shows each rank with the values that set it, and pages through the list", async () => {
    const first = Array.from({ length: PAGE }, (_, index) => entry(index + 1, index < 3 ? true : null, 20 - (index % 20)));
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read"]),
      "GET /api/v1/ces/prioritization-list": (request) =>
        (new URL(request.url).searchParams.get("offset") === "0" ? first : [entry(PAGE + 1, false, 2)]),
    });
    renderScreen(<PrioritizationList />);
    const table = await screen.findByRole("table", { name: "Prioritization list" });
    expect(within(table).getByRole("columnheader", { name: "Chronic" })).toBeTruthy();
    expect(within(table).getByRole("columnheader", { name: "Score" })).toBeTruthy();
    const top = within(table).getAllByRole("row")[1];
    expect(within(top).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["1", "c1000000", "psh", "yes", "20", "yes"]);
    expect(within(within(table).getAllByRole("row")[4]).getAllByRole("cell")[3].textContent).toBe("—");  // a missing value
    expect(screen.getByText(/Ordered by Chronic \(highest or yes first, missing last\), Score/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("Page 2")).toBeTruthy();
    await screen.findByRole("link", { name: `Client c${PAGE + 1}00000` });
    expect(gateway.requests.some((request) => request.search === `?limit=${PAGE}&offset=${PAGE}`)).toBe(true);
    expect((screen.getByRole("button", { name: "Next page" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("Openings", () => {
  it("lets the CES team match an open opening to the best eligible client", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read", "ces:manage", "ces:respond"]),
      "GET /api/v1/ces/openings": () => [OPENING, { ...OPENING, id: "o2", unit: "Unit 5", status: "locked" }],
      "GET /api/v1/ces/policies": () => [POLICY],
      "GET /api/v1/organizations": () => [],
      "POST /api/v1/ces/openings/o1/referrals": () => Response.json({ ...REFERRAL, status: "pending" }, { status: 201 }),
    });
    renderScreen(<Openings />);
    const match = await screen.findByRole("button", { name: "Match the best eligible client: P7 Unit 4" });
    expect(screen.queryByRole("button", { name: /Match the best eligible client: P7 Unit 5/ })).toBeNull();  // locked
    fireEvent.click(match);
    await waitFor(() => expect(gateway.requests.find((request) => request.path === "/api/v1/ces/openings/o1/referrals")?.body)
      .toEqual({ client_id: null, override_reason: null }));
  });

  it("lets a provider post an opening of its project, and offers no match", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read", "ces:respond"]),
      "GET /api/v1/ces/openings": () => [],
      "GET /api/v1/organizations": () => [{ organization_id: "org1", organization_name: "Bayside" }],
      "GET /api/v1/organizations/org1": () => ({ organization_id: "org1", projects: [{ project_id: "P7", project_name: "Bayside Rapid Re-Housing" }] }),
      "POST /api/v1/ces/openings": (_, body) => Response.json({ ...OPENING, ...(body as object), id: "o9" }, { status: 201 }),
    });
    renderScreen(<Openings />);
    fireEvent.change(await screen.findByRole("combobox", { name: "Project" }), { target: { value: "P7" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Program" }), { target: { value: "rrh" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Funding source" }), { target: { value: "hud_coc" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Referral event (HUD 4.20)" }), { target: { value: "13" } });
    fireEvent.click(screen.getByRole("button", { name: "Post opening" }));
    expect(await screen.findByText("The opening of P7 was posted.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "POST")?.body)
      .toEqual({ project_id: "P7", unit: null, available_on: null, program: "rrh", funding_source: "hud_coc", event_type: 13 });
    expect(screen.queryByRole("columnheader", { name: "Match" })).toBeNull();
    expect(screen.queryByText("Refer a named client (override)")).toBeNull();
  });
});

describe("ReferralView", () => {
  const routes = (me: object, referral: object = REFERRAL) => ({
    "GET /api/v1/auth/me": () => me,
    "GET /api/v1/auth/permissions": permissions(["ces:read", "ces:respond"]),
    "GET /api/v1/ces/referrals/r1234567-0000": () => referral,
    "GET /api/v1/ces/policies": () => [POLICY],
  });

  it("shows the provider its step, deadline and history, and accepts", async () => {
    gateway = fakeGateway({ ...routes(PROVIDER), "POST /api/v1/ces/referrals/r1234567-0000/steps": () => ({ ...REFERRAL, status: "accepted", step_owner: null, referral_result: 1 }) });
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    const accept = await screen.findByRole("button", { name: "Accept" });
    expect(screen.getByText("Status").nextElementSibling?.textContent).toBe("in process (provider)");
    expect(screen.getByText("HUD 4.20 Event").nextElementSibling?.textContent).toBe("E42");
    expect(screen.getByText("provider")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Referral history" })).getAllByRole("row")).toHaveLength(3);
    expect(within(screen.getByRole("table", { name: "Requirements snapshot" })).getByText("must chronic")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Start/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel referral" })).toBeNull();  // the CES team's
    fireEvent.click(accept);
    expect(await screen.findByText("Accepted: the client is housed and leaves the list.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "POST")?.body).toEqual({ action: "accept", declined_by: null, reason: null });
  });

  it("warns that a release revoked since the referral no longer lets the provider read the client", async () => {
    gateway = fakeGateway(routes(PROVIDER, { ...REFERRAL, release: "missing" }));
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/no longer in force .* The referral stands/);
    expect(screen.getByText("Release to the provider").nextElementSibling?.textContent).toBe("not in force");
    expect(await screen.findByRole("button", { name: "Accept" })).toBeTruthy();  // the referral's steps go on
  });

  it("says nothing of the kind while the release is in force", async () => {
    gateway = fakeGateway(routes(PROVIDER));
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    await screen.findByRole("button", { name: "Accept" });
    expect(screen.getByText("Release to the provider").nextElementSibling?.textContent).toBe("in force");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("declines naming who declined and one of the policy's reasons for them", async () => {
    gateway = fakeGateway({ ...routes(PROVIDER), "POST /api/v1/ces/referrals/r1234567-0000/steps": () => ({ ...REFERRAL, status: "declined" }) });
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    const decline = await screen.findByRole("form", { name: "Decline" });
    fireEvent.change(within(decline).getByRole("combobox", { name: "Declined by" }), { target: { value: "provider" } });
    const reasons = within(decline).getByRole("combobox", { name: "Decline reason" });
    expect(within(reasons).getAllByRole("option").map((option) => option.textContent)).toEqual(["Choose a reason", "provider no capacity"]);
    fireEvent.change(reasons, { target: { value: "provider_no_capacity" } });
    fireEvent.click(within(decline).getByRole("button", { name: "Decline" }));
    await waitFor(() => expect(gateway.requests.find((request) => request.method === "POST")?.body)
      .toEqual({ action: "decline", declined_by: "provider", reason: "provider_no_capacity" }));
  });

  it("offers the case worker the start of a pending referral, not its acceptance", async () => {
    gateway = fakeGateway(routes(WORKER, { ...REFERRAL, status: "pending", step_owner: "case_worker", history: REFERRAL.history.slice(0, 1) }));
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    expect(await screen.findByRole("button", { name: "Start: client reached, send to provider" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Accept" })).toBeNull();
  });

  it("gives the CES team the cancel with an override reason, and a resolved referral its outcome and no step", async () => {
    gateway = fakeGateway(routes(TEAM));
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    expect(await screen.findByRole("button", { name: "Cancel referral" })).toBeTruthy();
    cleanup(); gateway.restore();
    gateway = fakeGateway(routes(TEAM, { ...REFERRAL, status: "declined", step_owner: null, declined_by: "client", decline_reason: "client_unreachable", referral_result: 2 }));
    renderScreen(<ReferralView referralId="r1234567-0000" />);
    expect(await screen.findByText("Unsuccessful referral: client rejected (by the client: client unreachable)")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Next step" })).toBeNull();
  });
});

describe("CesAssessment", () => {
  const INSTRUMENTS = [1, 2].map((version) => ({
    id: `i${version}`, code: "harbor_triage", version, name: "Harbor triage", effective_from: version === 1 ? "2025-10-01" : "2999-01-01",
    items: [
      { code: "nights_outside", question: `Nights outside (v${version})`, weight: 2, options: [{ code: "none", label: "None", points: 0 }, { code: "most", label: "15 or more", points: 3 }] },
      { code: "health", question: "A chronic health condition", options: [{ code: "no", label: "No", points: 0 }, { code: "yes", label: "Yes", points: 2 }] },
    ],
    bands: [{ min_score: 0, band: "low", recommendation: "diversion" }, { min_score: 4, band: "high", recommendation: "psh" }],
  }));

  it("finds the client, asks the instrument in force on its items, and records the assessment with the known facts", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:assess"]),
      "POST /api/v1/clients/search": () => [{ id: "c1", first_name: "Maria", last_name: "Lopez", dob: "1981-03-02", score: 1, matched_on: ["last_name"] }],
      "GET /api/v1/clients/c1/enrollments": () => [{ enrollment_id: "E1", project_id: "P1", entry_date: "2026-12-01" }],
      "GET /api/v1/ces/instruments": () => INSTRUMENTS,
      "POST /api/v1/ces/assessments": () => Response.json({ id: "a1", score: 8, band: "high", recommendation: "psh" }, { status: 201 }),
    });
    renderScreen(<CesAssessment />);
    fireEvent.change(await screen.findByRole("textbox", { name: "Last name" }), { target: { value: "Lopez" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    fireEvent.click(await screen.findByRole("button", { name: "Assess Maria Lopez" }));
    await screen.findByRole("option", { name: "Project P1, entered 2026-12-01" });
    fireEvent.change(screen.getByRole("combobox", { name: /Enrollment/ }), { target: { value: "E1" } });
    expect(await screen.findByRole("group", { name: "Nights outside (v1)" })).toBeTruthy();  // version 2 is not in effect yet
    fireEvent.click(within(screen.getByRole("group", { name: "Nights outside (v1)" })).getByRole("radio", { name: "15 or more" }));
    fireEvent.click(within(screen.getByRole("group", { name: "A chronic health condition" })).getByRole("radio", { name: "Yes" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Chronically homeless" }), { target: { value: "true" } });
    fireEvent.change(screen.getByRole("spinbutton", { name: "Age" }), { target: { value: "44" } });
    fireEvent.click(screen.getByRole("button", { name: "Record assessment" }));
    await waitFor(() => expect(gateway.requests.map((r) => `${r.method} ${r.path}`)).toContain("POST /api/v1/ces/assessments"));
    expect(await screen.findByText(/Score 8, band high, recommendation psh/)).toBeTruthy();
    const body = gateway.requests.find((request) => request.path === "/api/v1/ces/assessments")?.body as Record<string, unknown>;
    expect(body).toMatchObject({ enrollment_id: "E1", instrument: "harbor_triage", assessment_type: 3, assessment_location: "Access point",
      answers: { nights_outside: "most", health: "yes" }, facts: { chronic: true, age: 44 } });
  });

  it("puts a refused answer on its question", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:assess"]),
      "POST /api/v1/clients/search": () => [{ id: "c1", first_name: "Maria", last_name: "Lopez", dob: null, score: 1, matched_on: ["last_name"] }],
      "GET /api/v1/clients/c1/enrollments": () => [{ enrollment_id: "E1", project_id: "P1", entry_date: "2026-12-01" }],
      "GET /api/v1/ces/instruments": () => INSTRUMENTS.slice(0, 1),
      "POST /api/v1/ces/assessments": () => Response.json({ error: "validation_failed", message: "the answers do not fit the instrument",
        fields: { "answers.health": ["required: every item must be answered"] } }, { status: 422 }),
    });
    renderScreen(<CesAssessment />);
    fireEvent.click(await screen.findByRole("button", { name: "Search" }));
    fireEvent.click(await screen.findByRole("button", { name: "Assess Maria Lopez" }));
    await screen.findByRole("option", { name: "Project P1, entered 2026-12-01" });
    fireEvent.change(screen.getByRole("combobox", { name: /Enrollment/ }), { target: { value: "E1" } });
    fireEvent.click(within(await screen.findByRole("group", { name: "Nights outside (v1)" })).getByRole("radio", { name: "None" }));
    fireEvent.click(screen.getByRole("button", { name: "Record assessment" }));
    const question = screen.getByRole("group", { name: "A chronic health condition" });
    expect(await within(question).findByText("required: every item must be answered")).toBeTruthy();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { Instruments } from "./Instruments";
import { PolicyEditor } from "./PolicyEditor";
import { PrioritizationList } from "./PrioritizationList";
import { Referrals } from "./Referrals";
import { Requirements } from "./Requirements";

const TEAM = ["ces:read", "ces:respond", "ces:manage"];
const INSTRUMENT = {
  id: "i1", code: "harbor_triage", version: 2, name: "Harbor triage", effective_from: "2025-10-01", created_at: "2025-10-01T00:00:00Z",
  items: [{ code: "nights_outside", question: "Nights slept outside this month", group: null, weight: 2,
    options: [{ code: "none", label: "None", points: 0 }, { code: "most", label: "15 or more", points: 5 }] }],
  bands: [{ min_score: 0, band: "low", recommendation: "diversion" }, { min_score: 8, band: "high", recommendation: "psh" }],
};
const POLICY = {
  id: "p1", code: "harbor_psh", version: 1, name: "PSH order", effective_from: "2025-10-01", created_at: "2025-10-01T00:00:00Z", seed: 7,
  sort_keys: [{ attribute: "chronic", direction: "desc", missing: "last" }, { attribute: "score", direction: "desc", missing: "last" }],
  workflow: {
    deadline_days: { pending: 3, in_process: 7 }, stall_days: 2, due_soon_days: 1, park_days: { client: 30, provider: null, expired: null },
    decline_reasons: [{ code: "client_refused", by: "client" }], override_reasons: ["case_conference"],
    expiry_results: { pending: "client", in_process: null }, one_active_referral: true, release_consent: "roi_to_receiving_agency",
  },
};
const unprocessable = (fields: object) => Response.json({ error: "validation_failed", message: "input breaks the rules named in fields", fields },
  { status: 422 });

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });
const posted = (path: string) => gateway.requests.filter((request) => request.method !== "GET" && request.path === path).map((request) => request.body);

describe("Instruments", () => {
  it("starts a new version from the newest one, edits its items and saves it", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/instruments": () => [{ ...INSTRUMENT, id: "i0", version: 1 }, INSTRUMENT],
      "POST /api/v1/ces/instruments": (_, body) => Response.json({ ...INSTRUMENT, ...(body as object), id: "i3", version: 3 }, { status: 201 }),
    });
    renderScreen(<Instruments />);
    expect(within(await screen.findByRole("table", { name: "Instruments" })).getAllByRole("row")).toHaveLength(3);
    const form = screen.getByRole("form", { name: "New instrument version" });
    fireEvent.change(within(form).getByRole("combobox", { name: "Start from" }), { target: { value: "harbor_triage" } });
    expect((within(form).getByRole("textbox", { name: "Name" }) as HTMLInputElement).value).toBe("Harbor triage");
    fireEvent.change(within(form).getByRole("textbox", { name: "Name" }), { target: { value: "Harbor triage 2027" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add an option to item 1" }));
    const third = within(form).getByRole("group", { name: "Item 1, option 3" });
    fireEvent.change(within(third).getByRole("textbox", { name: "Code" }), { target: { value: "some" } });
    fireEvent.change(within(third).getByRole("textbox", { name: "Label" }), { target: { value: "1 to 14" } });
    fireEvent.change(within(third).getByRole("spinbutton", { name: "Points" }), { target: { value: "2" } });
    fireEvent.click(within(form).getByRole("button", { name: "Remove band 2" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save the new version" }));
    expect(await screen.findByText(/Saved harbor_triage version 3, in effect from/)).toBeTruthy();
    const [body] = posted("/api/v1/ces/instruments") as { code: string; name: string; items: { weight: number; options: object[] }[]; bands: object[] }[];
    expect(body.code).toBe("harbor_triage");
    expect(body.name).toBe("Harbor triage 2027");
    expect(body.items[0].weight).toBe(2);
    expect(body.items[0].options).toEqual([{ code: "none", label: "None", points: 0 }, { code: "most", label: "15 or more", points: 5 },
      { code: "some", label: "1 to 14", points: 2 }]);
    expect(body.bands).toEqual([{ min_score: 0, band: "low", recommendation: "diversion" }]);
  });

  it("shows the service's rules on the fields they name, however deep", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/instruments": () => [INSTRUMENT],
      "POST /api/v1/ces/instruments": () => unprocessable({
        items: { 0: { options: { 1: { points: ["Must be greater than or equal to -1000 and less than or equal to 1000."] } } } },
        bands: ["codes must be unique"],
      }),
    });
    renderScreen(<Instruments />);
    const form = await screen.findByRole("form", { name: "New instrument version" });
    fireEvent.change(within(form).getByRole("combobox", { name: "Start from" }), { target: { value: "harbor_triage" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the new version" }));
    const option = within(form).getByRole("group", { name: "Item 1, option 2" });
    expect(await within(option).findByText(/Must be greater than or equal to -1000/)).toBeTruthy();
    expect(within(option).getByRole("spinbutton", { name: "Points" }).getAttribute("aria-invalid")).toBe("true");
    expect(within(within(form).getByRole("group", { name: "Item 1, option 1" })).getByRole("spinbutton", { name: "Points" })
      .getAttribute("aria-invalid")).toBe("false");
    expect(within(form).getByText("codes must be unique")).toBeTruthy();
    expect(within(screen.getByRole("alert")).getByText(/items 0 options 1 points/)).toBeTruthy();
  });
});

describe("PolicyEditor", () => {
  it("starts from the policy in force, reorders its keys, changes its workflow and saves a new version", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/policies": () => [POLICY],
      "POST /api/v1/ces/policies": (_, body) => Response.json({ ...POLICY, ...(body as object), id: "p2", version: 2 }, { status: 201 }),
    });
    renderScreen(<PolicyEditor />);
    const table = await screen.findByRole("table", { name: "Policy versions" });
    expect(within(table).getByText("in force")).toBeTruthy();
    const form = screen.getByRole("form", { name: "New policy version" });
    expect((within(form).getByRole("textbox", { name: "Code" }) as HTMLInputElement).value).toBe("harbor_psh");
    fireEvent.click(within(form).getByRole("button", { name: "Move key 2 up" }));
    expect((within(within(form).getByRole("group", { name: "Key 1" })).getByRole("combobox", { name: "Attribute" }) as HTMLSelectElement).value)
      .toBe("score");
    fireEvent.click(within(form).getByRole("button", { name: "Add a sort key" }));
    const third = within(form).getByRole("group", { name: "Key 3" });
    fireEvent.change(within(third).getByRole("combobox", { name: "Attribute" }), { target: { value: "assessed_on" } });
    fireEvent.change(within(third).getByRole("combobox", { name: "Direction" }), { target: { value: "asc" } });
    fireEvent.change(within(third).getByRole("combobox", { name: "A client without a value goes" }), { target: { value: "first" } });
    fireEvent.change(within(form).getByRole("spinbutton", { name: "After the client declines" }), { target: { value: "" } });
    fireEvent.change(within(form).getByRole("combobox", { name: "The consent a referral to another agency needs" }), { target: { value: "none" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add an override reason" }));
    fireEvent.change(within(form).getByRole("textbox", { name: "Override reason 2" }), { target: { value: "safety" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the new version" }));
    expect(await screen.findByText(/Saved harbor_psh version 2/)).toBeTruthy();
    const [body] = posted("/api/v1/ces/policies") as { seed: number; sort_keys: object[]; workflow: Record<string, unknown> }[];
    expect(body.seed).toBe(7);
    expect(body.sort_keys).toEqual([{ attribute: "score", direction: "desc", missing: "last" },
      { attribute: "chronic", direction: "desc", missing: "last" }, { attribute: "assessed_on", direction: "asc", missing: "first" }]);
    expect(body.workflow).toEqual({
      deadline_days: { pending: 3, in_process: 7 }, stall_days: 2, due_soon_days: 1, park_days: { client: null, provider: null, expired: null },
      expiry_results: { pending: "client", in_process: null }, decline_reasons: [{ code: "client_refused", by: "client" }],
      override_reasons: ["case_conference", "safety"], one_active_referral: true, release_consent: "none",
    });
  });

  it("shows a refused sort key and workflow field where they are", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/policies": () => [POLICY],
      "POST /api/v1/ces/policies": () => unprocessable({ sort_keys: ["each attribute at most once"],
        workflow: { stall_days: ["Must be greater than or equal to 1 and less than or equal to 365."] } }),
    });
    renderScreen(<PolicyEditor />);
    const form = await screen.findByRole("form", { name: "New policy version" });
    fireEvent.click(within(form).getByRole("button", { name: "Save the new version" }));
    expect(await within(form).findByText("each attribute at most once")).toBeTruthy();
    expect(within(form).getByRole("spinbutton", { name: "Stalled after" }).getAttribute("aria-invalid")).toBe("true");
  });
});

describe("Requirements", () => {
  it("lists the requirements, adds one with its value and removes one", async () => {
    const existing = { id: "q1", level: "unit", target: "U4", attribute: "veteran", rule: "must", value: null, created_at: "2026-12-01T10:00:00Z" };
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/requirements": () => [existing],
      "POST /api/v1/ces/requirements": (_, body) => Response.json({ ...(body as object), id: "q2", created_at: "2026-12-04T10:00:00Z" }, { status: 201 }),
      "DELETE /api/v1/ces/requirements/q1": () => new Response(null, { status: 204 }),
    });
    renderScreen(<Requirements />);
    const table = await screen.findByRole("table", { name: "Requirements" });
    expect(within(table).getByText("must be a veteran")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Add a requirement" });
    expect(within(form).queryByRole("spinbutton", { name: "Value" })).toBeNull();  // a veteran: no value
    fireEvent.change(within(form).getByRole("combobox", { name: "Level" }), { target: { value: "program" } });
    fireEvent.change(within(form).getByRole("textbox", { name: "Of" }), { target: { value: "coc_psh" } });
    fireEvent.change(within(form).getByRole("combobox", { name: "What" }), { target: { value: "age_over" } });
    fireEvent.change(within(form).getByRole("spinbutton", { name: "Value" }), { target: { value: "17" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add requirement" }));
    expect(await screen.findByText("Added: Program coc_psh, must be older than 17.")).toBeTruthy();
    expect(posted("/api/v1/ces/requirements")).toEqual([{ level: "program", target: "coc_psh", attribute: "age_over", rule: "must", value: 17 }]);
    fireEvent.click(within(table).getByRole("button", { name: "Remove: Unit or voucher U4, must be a veteran" }));
    await waitFor(() => expect(gateway.requests.some((request) => request.method === "DELETE")).toBe(true));
  });
});

describe("The CES team's hand on the list and the sweep", () => {
  it("gives a client on the list a manual rank, clears it and sets their status", async () => {
    const client = "c1000000-0000-4000-8000-000000000000";
    const entry = { rank: 1, client_id: client, agency_id: "harbor", recommendation: "psh", tiebreak: "ab", in_referral: false,
      keys: [{ attribute: "score", direction: "desc", missing: "last", value: 13 }] };
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/prioritization-list": () => [entry],
      [`PUT /api/v1/ces/clients/${client}/manual-rank`]: (_, body) => ({ client_id: client, agency_id: "harbor", status: "active", ...(body as object) }),
      [`PUT /api/v1/ces/clients/${client}/status`]: (_, body) => ({ client_id: client, agency_id: "harbor", manual_rank: null, ...(body as object) }),
    });
    renderScreen(<PrioritizationList />);
    fireEvent.click(await screen.findByRole("button", { name: "Manage client c1000000" }));
    const rank = screen.getByRole("form", { name: "Manual rank" });
    expect((within(rank).getByRole("textbox", { name: "Client ID" }) as HTMLInputElement).value).toBe(client);
    fireEvent.change(within(rank).getByRole("spinbutton", { name: "Manual rank" }), { target: { value: "3" } });
    fireEvent.click(within(rank).getByRole("button", { name: "Set manual rank" }));
    expect(await screen.findByText("Client c1000000: manual rank 3.")).toBeTruthy();
    fireEvent.change(within(rank).getByRole("spinbutton", { name: "Manual rank" }), { target: { value: "" } });
    fireEvent.click(within(rank).getByRole("button", { name: "Set manual rank" }));
    expect(await screen.findByText("Client c1000000: manual rank cleared.")).toBeTruthy();
    const status = screen.getByRole("form", { name: "List status" });
    fireEvent.change(within(status).getByRole("combobox", { name: "Status" }), { target: { value: "inactive" } });
    fireEvent.click(within(status).getByRole("button", { name: "Set status" }));
    expect(await screen.findByText("Client c1000000: inactive.")).toBeTruthy();
    expect(posted(`/api/v1/ces/clients/${client}/manual-rank`)).toEqual([{ manual_rank: 3 }, { manual_rank: null }]);
    expect(posted(`/api/v1/ces/clients/${client}/status`)).toEqual([{ status: "inactive" }]);
  });

  it("offers the list's management only to the CES team", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions(["ces:read"]), "GET /api/v1/ces/prioritization-list": () => [] });
    renderScreen(<PrioritizationList />);
    await screen.findByText(/No one is on the list/);
    expect(screen.queryByRole("form", { name: "Manual rank" })).toBeNull();
  });

  it("runs the sweep and says what it did", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(TEAM),
      "GET /api/v1/ces/referrals": () => [],
      "POST /api/v1/ces/sweep": () => ({ expired: 1, stalled: 2, due_soon: 3, unparked: 0 }),
    });
    renderScreen(<Referrals />);
    fireEvent.click(await screen.findByRole("button", { name: "Run the sweep now" }));
    expect((await screen.findByRole("status")).textContent).toMatch(/1 expired, 2 stalled, 3 near their deadline .* 0 parks ended/);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { Openings } from "./Openings";

const OPENING = {
  id: "o1", agency_id: "bayside", project_id: "P7", unit: "Unit 4", program: "psh", funding_source: "hud_coc", event_type: 14,
  available_on: null, status: "open", withdrawal_reason: null, withdrawn_at: null, created_at: "2026-12-01T10:00:00Z",
};
const LOCKED = { ...OPENING, id: "o2", unit: "Unit 5", status: "locked" };

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

const provider = (routes: Parameters<typeof fakeGateway>[0] = {}) => fakeGateway({
  "GET /api/v1/auth/permissions": permissions(["ces:read", "ces:respond"]),
  "GET /api/v1/ces/openings": () => [OPENING, LOCKED],
  "GET /api/v1/organizations": () => [],
  ...routes,
});

describe("Openings: edit and withdraw", () => {
  it("sends only what changed of an open opening and shows the server's rule on its field", async () => {
    let answered = 0;
    gateway = provider({
      "PATCH /api/v1/ces/openings/o1": (_, body) => (answered++ === 0
        ? Response.json({ error: "validation_failed", message: "invalid input", fields: { available_on: ["Not a valid date."] } }, { status: 422 })
        : { ...OPENING, ...(body as object) }),
    });
    renderScreen(<Openings />);
    expect(screen.queryByRole("button", { name: "Edit or withdraw: P7 Unit 5" })).toBeNull();  // locked by a referral
    fireEvent.click(await screen.findByRole("button", { name: "Edit or withdraw: P7 Unit 4" }));
    const section = screen.getByRole("region", { name: "Edit or withdraw the opening P7 Unit 4" });
    fireEvent.change(within(section).getByRole("textbox", { name: "Unit or voucher" }), { target: { value: "Apt 4B" } });
    fireEvent.change(within(section).getByLabelText("Available on"), { target: { value: "2026-12-20" } });
    fireEvent.click(within(section).getByRole("button", { name: "Save changes" }));
    expect(await within(section).findByText("Not a valid date.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "PATCH")?.body).toEqual({ unit: "Apt 4B", available_on: "2026-12-20" });
    fireEvent.click(within(section).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("The opening P7 Unit 4 was changed.")).toBeTruthy();
  });

  it("withdraws an open opening with a reason, and says why a referral holding it stops it", async () => {
    let answered = 0;
    gateway = provider({
      "POST /api/v1/ces/openings/o1/withdrawal": () => (answered++ === 0
        ? Response.json({ error: "conflict", message: "the opening is locked: only an open opening can be withdrawn",
          fields: { opening_id: ["is locked, not open"] } }, { status: 409 })
        : { ...OPENING, status: "withdrawn", withdrawal_reason: "voucher_pulled" }),
    });
    renderScreen(<Openings />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit or withdraw: P7 Unit 4" }));
    const withdraw = screen.getByRole("button", { name: "Withdraw opening" });
    expect((withdraw as HTMLButtonElement).disabled).toBe(true);  // a reason first
    fireEvent.change(screen.getByRole("combobox", { name: "Why it is withdrawn" }), { target: { value: "voucher_pulled" } });
    fireEvent.click(withdraw);
    expect(await screen.findByText(/the opening is locked/)).toBeTruthy();
    fireEvent.click(withdraw);
    expect(await screen.findByText("The opening P7 Unit 4 was withdrawn.")).toBeTruthy();
    expect(gateway.requests.filter((request) => request.path === "/api/v1/ces/openings/o1/withdrawal").map((request) => request.body))
      .toEqual([{ reason: "voucher_pulled" }, { reason: "voucher_pulled" }]);
  });

  it("offers no edit to a reader, and shows why an opening was withdrawn", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read"]),
      "GET /api/v1/ces/openings": () => [{ ...OPENING, status: "withdrawn", withdrawal_reason: "unit_offline" }],
    });
    renderScreen(<Openings />);
    expect(await screen.findByText("withdrawn: The unit went offline")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("columnheader", { name: "Change" })).toBeNull());
    expect(screen.queryByRole("button", { name: /Edit or withdraw/ })).toBeNull();
  });
});

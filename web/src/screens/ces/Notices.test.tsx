import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { Notices } from "./Notices";
import { NoticesBadge } from "./NoticesBadge";

const STALL = {
  id: "n1", referral_id: "r1234567-0000", kind: "stalled", step_owner: "provider", owner_agency_id: "bayside", status: "in_process",
  step_since: "2026-12-01T10:00:00Z", due_at: "2026-12-08T10:00:00Z", noticed_at: "2026-12-04T10:00:00Z", seen: false,
};
const DUE = { ...STALL, id: "n2", referral_id: "r7654321-0000", kind: "due_soon", seen: true };

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("Notices", () => {
  it("lists what needs the user's step and marks one seen for them", async () => {
    let seen = false;
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read", "ces:respond"]),
      "GET /api/v1/ces/notices": () => [{ ...STALL, seen }, DUE],
      "POST /api/v1/ces/notices/n1/seen": () => { seen = true; return new Response(null, { status: 204 }); },
    });
    renderScreen(<Notices />);
    const table = await screen.findByRole("table", { name: "Notices" });
    const [, stall, due] = within(table).getAllByRole("row");
    expect(within(stall).getAllByRole("cell")[0].textContent).toMatch(/^Stalled: no activity since /);
    expect(within(stall).getByRole("link", { name: "Open referral r1234567" }).getAttribute("href")).toBe("/ces/referrals/r1234567-0000");
    expect(within(stall).getAllByRole("cell")[2].textContent).toBe("provider");
    expect(within(due).getAllByRole("cell")[0].textContent).toMatch(/^Deadline near: due /);
    expect(within(due).getAllByRole("cell")[5].textContent).toBe("seen");
    fireEvent.click(within(stall).getByRole("button", { name: "Mark seen: stall of referral r1234567" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: /^Mark seen/ })).toBeNull());
    expect(gateway.requests.some((request) => request.method === "POST" && request.path === "/api/v1/ces/notices/n1/seen")).toBe(true);
  });
});

describe("NoticesBadge", () => {
  it("counts the unseen notices and links to them", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["ces:read"]),
      "GET /api/v1/ces/notices": () => [STALL, DUE, { ...STALL, id: "n3" }],
    });
    renderScreen(<NoticesBadge />);
    const link = await screen.findByRole("link", { name: "Notices 2 unseen" });
    expect(link.getAttribute("href")).toBe("/ces/notices");
  });

  it("says only Notices when every one is seen", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions(["ces:read"]), "GET /api/v1/ces/notices": () => [DUE] });
    renderScreen(<NoticesBadge />);
    expect(await screen.findByRole("link", { name: "Notices" })).toBeTruthy();
  });

  it("is not there for a user without CES data, who is not asked for notices", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]) });
    renderScreen(<><span>ready</span><NoticesBadge /></>);
    await screen.findByText("ready");
    expect(screen.queryByRole("link", { name: /^Notices/ })).toBeNull();
    expect(gateway.requests.some((request) => request.path === "/api/v1/ces/notices")).toBe(false);
  });
});

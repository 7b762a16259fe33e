import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { UsersScreen } from "./UsersScreen";

const ME = { id: "u0", agency_id: "a1", username: "bayside.admin", kind: "user", roles: ["agency_admin"] };
const USERS = [
  { id: "u1", agency_id: "a1", username: "new.worker", roles: ["case_manager"], active: true, license_status: "requested", locked: false, totp_enabled: false, last_login_at: null },
  { id: "u2", agency_id: "a1", username: "old.worker", roles: ["case_manager"], active: true, license_status: "active", locked: true, totp_enabled: false, last_login_at: null },
];
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("UsersScreen", () => {
  it("offers each user only what may be done, and approves a license fee", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/me": () => ME,
      "GET /api/v1/auth/permissions": permissions(["users:create", "users:manage", "licenses:request", "licenses:approve"]),
      "GET /api/v1/users": () => USERS,
      "POST /api/v1/users/u1/license/fee-approval": () => ({ user_id: "u1", status: "requested", fee_approved: true }),
    });
    renderScreen(<UsersScreen />);
    const approve = await screen.findByRole("button", { name: "Approve license fee: new.worker" });
    expect(screen.getByRole("button", { name: "Unlock: old.worker" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve license fee: old.worker" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Unlock: new.worker" })).toBeNull();
    fireEvent.click(approve);
    expect(await screen.findByText("The license fee was approved for new.worker.")).toBeTruthy();
    expect(gateway.requests.some((request) => request.method === "POST" && request.path === "/api/v1/users/u1/license/fee-approval")).toBe(true);
  });

  it("shows no control the policy refuses: a reader sees the list only", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/me": () => ME,
      "GET /api/v1/auth/permissions": permissions([]),
      "GET /api/v1/users": () => USERS,
    });
    renderScreen(<UsersScreen />);
    expect(await screen.findByText("new.worker")).toBeTruthy();
    await waitFor(() => expect(gateway.requests.some((request) => request.path === "/api/v1/auth/permissions")).toBe(true));
    expect(screen.queryByRole("button", { name: /approve license fee/i })).toBeNull();
    expect(screen.queryByRole("button", { name: "Create user" })).toBeNull();
  });

  it("says a refusal in words", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/me": () => ME,
      "GET /api/v1/auth/permissions": permissions([]),
      "GET /api/v1/users": () => Response.json({ error: "forbidden", message: "forbidden", reasons: ["license_inactive"] }, { status: 403 }),
    });
    renderScreen(<UsersScreen />);
    expect(await screen.findByText(/You may not do this: your user license is not active/)).toBeTruthy();
  });
});

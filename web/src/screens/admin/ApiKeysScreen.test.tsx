import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { ApiKeysScreen } from "./ApiKeysScreen";

const KEY = { id: "k1", agency_id: "a1", name: "Shelter CRM", key_prefix: "hmis_ab12", scopes: ["clients:read"], purpose: "client_services", rotated_at: null, revoked_at: null };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("ApiKeysScreen", () => {
  it("issues a key and shows its secret once, rotates one and revokes one", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["api_keys:create", "api_keys:manage"]),
      "GET /api/v1/api-keys": () => [KEY],
      "POST /api/v1/api-keys": (_, body) => ({ ...KEY, id: "k2", ...(body as object), key_prefix: "hmis_cd34", key: "hmis_cd34.secret-one" }),
      "POST /api/v1/api-keys/k1/rotation": () => ({ ...KEY, rotated_at: "2026-12-04T12:00:00Z", key: "hmis_ab12.secret-two" }),
      "POST /api/v1/api-keys/k1/revocation": () => ({ ...KEY, revoked_at: "2026-12-04T12:01:00Z" }),
    });
    renderScreen(<ApiKeysScreen />);
    fireEvent.change(await screen.findByLabelText("Partner system's name"), { target: { value: "County data warehouse" } });
    fireEvent.click(screen.getByRole("button", { name: "Issue key" }));
    expect(await screen.findByText("Choose a scope")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "reports:read" }));
    fireEvent.click(screen.getByRole("button", { name: "Issue key" }));
    expect(await screen.findByText("hmis_cd34.secret-one")).toBeTruthy();
    const issued = gateway.requests.find((request) => request.method === "POST" && request.path === "/api/v1/api-keys");
    expect(issued?.body).toEqual({ name: "County data warehouse", scopes: ["reports:read"], purpose: "client_services" });

    fireEvent.click(screen.getByRole("button", { name: "New secret: Shelter CRM" }));
    expect(await screen.findByText("hmis_ab12.secret-two")).toBeTruthy();
    expect(screen.queryByText("hmis_cd34.secret-one")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Revoke: Shelter CRM" }));
    expect(await screen.findByText("Shelter CRM was revoked: its secret no longer works.")).toBeTruthy();
    expect(screen.queryByText("hmis_ab12.secret-two")).toBeNull();
  });

  it("shows a reader the keys without a control", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), "GET /api/v1/api-keys": () => [KEY] });
    renderScreen(<ApiKeysScreen />);
    expect(await screen.findByText("Shelter CRM")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Revoke/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Issue key" })).toBeNull();
  });
});

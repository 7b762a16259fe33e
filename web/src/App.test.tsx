import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { App } from "./App";
import { queries } from "./api/queries";
import { fakeGateway, permissions } from "./screens/fakeGateway";

const ME = { id: "u1", agency_id: "a1", username: "outreach.worker", kind: "user", roles: ["case_manager"] };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => {
  gateway.restore();
  cleanup();
  queries.clear();
  document.cookie = "hmis_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

function renderApp() {
  return render(
    <QueryClientProvider client={queries}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}><App /></MemoryRouter>
    </QueryClientProvider>,
  );
}
const asked = (path: string) => gateway.requests.filter((request) => request.path === path).length;
const signedOut = () => Response.json({ error: "unauthenticated", message: "sign in" }, { status: 401 });

describe("App", () => {
  it("with a session cookie, asks for the permissions beside /auth/me, once", async () => {
    document.cookie = "hmis_csrf=token";
    gateway = fakeGateway({ "GET /api/v1/auth/me": () => ME, "GET /api/v1/auth/permissions": permissions(["clients:read"]) });
    renderApp();
    expect(await screen.findByText("Signed in as outreach.worker")).toBeTruthy();
    expect(gateway.requests.slice(0, 2).map((request) => request.path).sort()).toEqual(["/api/v1/auth/me", "/api/v1/auth/permissions"]);
    expect(asked("/api/v1/auth/permissions")).toBe(1);
  });

  it("with a stale cookie, shows the sign-in form and stops asking", async () => {
    document.cookie = "hmis_csrf=stale";
    gateway = fakeGateway({ "GET /api/v1/auth/me": signedOut, "GET /api/v1/auth/permissions": signedOut });
    renderApp();
    expect(await screen.findByRole("heading", { name: "Sign in to Harbor HMIS" })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked("/api/v1/auth/permissions")).toBeLessThanOrEqual(1);
    expect(asked("/api/v1/auth/me")).toBe(1);
  });

  it("without a session cookie, asks only who is signed in", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/me": signedOut });
    renderApp();
    expect(await screen.findByRole("heading", { name: "Sign in to Harbor HMIS" })).toBeTruthy();
    expect(asked("/api/v1/auth/permissions")).toBe(0);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { App } from "../../App";
import { queries } from "../../api/queries";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { grouped, SignInSecurityScreen } from "./SignInSecurityScreen";

const ME = { kind: "user", id: "u1", agency_id: "a1", roles: ["case_manager"], scopes: [], username: "outreach.worker", mfa: false };
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const URI = `otpauth://totp/Harbor%20HMIS:outreach.worker?secret=${SECRET}&issuer=Harbor%20HMIS`;
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => {
  gateway.restore();
  cleanup();
  queries.clear();
  vi.unstubAllGlobals();
  document.cookie = "hmis_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

const sent = (method: string, path: string) => gateway.requests.filter((request) => request.method === method && request.path === path);

describe("the sign-in and security screen", () => {
  it("sets up an authenticator: the key shown and copied, a wrong code refused, the right one confirms it", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    gateway = fakeGateway({
      "GET /api/v1/auth/me": () => ME,
      "POST /api/v1/auth/totp": () => ({ secret: SECRET, provisioning_uri: URI }),
      "POST /api/v1/auth/totp/confirmation": (_, body) => ((body as { code: string }).code === "123456"
        ? new Response(null, { status: 204 })
        : Response.json({ error: "validation", message: "that code does not match", fields: { code: ["does not match the authenticator"] } }, { status: 422 })),
    });
    renderScreen(<SignInSecurityScreen />);
    fireEvent.click(await screen.findByRole("button", { name: "Set up an authenticator app" }));
    expect((await screen.findByLabelText("Secret key")).textContent).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(screen.getByRole("link", { name: "open this key in your authenticator app" }).getAttribute("href")).toBe(URI);
    fireEvent.click(screen.getByRole("button", { name: "Copy the key" }));
    expect(await screen.findByText("Copied.")).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(SECRET);
    const code = screen.getByLabelText("Code from the app");
    fireEvent.input(code, { target: { value: "12345" } });
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("6 digits")).toBeTruthy();
    fireEvent.input(code, { target: { value: "654321" } });
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("does not match the authenticator")).toBeTruthy();
    fireEvent.input(code, { target: { value: "123456" } });
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText(/Your authenticator app is set up/)).toBeTruthy();
    expect(sent("POST", "/api/v1/auth/totp/confirmation").map((request) => request.body)).toEqual([{ code: "654321" }, { code: "123456" }]);
    expect(sent("POST", "/api/v1/auth/totp")).toHaveLength(1);
  });

  it("offers no second set-up to a user whose sign-in has one", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/me": () => ({ ...ME, mfa: true }) });
    renderScreen(<SignInSecurityScreen />);
    expect(await screen.findByText("Your sign-in asks for a code from your authenticator app.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Set up an authenticator app" })).toBeNull();
  });

  it("signs out everywhere once asked twice, back to the sign-in form", async () => {
    document.cookie = "hmis_csrf=token";
    gateway = fakeGateway({
      "GET /api/v1/auth/me": () => ME,
      "GET /api/v1/auth/permissions": permissions(["mfa:enroll"]),
      "POST /api/v1/auth/logout-everywhere": () => ({ ended: 3 }),
    });
    render(
      <QueryClientProvider client={queries}>
        <MemoryRouter initialEntries={["/account/sign-in"]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}><App /></MemoryRouter>
      </QueryClientProvider>,
    );
    const section = await screen.findByRole("region", { name: "Sign out everywhere" });
    fireEvent.click(within(section).getByRole("button", { name: "Sign out everywhere" }));
    fireEvent.click(within(section).getByRole("button", { name: "Cancel" }));
    expect(sent("POST", "/api/v1/auth/logout-everywhere")).toHaveLength(0);
    fireEvent.click(within(section).getByRole("button", { name: "Sign out everywhere" }));
    fireEvent.click(within(section).getByRole("button", { name: "Yes, sign out everywhere" }));
    expect(await screen.findByRole("heading", { name: "Sign in to Harbor HMIS" })).toBeTruthy();
    expect(sent("POST", "/api/v1/auth/logout-everywhere")).toHaveLength(1);
  });

  it("groups a key by four", () => {
    expect(grouped("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
    expect(grouped("ABCD")).toBe("ABCD");
  });
});

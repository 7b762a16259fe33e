import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { fakeGateway, renderScreen } from "../fakeGateway";
import { ClientAccessScreen, InvalidConsentScreen, period } from "./ComplianceScreens";

const CLIENT = "0b6c1f9e-1111-4a2b-9c3d-222222222222";
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("compliance screens", () => {
  it("show who saw a client and who was refused, with a CSV download", async () => {
    gateway = fakeGateway({
      [`GET /api/v1/audit/clients/${CLIENT}`]: () => ({
        accesses: [{ id: 1, source: "clients", occurred_at: "2026-12-01T10:00:00Z", principal_name: "outreach.worker", agency_name: "Harbor Street Outreach", client_id: CLIENT, action: "read", outcome: "allowed" }],
        denials: [{ decision_id: "d1", timestamp: "2026-12-01T11:00:00Z", principal_name: "bayside.worker", agency_name: "Bayside Family Shelter", action: "clients:read", reasons: ["other_agency"] }],
      }),
    });
    renderScreen(<ClientAccessScreen />);
    fireEvent.input(await screen.findByLabelText(/client id/i), { target: { value: "not an id" } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByText("a client id looks like 0b6c…-…")).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/client id/i), { target: { value: CLIENT } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByText("outreach.worker")).toBeTruthy();
    expect(screen.getByText(/the record belongs to another agency/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Download as CSV" }).getAttribute("href")).toBe(`/api/v1/audit/clients/${CLIENT}?format=csv`);
  });

  it("say when a view is empty", async () => {
    gateway = fakeGateway({ "GET /api/v1/audit/invalid-consent": () => [] });
    renderScreen(<InvalidConsentScreen />);
    expect(await screen.findByText("None.")).toBeTruthy();
  });

  it("send a period as the start of its first day and the end of its last", () => {
    const query = period("2026-11-01", "2026-11-30");
    expect(new Date(query.since).getDate()).toBe(1);
    expect(new Date(query.until).getDate()).toBe(30);
    expect(new Date(query.until).getHours()).toBe(23);
    expect(period("", "")).toEqual({});
  });
});

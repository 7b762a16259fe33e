import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { fakeGateway, renderScreen } from "../fakeGateway";
import { ClientAccessScreen, InvalidConsentScreen, period, UserAccessScreen } from "./ComplianceScreens";

const CLIENT = "0b6c1f9e-1111-4a2b-9c3d-222222222222";
const WORKER = "5e1f0c2a-3333-4b4c-8d5e-444444444444";
const KEY = "7a2b3c4d-5555-4e6f-9a0b-666666666666";
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

  it("find a user by name, then show their accesses over a period, with a CSV download", async () => {
    gateway = fakeGateway({
      "GET /api/v1/principals": () => [
        { id: WORKER, kind: "user", name: "outreach.worker", agency_id: "a1", agency_name: "Harbor Street Outreach" },
        { id: KEY, kind: "api_key", name: "Outreach CRM", agency_id: "a1", agency_name: "Harbor Street Outreach" },
      ],
      [`GET /api/v1/audit/principals/${WORKER}`]: () => [
        { id: 1, source: "clients", occurred_at: "2026-12-01T10:00:00Z", principal_name: "outreach.worker", agency_name: "Harbor Street Outreach", client_id: CLIENT, action: "read", outcome: "allowed" },
      ],
    });
    renderScreen(<UserAccessScreen />);
    fireEvent.click(await screen.findByRole("button", { name: "Show" }));
    expect(await screen.findByText("Choose a user or partner key")).toBeTruthy();
    const picker = screen.getByRole("combobox", { name: "User or partner key" });
    picker.focus();  // as typing does: an Autocomplete not focused puts back its value's text
    fireEvent.change(picker, { target: { value: "outr" } });
    expect(await screen.findByRole("option", { name: "Outreach CRM (partner key, Harbor Street Outreach)" })).toBeTruthy();
    fireEvent.click(screen.getByRole("option", { name: "outreach.worker (Harbor Street Outreach)" }));
    expect(gateway.requests.filter((request) => request.path === "/api/v1/principals").map((request) => request.search)).toEqual(["?name=outr"]);
    fireEvent.input(screen.getByLabelText("From"), { target: { value: "2026-11-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByText("Accesses of outreach.worker (Harbor Street Outreach).")).toBeTruthy();
    const audit = gateway.requests.find((request) => request.path === `/api/v1/audit/principals/${WORKER}`);
    expect(new URLSearchParams(audit?.search).get("since")).toBe(period("2026-11-01", "").since);
    expect(screen.getByRole("link", { name: "Download as CSV" }).getAttribute("href")).toContain(`/api/v1/audit/principals/${WORKER}?since=`);
    expect(screen.getByRole("table", { name: "The user's accesses" })).toBeTruthy();
  });

  it("ask nothing of the gateway for a name shorter than two characters", async () => {
    gateway = fakeGateway({ "GET /api/v1/principals": () => [] });
    renderScreen(<UserAccessScreen />);
    const picker = await screen.findByRole("combobox", { name: "User or partner key" });
    picker.focus();
    fireEvent.change(picker, { target: { value: "o" } });
    expect(await screen.findByText("Type two or more letters of a name, or an id")).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gateway.requests.filter((request) => request.path === "/api/v1/principals")).toEqual([]);
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

import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { ConsentsOnFile } from "./ConsentsOnFile";

const ME = { id: "u1", agency_id: "a1", username: "outreach.worker", kind: "user", roles: ["case_manager"] };
const OURS = { id: "k1", agency_id: "a1", type: "hmis_sharing", signed_on: "2026-11-01", start_date: "2026-11-01",
  end_date: "2027-11-01", scope: ["profile", "enrollments"], status: "active", revoked_on: null };
const THEIRS = { ...OURS, id: "k2", agency_id: "a2", type: "roi", signed_on: "2026-10-01" };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

function routes(extra: Record<string, (request: Request, body: unknown) => unknown> = {}) {
  return { "GET /api/v1/auth/me": () => ME, "GET /api/v1/auth/permissions": permissions(["consents:write"]), ...extra };
}

describe("ConsentsOnFile", () => {
  it("changes the scope and end date of a consent of the user's agency only", async () => {
    gateway = fakeGateway(routes({ "PUT /api/v1/consents/k1": (_request, body) => ({ ...OURS, ...(body as object), version: 2 }) }));
    renderScreen(<ConsentsOnFile clientId="c1" consents={[OURS, THEIRS]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Change: HMIS sharing consent signed 2026-11-01" }));
    expect(screen.queryByRole("button", { name: /Change: Release of information/ })).toBeNull();
    fireEvent.click(screen.getByLabelText("Services"));
    fireEvent.change(screen.getByLabelText("Ends on"), { target: { value: "2027-06-30" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the change" }));
    expect(await screen.findByText("The consent was changed.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "PUT")!.body).toEqual(
      { scope: ["profile", "enrollments", "services"], end_date: "2027-06-30" });
  });

  it("revokes a consent with a reason, and puts the gateway's rule on the form when it refuses", async () => {
    let answered = 0;
    gateway = fakeGateway(routes({
      "POST /api/v1/consents/k1/revocation": () => (answered++ === 0
        ? Response.json({ error: "validation_failed", message: "the request is not valid", fields: { reason: ["Shorter than minimum length 3."] } }, { status: 422 })
        : { ...OURS, status: "revoked", revoked_on: "2026-12-04", revocation_reason: "Client asked" }),
    }));
    renderScreen(<ConsentsOnFile clientId="c1" consents={[OURS]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Revoke: HMIS sharing consent signed 2026-11-01" }));
    fireEvent.click(screen.getByRole("button", { name: "Revoke the consent" }));
    expect(await screen.findByText("reason: Shorter than minimum length 3.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: "Client asked" } });
    fireEvent.click(screen.getByRole("button", { name: "Revoke the consent" }));
    expect(await screen.findByText("The consent was revoked.")).toBeTruthy();
    const sent = gateway.requests.filter((request) => request.path === "/api/v1/consents/k1/revocation").at(-1)!.body as Record<string, string>;
    expect(sent.reason).toBe("Client asked");
    expect(sent.revoked_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("names the agencies a release of information goes to, and shows the id of one no longer active", async () => {
    const HARBOR = { id: "0b6c1f9e-1111-4a2b-9c3d-222222222222", name: "Harbor Street Outreach" };
    const ENDED = "7a2b3c4d-5555-4e6f-9a0b-666666666666";
    gateway = fakeGateway(routes({
      "GET /api/v1/agencies/names": (request) => (new URL(request.url).searchParams.get("name") === HARBOR.id ? [HARBOR] : []),
    }));
    renderScreen(<ConsentsOnFile clientId="c1" consents={[{ ...THEIRS, released_to: [HARBOR.id, ENDED] }]} />);
    expect(await screen.findByText(`Released to Harbor Street Outreach, ${ENDED}`)).toBeTruthy();
    expect(gateway.requests.filter((request) => request.path === "/api/v1/agencies/names").map((request) => request.search))
      .toEqual([`?name=${HARBOR.id}`, `?name=${ENDED}`]);
  });

  it("changes the agencies a release of information of the user's agency goes to, picked by name", async () => {
    const HARBOR = { id: "0b6c1f9e-1111-4a2b-9c3d-222222222222", name: "Harbor Street Outreach" };
    const BAYSIDE = { id: "7a2b3c4d-5555-4e6f-9a0b-666666666666", name: "Bayside Youth Services" };
    const RELEASE = { ...OURS, type: "roi", released_to: [HARBOR.id] };
    gateway = fakeGateway(routes({
      "GET /api/v1/agencies/names": (request) => {
        const name = new URL(request.url).searchParams.get("name")!.toLowerCase();
        return [HARBOR, BAYSIDE].filter((agency) => agency.id === name || agency.name.toLowerCase().includes(name));
      },
      "PUT /api/v1/consents/k1": (_request, body) => ({ ...RELEASE, ...(body as object), version: 2 }),
    }));
    renderScreen(<ConsentsOnFile clientId="c1" consents={[RELEASE]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Change: Release of information consent signed 2026-11-01" }));
    const picker = screen.getByRole("combobox", { name: "Agencies released to" });
    picker.focus();
    fireEvent.change(picker, { target: { value: "bay" } });
    fireEvent.click(await screen.findByRole("option", { name: "Bayside Youth Services" }));
    fireEvent.click(within(await screen.findByRole("button", { name: "Harbor Street Outreach" })).getByTestId("CancelIcon"));
    fireEvent.click(screen.getByRole("button", { name: "Save the change" }));
    expect(await screen.findByText("The consent was changed.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "PUT")!.body).toEqual(
      { scope: ["profile", "enrollments"], end_date: "2027-11-01", released_to: [BAYSIDE.id] });
  });

  it("offers no change of a revoked consent", async () => {
    gateway = fakeGateway(routes());
    renderScreen(<ConsentsOnFile clientId="c1" consents={[{ ...OURS, status: "revoked", revoked_on: "2026-11-20", revocation_reason: "Client asked" }]} />);
    expect(await screen.findByText(/revoked 2026-11-20: Client asked/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("button", { name: /^Revoke:/ })).toBeNull());
  });
});

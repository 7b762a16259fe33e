import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { DisabilitiesStep } from "./Disabilities";
import { FORM_ROUTES } from "./hudForms.fixture";

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("DisabilitiesStep", () => {
  it("asks every disability type in one form, at the stages HUD collects them, and records the types answered", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), ...FORM_ROUTES,
      "POST /api/v1/enrollments/e1/disabilities": () => ({ id: "d1", enrollment_id: "e1", client_id: "c1" }) });
    renderScreen(<DisabilitiesStep enrollmentId="e1" clientId="c1" onDone={() => undefined} />);
    const stage = await screen.findByLabelText(/data collection stage/);
    // 4.05-4.10 are collected at project start, update and exit: not at an annual assessment
    expect(within(stage).queryByRole("option", { name: "Annual assessment" })).toBeNull();
    fireEvent.change(stage, { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText(/Information date/), { target: { value: "2026-12-01" } });
    const substance = screen.getByRole("group", { name: "Substance use disorder" });
    fireEvent.change(within(substance).getByLabelText("disability response"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the disabilities" }));
    expect(await screen.findByText("Disabilities recorded.")).toBeTruthy();
    await waitFor(() => expect(gateway.requests.filter((request) => request.method === "POST").map((request) => request.body)).toEqual([
      { disability_response: 2, disability_type: 10, information_date: "2026-12-01", data_collection_stage: 2 }]));
  });
});

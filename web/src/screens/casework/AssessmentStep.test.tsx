import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { AssessmentStep, HEALTH_FIELDS, INCOME_FIELDS } from "./AssessmentStep";

const YES_NO = [{ code: 0, label: "No" }, { code: 1, label: "Yes" }, { code: 99, label: "Data not collected" }];
function hudForm(record: string, names: string[]) {
  return { record, fields: names.map((name) => ({ name, hud_name: name, label: name.replace(/_/g, " "), required: false,
    not_future: false, rules: [], ...(name.endsWith("amount") || name === "total_monthly_income" ? { kind: "money" }
      : name.endsWith("date") || name === "when_occurred" ? { kind: "date" } : { kind: "choice", options: YES_NO }) })) };
}
const FORMS = {
  "GET /api/v1/auth/permissions": permissions([]),
  "GET /api/v1/hud/forms/IncomeBenefits": () => hudForm("IncomeBenefits", INCOME_FIELDS),
  "GET /api/v1/hud/forms/HealthAndDV": () => hudForm("HealthAndDV", HEALTH_FIELDS),
};
const RECORDED = { id: "r1", enrollment_id: "e1", client_id: "c1" };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });
const posts = () => gateway.requests.filter((request) => request.method === "POST");

describe("AssessmentStep", () => {
  it("records an update as income and benefits and health at stage 2, on one date", async () => {
    gateway = fakeGateway({ ...FORMS, "POST /api/v1/enrollments/e1/income-benefits": () => RECORDED,
      "POST /api/v1/enrollments/e1/health-and-dv": () => RECORDED });
    renderScreen(<AssessmentStep enrollmentId="e1" clientId="c1" onDone={() => undefined} />);
    fireEvent.change(await screen.findByLabelText(/Information date/), { target: { value: "2026-12-01" } });
    fireEvent.change(screen.getByLabelText("income from any source"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("general health status"), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the assessment" }));
    expect(await screen.findByText("Update of 2026-12-01 recorded.")).toBeTruthy();
    expect(posts().map((request) => [request.path, request.body])).toEqual([
      ["/api/v1/enrollments/e1/income-benefits", { income_from_any_source: 0, information_date: "2026-12-01", data_collection_stage: 2 }],
      ["/api/v1/enrollments/e1/health-and-dv", { general_health_status: 1, information_date: "2026-12-01", data_collection_stage: 2 }],
    ]);
  });

  it("shows the server's refusal of an annual assessment out of its window, and a retry records only what is missing", async () => {
    let healthAnswers = 0;
    gateway = fakeGateway({ ...FORMS, "POST /api/v1/enrollments/e1/income-benefits": () => RECORDED,
      "POST /api/v1/enrollments/e1/health-and-dv": () => (healthAnswers++ === 0
        ? Response.json({ error: "conflict", message: "the enrollment already has an annual assessment record for this anniversary",
          fields: { data_collection_stage: ["the enrollment already has an annual assessment record for this anniversary"] } }, { status: 409 })
        : RECORDED) });
    renderScreen(<AssessmentStep enrollmentId="e1" clientId="c1" onDone={() => undefined} />);
    fireEvent.change(await screen.findByLabelText("Data collection stage"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the assessment" }));
    expect(await screen.findByText("This conflicts with what is recorded")).toBeTruthy();
    expect(screen.getByText("Income and benefits: recorded")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save the assessment" }));
    await waitFor(() => expect(screen.getByText(/^Annual assessment of .* recorded\.$/)).toBeTruthy());
    expect(posts().map((request) => request.path)).toEqual(["/api/v1/enrollments/e1/income-benefits",
      "/api/v1/enrollments/e1/health-and-dv", "/api/v1/enrollments/e1/health-and-dv"]);
    expect(posts().every((request) => (request.body as { data_collection_stage: number }).data_collection_stage === 5)).toBe(true);
  });
});

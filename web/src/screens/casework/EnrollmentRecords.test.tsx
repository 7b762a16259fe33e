import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { EnrollmentRecords } from "./EnrollmentRecords";
import { FORM_ROUTES } from "./hudForms.fixture";

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("EnrollmentRecords", () => {
  it("counts the enrollment's employment and education and youth education status, and records one from HUD's form", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), ...FORM_ROUTES,
      "GET /api/v1/enrollments/e1": () => ({ enrollment_id: "e1", client_id: "c1", project_id: "p1", household_id: "h1",
        relationship_to_hoh: 1, entry_date: "2026-11-01", exit: null, services: [], income_benefits: [], health_and_dv: [],
        employment_education: [{ data_collection_stage: 1 }], youth_education_status: [], disabilities: [], current_living_situations: [] }),
      "GET /api/v1/enrollments/e1/household": () => ({ household_id: "h1", enrollments: [] }),
      "POST /api/v1/enrollments/e1/youth-education-status": () => ({ id: "r1", enrollment_id: "e1", client_id: "c1" }) });
    renderScreen(
      <Routes><Route path="/clients/c1/enrollments/:enrollmentId" element={<EnrollmentRecords clientId="c1" enrollments={[]} />} /></Routes>,
      "/clients/c1/enrollments/e1");
    const table = await screen.findByRole("table", { name: "Records of this enrollment" });
    expect(within(within(table).getByText("Employment and education").closest("tr")!).getByText("1")).toBeTruthy();
    expect(within(within(table).getByText("Youth education status").closest("tr")!).getByText("0")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Record employment and education" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Record youth education status" }));
    fireEvent.change(await screen.findByLabelText(/information date/), { target: { value: "2026-11-02" } });
    fireEvent.change(screen.getByLabelText(/data collection stage/), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("current school attend"), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the youth education status" }));
    expect(await screen.findByText("Youth education status recorded.")).toBeTruthy();
    expect(gateway.requests.filter((request) => request.method === "POST").map((request) => [request.path, request.body])).toEqual([
      ["/api/v1/enrollments/e1/youth-education-status", { information_date: "2026-11-02", current_school_attend: 1, data_collection_stage: 1 }]]);
  });
});

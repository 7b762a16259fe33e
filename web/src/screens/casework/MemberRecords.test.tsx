import { afterEach, describe, expect, it } from "vitest";
import { cleanup, screen } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { MemberRecords } from "./MemberRecords";
import { FORM_ROUTES } from "./hudForms.fixture";

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

/** A child (not the head) born 2008-12-10, entered 2026-11-01 at 17 and exited 2026-12-15 at 18. */
function exitRecords() {
  gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), ...FORM_ROUTES,
    "GET /api/v1/enrollments/e1": () => ({ enrollment_id: "e1", client_id: "c1", project_id: "p1", household_id: "h1",
      relationship_to_hoh: 2, entry_date: "2026-11-01", exit: { exit_id: "x1", exit_date: "2026-12-15", destination: 410 },
      income_benefits: [], health_and_dv: [], employment_education: [], youth_education_status: [], disabilities: [] }),
    "GET /api/v1/clients/c1": () => ({ id: "c1", agency_id: "a1", dob: "2008-12-10" }) });
  renderScreen(<MemberRecords enrollmentId="e1" clientId="c1" pageClientId="c1" stage={3} onDone={() => undefined} />);
}

describe("MemberRecords", () => {
  it("asks a member who turned 18 during the stay as an adult at exit, by their age on the exit date", async () => {
    exitRecords();
    expect(await screen.findByText(/Age at exit: 18\./)).toBeTruthy();
    expect(await screen.findByLabelText("income from any source")).toBeTruthy();
  });
});

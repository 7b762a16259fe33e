import { describe, expect, it } from "vitest";
import { moments } from "./Timeline";
import type { EnrollmentRecord, Summary } from "./api";

describe("moments", () => {
  it("tells a client's story newest first, naming each project", () => {
    const summary = {
      client: { id: "c1", created_at: "2026-10-01T09:00:00Z" },
      enrollments: [{ enrollment_id: "e1", project_id: "p1", project_name: "Harbor Street Outreach - Downtown", entry_date: "2026-10-02", exit_date: "2026-11-30" }],
      consents: { status: { badges: [] }, list: [{ id: "k1", type: "hmis_sharing", signed_on: "2026-10-02", revoked_on: "2026-11-01" }] },
      findings: [], withheld: {},
    } as unknown as Summary;
    const records = [{ enrollment_id: "e1", project_id: "p1", services: [{ date_provided: "2026-10-05", type_provided: 200 }] }] as unknown as EnrollmentRecord[];
    expect(moments(summary, records).map((moment) => `${moment.date} ${moment.what}`)).toEqual([
      "2026-11-30 Exited Harbor Street Outreach - Downtown",
      "2026-11-01 HMIS sharing consent revoked",
      "2026-10-05 Service (type 200) in Harbor Street Outreach - Downtown",
      "2026-10-02 Entered Harbor Street Outreach - Downtown",
      "2026-10-02 HMIS sharing consent signed",
      "2026-10-01 Client record created",
    ]);
  });
});

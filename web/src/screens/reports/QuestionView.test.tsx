import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { QuestionView } from "./QuestionView";

const RUN = "11111111-1111-1111-1111-111111111111";
const Q = `/api/v1/report-runs/${RUN}/questions/Q7a`;
const QUESTION = {
  id: "Q7a", title: "Number of Persons Served", columns: ["", "Total", "Without Children"],
  rows: ["Adults", "Children", "Total"],
  cells: [
    { row: 1, column: 1, value: "12", text: null, shaded: false, members: 12 },
    { row: 1, column: 2, value: "5", text: null, shaded: false, members: 5 },
    { row: 2, column: 1, value: "4", text: null, shaded: false, members: 4 },
    { row: 2, column: 2, value: null, text: null, shaded: true, members: null },
    { row: 3, column: 1, value: "16", text: null, shaded: false, members: 16 },
    { row: 3, column: 2, value: "5", text: null, shaded: false, members: 5 },
  ],
};
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("QuestionView", () => {
  it("draws the table and a chart of the first column, and drills from a cell to the people behind it", async () => {
    gateway = fakeGateway({
      "GET /api/v1/auth/permissions": permissions(["reports:drill_down"]),
      [`GET ${Q}`]: () => QUESTION,
      [`GET ${Q}/cells/1/2/members/names`]: () => ({ page: 1, per_page: 50, total: 2, pages: 1, members: [
        { member_no: 1, personal_id: "P1", source: 1, enrollment_id: "E1", household_id: "H1", project_id: "PR1", first_name: "Maria", last_name: "Lopez" },
        { member_no: 2, personal_id: "P2", source: 1, enrollment_id: "E2", household_id: "H2", project_id: "PR9", first_name: null, last_name: null, name_withheld: ["other_agency"] },
      ] }),
    });
    renderScreen(<QuestionView runId={RUN} questionId="Q7a" />);
    expect(await screen.findByRole("table", { name: "Q7a: Number of Persons Served" })).toBeTruthy();
    expect(screen.getByText("Total by row")).toBeTruthy();  // the chart's caption; the Total row is not a bar
    fireEvent.click(await screen.findByRole("button", { name: "5: people behind Adults, Without Children" }));
    expect(await screen.findByText("Maria Lopez")).toBeTruthy();
    expect(screen.getByText("withheld: the record belongs to another agency and no consent in force shares it with yours")).toBeTruthy();
    expect(gateway.requests.find((request) => request.path.endsWith("/members/names"))?.search).toBe("?page=1&per_page=50");
  });

  it("offers no drill-down to a user the policy refuses it", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), [`GET ${Q}`]: () => QUESTION });
    renderScreen(<QuestionView runId={RUN} questionId="Q7a" />);
    expect(await screen.findByRole("table", { name: "Q7a: Number of Persons Served" })).toBeTruthy();
    expect(screen.getAllByText("12").length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: /people behind/ })).toBeNull();
  });
});

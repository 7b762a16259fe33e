import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { ReportsScreen } from "./ReportsScreen";
import { askedBy, type Run } from "./RunsList";

const ME = { kind: "user", id: "u1", agency_id: "a1", roles: ["report_viewer"], scopes: [], username: "report.viewer", mfa: false };
const DONE = "11111111-1111-4111-8111-111111111111";
const RUNNING = "22222222-2222-4222-8222-222222222222";
const PARAMETERS = { start: "2025-10-01", end: "2026-09-30", coc_codes: [], project_ids: [], sources: [] };

function run(id: string, changes: Partial<Run>): Run {
  return { id, status: "succeeded", parameters: { report: "apr", ...PARAMETERS }, questions_done: 2, questions_total: 2,
    progress: 1, summary: null, error: null, requested_by: "u1", agency_id: "a1", created_at: "2026-12-01T10:00:00Z",
    started_at: "2026-12-01T10:00:01Z", finished_at: "2026-12-01T10:00:09Z", ...changes };
}

const FINISHED_RUN = run(DONE, {});
const UNFINISHED_RUN = run(RUNNING, { status: "running", parameters: { report: "caper", ...PARAMETERS }, questions_done: 1,
  progress: 0.5, requested_by: "u2", created_at: "2026-12-02T10:00:00Z", finished_at: null });
const QUESTION = { id: "Q7a", title: "Number of Persons Served", columns: ["", "Total"], rows: ["Adults"],
  cells: [{ row: 1, column: 1, value: "12", text: null, shaded: false, members: 12 }] };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

function page(runs: Run[], changes: object = {}) {
  return { page: 1, per_page: 10, total: runs.length, pages: 1, runs, ...changes };
}

function reports(extra: Record<string, () => unknown> = {}) {
  return fakeGateway({
    "GET /api/v1/auth/permissions": permissions(["reports:read"]),
    "GET /api/v1/auth/me": () => ME,
    "GET /api/v1/report-runs": () => page([UNFINISHED_RUN, FINISHED_RUN]),
    [`GET /api/v1/report-runs/${DONE}`]: () => FINISHED_RUN,
    [`GET /api/v1/report-runs/${DONE}/questions`]: () => [{ id: "Q7a", title: "Number of Persons Served" }],
    [`GET /api/v1/report-runs/${DONE}/questions/Q7a`]: () => QUESTION,
    ...extra,
  });
}

const listed = () => gateway.requests.filter((request) => request.method === "GET" && request.path === "/api/v1/report-runs");

describe("the HUD reports screen", () => {
  it("lists the runs with their status and progress and reopens one's question tables", async () => {
    gateway = reports();
    renderScreen(<ReportsScreen />, "/reports");
    const table = await screen.findByRole("table", { name: "Report runs" });
    const [, newest, oldest] = within(table).getAllByRole("row");
    expect(within(newest).getByText("CAPER")).toBeTruthy();
    expect(within(newest).getByText(/running, 50%/)).toBeTruthy();
    expect(await within(newest).findByText("your agency")).toBeTruthy();
    expect(within(oldest).getByText("succeeded")).toBeTruthy();
    expect(within(oldest).getByText("you")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Run" })).toBeNull();  // no reports:run, no new run
    fireEvent.click(within(oldest).getByRole("button", { name: /^Open Annual Performance Report \(APR\), 2025-10-01 to 2026-09-30/ }));
    expect(await screen.findByRole("table", { name: "Q7a: Number of Persons Served" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Download the Sage upload (zip)" }).getAttribute("href")).toBe(`/api/v1/report-runs/${DONE}/zip`);
    expect(listed()[0].search).toBe("?page=1&per_page=10");
  });

  it("reopens the run its address names", async () => {
    gateway = reports();
    renderScreen(<ReportsScreen />, `/reports?run=${DONE}`);
    expect(await screen.findByRole("table", { name: "Q7a: Number of Persons Served" })).toBeTruthy();
    expect(screen.getByText("succeeded", { selector: "strong" })).toBeTruthy();
  });

  it("narrows the list by report and status, and pages through it", async () => {
    gateway = reports({ "GET /api/v1/report-runs": () => page([FINISHED_RUN], { total: 11, pages: 2 }) });
    renderScreen(<ReportsScreen />, "/reports");
    fireEvent.click(await screen.findByRole("button", { name: "Older runs" }));
    await waitFor(() => expect(listed().at(-1)?.search).toBe("?page=2&per_page=10"));
    fireEvent.mouseDown(screen.getByRole("combobox", { name: "Status" }));
    fireEvent.click(await screen.findByRole("option", { name: "failed" }));
    await waitFor(() => expect(listed().at(-1)?.search).toBe("?page=1&per_page=10&status=failed"));
    fireEvent.mouseDown(screen.getByRole("combobox", { name: "Which report" }));
    fireEvent.click(await screen.findByRole("option", { name: "Data Quality" }));
    await waitFor(() => expect(listed().at(-1)?.search).toBe("?page=1&per_page=10&report=data-quality&status=failed"));
  });

  it("says who asked for a run in words", () => {
    const me = { id: "u1", agency_id: "a1" };
    expect(askedBy(run(DONE, {}), me)).toBe("you");
    expect(askedBy(run(DONE, { requested_by: "u2" }), me)).toBe("your agency");
    expect(askedBy(run(DONE, { requested_by: "u3", agency_id: "a9" }), me)).toBe("another agency");
    expect(askedBy(run(DONE, { requested_by: null, agency_id: null }), me)).toBe("the command line");
  });
});

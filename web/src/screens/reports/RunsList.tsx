// The report runs the user may list (GET /report-runs: their agency's, every agency's for the HMIS lead), newest
// first, a page at a time, narrowed by report and status; each opens again. Read again every two seconds while a
// run on the page has not finished, so its status and progress follow it.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Box, Button, LinearProgress, MenuItem, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components, operations } from "../../api/schema";
import { unwrap } from "../../api/useApi";
import { useMe } from "../../auth/session";
import { ApiError } from "../../components/ApiError";
import { DataTable, when } from "../parts";

export type Run = components["schemas"]["ReportRun"];
type Query = NonNullable<operations["get_reports.list_runs"]["parameters"]["query"]>;
type ReportName = components["schemas"]["ReportRunRequest"]["report"];
type Status = NonNullable<Query["status"]>;

export const REPORTS: { value: ReportName; label: string }[] = [
  { value: "apr", label: "Annual Performance Report (APR)" },
  { value: "caper", label: "CAPER" },
  { value: "ce-apr", label: "Coordinated Entry APR" },
  { value: "data-quality", label: "Data Quality" },
];
const STATUSES: Status[] = ["queued", "running", "succeeded", "failed", "cancelled"];
export const FINISHED = ["succeeded", "failed", "cancelled"];
export const RUNS = ["report-runs"];
const PER_PAGE = 10;

export function reportLabel(report: string): string {
  return REPORTS.find((known) => known.value === report)?.label ?? report;
}

/** Who asked for a run, in words: the user, their agency, another agency (seen by the HMIS lead), or no one through
 * the API (the command line). */
export function askedBy(run: Run, me: { id: string; agency_id: string } | null | undefined): string {
  if (!run.requested_by) return "the command line";
  if (!me) return "—";
  if (run.requested_by === me.id) return "you";
  return run.agency_id === me.agency_id ? "your agency" : "another agency";
}

export function RunsList({ open, onOpen }: { open?: string; onOpen: (runId: string) => void }) {
  const me = useMe().data;
  const [filters, setFilters] = useState<{ report: string; status: string }>({ report: "", status: "" });
  const [page, setPage] = useState(1);
  const query: Query = { page, per_page: PER_PAGE };
  if (filters.report) query.report = filters.report as ReportName;
  if (filters.status) query.status = filters.status as Status;
  const runs = useQuery({
    queryKey: [...RUNS, query],
    queryFn: () => unwrap(api.GET("/api/v1/report-runs", { params: { query } })),
    refetchInterval: (asked) => (asked.state.data?.runs.some((run) => !FINISHED.includes(run.status)) ? 2000 : false),
  });
  const narrow = (change: Partial<typeof filters>) => { setFilters({ ...filters, ...change }); setPage(1); };
  const pages = runs.data?.pages ?? 0;
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ my: 1, flexWrap: "wrap" }}>
        <TextField select label="Which report" size="small" slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} value={filters.report} onChange={(event) => narrow({ report: event.target.value })} sx={{ minWidth: 280 }}>
          <MenuItem value="">Any report</MenuItem>
          {REPORTS.map((report) => <MenuItem key={report.value} value={report.value}>{report.label}</MenuItem>)}
        </TextField>
        <TextField select label="Status" size="small" slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} value={filters.status} onChange={(event) => narrow({ status: event.target.value })} sx={{ minWidth: 160 }}>
          <MenuItem value="">Any status</MenuItem>
          {STATUSES.map((status) => <MenuItem key={status} value={status}>{status}</MenuItem>)}
        </TextField>
      </Stack>
      <ApiError error={runs.error} />
      <DataTable caption="Report runs" rows={runs.data?.runs} rowKey={(run) => run.id} columns={[
        { label: "Report", cell: (run) => reportLabel(run.parameters.report) },
        { label: "Period", cell: (run) => `${run.parameters.start} to ${run.parameters.end}` },
        { label: "Status", cell: (run) => <RunStatus run={run} /> },
        { label: "Asked", cell: (run) => when(run.created_at) },
        { label: "By", cell: (run) => askedBy(run, me) },
        { label: "", cell: (run) => (
          <Button size="small" variant={run.id === open ? "contained" : "outlined"} onClick={() => onOpen(run.id)}
            aria-label={`Open ${reportLabel(run.parameters.report)}, ${run.parameters.start} to ${run.parameters.end}, asked ${when(run.created_at)}`}>
            Open
          </Button>
        ) },
      ]} />
      {pages > 1 && (
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", my: 1 }}>
          <Button size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>Newer runs</Button>
          <Typography>Page {page} of {pages}</Typography>
          <Button size="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>Older runs</Button>
        </Stack>
      )}
    </Box>
  );
}

function RunStatus({ run }: { run: Run }) {
  if (FINISHED.includes(run.status)) return <>{run.status}</>;
  const percent = Math.round(run.progress * 100);
  return (
    <Box sx={{ minWidth: 120 }}>
      {run.status}, {percent}%
      <LinearProgress variant="determinate" value={percent} aria-label={`Progress of the run asked ${when(run.created_at)}`} />
    </Box>
  );
}

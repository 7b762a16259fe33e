// HUD report runs: start one (APR, CAPER, CE APR, Data Quality) for a period, the runs listed (RunsList) with their
// status and progress, and a run opened: its questions as tables (with a bar chart of a question's first column), a
// drill from a cell to the people behind it, and the Sage upload zip or the XLSX workbook. The run opened is in the
// address (`?run=`), so a reload or a link reopens it; any run the user may read opens by its id too.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useSearchParams } from "react-router-dom";
import { Box, Button, LinearProgress, MenuItem, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Download, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";
import { QuestionView } from "./QuestionView";
import { FINISHED, REPORTS, RUNS, type Run, reportLabel, RunsList } from "./RunsList";

type RunRequest = components["schemas"]["ReportRunRequest"];

export function ReportsScreen() {
  const mayRun = useCan("reports:run").allow;
  const [address, setAddress] = useSearchParams();
  const open = address.get("run") ?? undefined;
  const choose = (runId: string) => setAddress({ run: runId });
  return (
    <Box>
      <Heading>HUD reports</Heading>
      {mayRun && <NewRun onQueued={choose} />}
      <Section title="Report runs">
        <RunsList open={open} onOpen={choose} />
        <OpenRun onOpen={choose} />
      </Section>
      {open && <RunView runId={open} />}
    </Box>
  );
}

function NewRun({ onQueued }: { onQueued: (runId: string) => void }) {
  const year = new Date().getFullYear() - 1;
  const { register, handleSubmit, formState: { errors } } = useForm<{ report: RunRequest["report"]; start: string; end: string }>({
    defaultValues: { report: "apr", start: `${year}-10-01`, end: `${year + 1}-09-30` },
  });
  const queries = useQueryClient();
  const queue = useMutation({
    mutationFn: (body: RunRequest) => unwrap(api.POST("/api/v1/report-runs", { body })),
    onSuccess: (run) => { void queries.invalidateQueries({ queryKey: RUNS }); onQueued(run.id); },
  });
  return (
    <Section title="Run a report">
      <Box component="form" aria-label="Run a report" noValidate onSubmit={handleSubmit((fields) => queue.mutate(fields))} sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "flex-start" }}>
        <TextField select label="Report" size="small" defaultValue="apr" {...register("report")} sx={{ minWidth: 280 }}>
          {REPORTS.map((report) => <MenuItem key={report.value} value={report.value}>{report.label}</MenuItem>)}
        </TextField>
        <TextField label="From" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("start", { required: "Enter the first day" })}
          error={Boolean(errors.start)} helperText={errors.start?.message} />
        <TextField label="To" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("end", { required: "Enter the last day" })}
          error={Boolean(errors.end)} helperText={errors.end?.message} />
        <Button type="submit" variant="contained" disabled={queue.isPending}>Run</Button>
      </Box>
      <ApiError error={queue.error} />
    </Section>
  );
}

function OpenRun({ onOpen }: { onOpen: (runId: string) => void }) {
  const { register, handleSubmit } = useForm<{ run_id: string }>();
  return (
    <Box component="form" aria-label="Open a run" noValidate onSubmit={handleSubmit((fields) => fields.run_id.trim() && onOpen(fields.run_id.trim()))} sx={{ display: "flex", gap: 1, mt: 2 }}>
      <TextField label="Run id" size="small" sx={{ minWidth: 360 }} {...register("run_id")} />
      <Button type="submit" variant="outlined">Open run</Button>
    </Box>
  );
}

function RunView({ runId }: { runId: string }) {
  const queries = useQueryClient();
  const run = useQuery({
    queryKey: ["report-run", runId],
    queryFn: async () => {
      const read = await unwrap(api.GET("/api/v1/report-runs/{resource_id}", { params: { path: { resource_id: runId } } }));
      if (FINISHED.includes(read.status)) void queries.invalidateQueries({ queryKey: RUNS });  // the list shows it ended
      return read;
    },
    refetchInterval: (query) => (query.state.data && FINISHED.includes(query.state.data.status) ? false : 1000),
  });
  if (!run.data) return <ApiError error={run.error} />;
  return <RunDetail run={run.data} />;
}

function RunDetail({ run }: { run: Run }) {
  const succeeded = run.status === "succeeded";
  const questions = useQuery({
    queryKey: ["report-run", run.id, "questions"],
    enabled: succeeded,
    queryFn: () => unwrap(api.GET("/api/v1/report-runs/{resource_id}/questions", { params: { path: { resource_id: run.id } } })),
  });
  const [question, setQuestion] = useState<string>();
  const chosen = question ?? questions.data?.[0]?.id;
  const { report, start, end } = run.parameters;
  return (
    <Section title={`${reportLabel(report)}, ${start} to ${end}`}>
      <Typography>Run {run.id}: <strong>{run.status}</strong>, started {when(run.started_at ?? run.created_at)}{run.finished_at ? `, finished ${when(run.finished_at)}` : ""}.</Typography>
      {!succeeded && run.status !== "failed" && run.status !== "cancelled" && (
        <Box sx={{ my: 1 }}>
          <LinearProgress variant="determinate" value={Math.round(run.progress * 100)} aria-label="Report progress" />
          <Typography role="status">{run.questions_done} of {run.questions_total} questions done</Typography>
        </Box>
      )}
      {run.error && <Typography role="alert" color="error">The run failed: {run.error}</Typography>}
      {succeeded && (
        <>
          <Stack direction="row" spacing={2} sx={{ my: 1 }}>
            <Download path={`/report-runs/${run.id}/zip`}>Download the Sage upload (zip)</Download>
            <Download path={`/report-runs/${run.id}/xlsx`}>Download as XLSX</Download>
          </Stack>
          <ApiError error={questions.error} />
          <TextField select label="Question" size="small" value={chosen ?? ""} onChange={(event) => setQuestion(event.target.value)} sx={{ minWidth: 360, my: 1 }}>
            {(questions.data ?? []).map((q) => <MenuItem key={q.id} value={q.id}>{q.id}: {q.title}</MenuItem>)}
          </TextField>
          {chosen && <QuestionView runId={run.id} questionId={chosen} />}
        </>
      )}
    </Section>
  );
}


// Bed nights (HUD 4.14) in bulk, through POST /services/batch (all or nothing): a night-by-night shelter's night for
// everyone in it (the Bed nights screen: one of the agency's projects, a date, who is in it that night from
// GET /projects/{id}/roster, each to tick), or one client's nights for a run of dates (BedNightRun, on their
// enrollment). The server holds HUD's rules (a night within the stay and before the exit date, one a date); a refusal
// names each item, shown on its row.
import { useState } from "react";
import { Alert, Box, Button, Checkbox, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ApiFailure, useApi, useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { Heading } from "../parts";
import { personName, projectName, useProjects } from "./api";

// HUD 4.14: a bed night is a Services record of RecordType 200, whose TypeProvided is 200 too.
export const BED_NIGHT = 200;
export const NIGHTS_AT_ONCE = 400;  // the batch's limit (clients.contract.schemas.SERVICES_AT_ONCE)
type Roster = components["schemas"]["RosterEntry"];
type Item = { enrollment_id: string; date_provided: string; record_type: number; type_provided: number };

const today = () => new Date().toISOString().slice(0, 10);
export const bedNight = (enrollmentId: string, date: string): Item =>
  ({ enrollment_id: enrollmentId, date_provided: date, record_type: BED_NIGHT, type_provided: BED_NIGHT });

/** Each refused item's rules, by its index in the batch (the 422's or 409's `fields.services`). */
export function refusedItems(error: unknown): Record<number, string[]> {
  if (!(error instanceof ApiFailure)) return {};
  const items = (error.body.fields as unknown as { services?: Record<string, Record<string, string[]>> } | undefined)?.services ?? {};
  return Object.fromEntries(Object.entries(items).map(([index, fields]) =>
    [Number(index), Object.entries(fields).map(([field, rules]) => `${field.replace(/_/g, " ")}: ${rules.join("; ")}`)]));
}

export function useRecordServices(invalidates: string[][]) {
  return useApiMutation((items: Item[]) => api.POST("/api/v1/services/batch", { body: { services: items } as never }), invalidates);
}

/** The dates from `from` to `to`, both included (YYYY-MM-DD). */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date(`${to}T00:00:00Z`) && dates.length <= NIGHTS_AT_ONCE;
    day.setUTCDate(day.getUTCDate() + 1)) dates.push(day.toISOString().slice(0, 10));
  return dates;
}

export function BedNightsScreen() {
  const projects = useProjects();
  const [projectId, setProjectId] = useState("");
  const [date, setDate] = useState(today());
  return (
    <Stack spacing={2}>
      <Heading>Bed nights</Heading>
      <Typography>A night-by-night shelter's night: who was in the project that night, each with a bed night to record.</Typography>
      {projects.isPending ? <CircularProgress aria-label="Loading the projects" /> : projects.error ? <ApiError error={projects.error} /> : (
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
          <TextField select label="Project" value={projectId} onChange={(e) => setProjectId(e.target.value)} sx={{ minWidth: 320 }}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
            <option value="">Choose a project</option>
            {projects.projects.map((project) => (
              <option key={project.project_id} value={project.project_id ?? ""}>{projectName(project)}</option>
            ))}
          </TextField>
          <TextField label="Night of" type="date" value={date} onChange={(e) => setDate(e.target.value)} required
            slotProps={{ inputLabel: { shrink: true } }} />
        </Stack>
      )}
      {projectId && date && <Night key={`${projectId} ${date}`} projectId={projectId} date={date} />}
    </Stack>
  );
}

function Night({ projectId, date }: { projectId: string; date: string }) {
  const key = ["projects", projectId, "roster", date];
  const roster = useApi(key, () => api.GET("/api/v1/projects/{resource_id}/roster",
    { params: { path: { resource_id: projectId }, query: { on: date } } }));
  const [chosen, setChosen] = useState<string[]>([]);
  const [sent, setSent] = useState<string[]>([]);  // the enrollments of the last batch, in its order
  const [recorded, setRecorded] = useState<number | null>(null);
  const record = useRecordServices([key, ["enrollments"]]);
  if (roster.isPending) return <CircularProgress aria-label="Loading who is in the project" />;
  if (!roster.data) return <ApiError error={roster.error} />;
  const open = roster.data.filter((row) => !row.bed_night);
  const refused = refusedItems(record.error);
  const problemOf = (row: Roster) => refused[sent.indexOf(row.enrollment_id)];
  const toggle = (id: string) => setChosen((all) => all.includes(id) ? all.filter((each) => each !== id) : [...all, id]);
  const submit = () => {
    const order = open.map((row) => row.enrollment_id).filter((id) => chosen.includes(id));
    setSent(order);
    setRecorded(null);
    record.mutate(order.map((id) => bedNight(id, date)), { onSuccess: () => { setRecorded(order.length); setChosen([]); } });
  };
  if (roster.data.length === 0) return <Alert severity="info">No one is in this project on the night of {date}.</Alert>;
  return (
    <Stack spacing={2} component="section" aria-labelledby="night-title">
      <Typography id="night-title" variant="h6" component="h2">In the project on the night of {date}</Typography>
      <Box>
        <Button variant="outlined" disabled={open.length === 0} onClick={() => setChosen(open.map((row) => row.enrollment_id))}>
          Choose everyone without a bed night
        </Button>
      </Box>
      <Table size="small" aria-labelledby="night-title" sx={{ maxWidth: 840 }}>
        <TableHead>
          <TableRow><TableCell>Bed night</TableCell><TableCell>Client</TableCell><TableCell>Household</TableCell><TableCell>Entry</TableCell></TableRow>
        </TableHead>
        <TableBody>
          {roster.data.map((row) => (
            <TableRow key={row.enrollment_id}>
              <TableCell>
                {row.bed_night ? "Recorded" : (
                  <Checkbox checked={chosen.includes(row.enrollment_id)} onChange={() => toggle(row.enrollment_id)}
                    slotProps={{ input: { "aria-label": `Bed night for ${personName(row)}` } }} />
                )}
              </TableCell>
              <TableCell>
                {personName(row)}
                {problemOf(row) && <Typography variant="body2" color="error">Not recorded: {problemOf(row).join("; ")}</Typography>}
              </TableCell>
              <TableCell>{row.relationship_to_hoh === 1 ? "Head of household" : "Member"}</TableCell>
              <TableCell>{row.entry_date}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {recorded !== null && <Alert severity="success">{recorded} bed night{recorded === 1 ? "" : "s"} recorded for the night of {date}.</Alert>}
      <ApiError error={record.error} />
      <Box>
        <Button variant="contained" disabled={chosen.length === 0 || record.isPending} onClick={submit}>
          Record {chosen.length} bed night{chosen.length === 1 ? "" : "s"}
        </Button>
      </Box>
    </Stack>
  );
}

/** One client's bed nights for a run of dates, on their enrollment. */
export function BedNightRun({ enrollmentId, clientId, onDone }: { enrollmentId: string; clientId: string; onDone: () => void }) {
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [count, setCount] = useState<number | null>(null);
  const record = useRecordServices([["enrollments", enrollmentId], ["clients", clientId, "summary"]]);
  const nights = from && to && from <= to ? datesFrom(from, to) : [];
  const refused = refusedItems(record.error);
  if (count !== null) {
    return <Alert severity="success" action={<Button onClick={onDone}>Close</Button>}>{count} bed night{count === 1 ? "" : "s"} recorded.</Alert>;
  }
  return (
    <Box component="form" noValidate aria-labelledby="run-title" sx={{ maxWidth: 560 }}
      onSubmit={(event) => { event.preventDefault(); record.mutate(nights.map((night) => bedNight(enrollmentId, night)), { onSuccess: () => setCount(nights.length) }); }}>
      <Typography id="run-title" variant="h6" component="h3" gutterBottom>Bed nights</Typography>
      <Stack spacing={2}>
        <Stack direction="row" spacing={2}>
          <TextField label="First night" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="Last night" type="date" value={to} onChange={(e) => setTo(e.target.value)} required slotProps={{ inputLabel: { shrink: true } }} />
        </Stack>
        <Typography variant="body2">
          {nights.length === 0 ? "The last night is not before the first." : nights.length > NIGHTS_AT_ONCE
            ? `At most ${NIGHTS_AT_ONCE} nights at once.` : `${nights.length} night${nights.length === 1 ? "" : "s"}, one bed night each.`}
        </Typography>
        {Object.keys(refused).length > 0 && (
          <Alert severity="error">
            Nothing was recorded. {Object.entries(refused).map(([index, rules]) => `${nights[Number(index)]}: ${rules.join("; ")}`).join(" ")}
          </Alert>
        )}
        {Object.keys(refused).length === 0 && <ApiError error={record.error} />}
        <Box>
          <Button type="submit" variant="contained" disabled={record.isPending || nights.length === 0 || nights.length > NIGHTS_AT_ONCE}>
            Record the bed nights
          </Button>
        </Box>
      </Stack>
    </Box>
  );
}

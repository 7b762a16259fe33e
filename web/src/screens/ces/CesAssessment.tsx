// A CES assessment at an access point (docs/ces.md): for a client (found by name, or `?client_id=` from a link),
// on one of their enrollments, with an instrument in force from the community's catalogue: each item's answers as
// the instrument gives them, the facts the policy sorts on and requirements test (each may stay unknown), and HUD's
// location and type. The ces service scores it, writes HUD 4.19 on the enrollment and places the client on the list.
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { Box, Button, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApi, useApiMutation, fieldErrors } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section } from "../parts";
import { HOUSEHOLD_TYPES, LIST, NATIVE, instrumentsInForce, shown, useInstruments, type Instrument } from "./api";

const today = () => new Date().toISOString().slice(0, 10);
const FLAGS = { chronic: "Chronically homeless", veteran: "Veteran", disability_verified: "Disability verified" } as const;
const NUMBERS = {
  days_homeless_3y: "Days homeless in the last 3 years", unsheltered_nights: "Unsheltered nights in the last 3 years",
  age: "Age", ami_percent: "Income, % of area median",
} as const;
const TYPES: Record<string, string> = { 1: "Phone", 2: "Virtual", 3: "In person" };

export function CesAssessment() {
  const [params, setParams] = useSearchParams();
  const clientId = params.get("client_id") ?? "";
  return (
    <Box>
      <Heading>CES assessment</Heading>
      {clientId
        ? <AssessClient clientId={clientId} onOther={() => setParams({})} />
        : <FindClient onPick={(id) => setParams({ client_id: id })} />}
    </Box>
  );
}

function FindClient({ onPick }: { onPick: (clientId: string) => void }) {
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const search = useApiMutation((body: { first_name?: string; last_name?: string }) =>
    api.POST("/api/v1/clients/search", { body: { ...body, limit: 20 } }));
  return (
    <Section title="Whom are you assessing?">
      <Stack component="form" aria-label="Find the client" direction={{ xs: "column", md: "row" }} spacing={2} alignItems="flex-start"
        onSubmit={(event) => { event.preventDefault(); search.mutate({ ...(first.trim() && { first_name: first.trim() }), ...(last.trim() && { last_name: last.trim() }) }); }}>
        <TextField label="First name" value={first} onChange={(event) => setFirst(event.target.value)} />
        <TextField label="Last name" value={last} onChange={(event) => setLast(event.target.value)} />
        <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={search.isPending}>Search</Button>
      </Stack>
      <ApiError error={search.error} />
      {search.data && (
        <DataTable caption="Matching clients" rows={search.data} rowKey={(candidate) => candidate.id} columns={[
          { label: "Name", cell: (candidate) => [candidate.first_name, candidate.last_name].filter(Boolean).join(" ") || "Name not recorded" },
          { label: "Date of birth", cell: (candidate) => candidate.dob ?? "—" },
          { label: "Assess", cell: (candidate) => (
            <Button size="small" onClick={() => onPick(candidate.id)}>
              Assess {[candidate.first_name, candidate.last_name].filter(Boolean).join(" ") || "this client"}
            </Button>
          ) },
        ]} />
      )}
    </Section>
  );
}

interface Result { score?: number; band?: string | null; recommendation?: string | null }

function AssessClient({ clientId, onOther }: { clientId: string; onOther: () => void }) {
  const enrollments = useApi(["clients", clientId, "enrollments"], () =>
    api.GET("/api/v1/clients/{resource_id}/enrollments", { params: { path: { resource_id: clientId } } }));
  const instruments = useInstruments();
  const [result, setResult] = useState<Result>();
  const [enrollmentId, setEnrollmentId] = useState("");
  const [assessedOn, setAssessedOn] = useState(today());
  const [code, setCode] = useState("");
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [facts, setFacts] = useState<Record<string, string>>({});
  const [location, setLocation] = useState("Access point");
  const [type, setType] = useState("3");
  const record = useApiMutation((body: Record<string, unknown>) => api.POST("/api/v1/ces/assessments", { body: body as never }), [LIST]);
  const available = instrumentsInForce(instruments.data ?? [], assessedOn);
  const instrument = available.find((candidate) => candidate.code === code) ?? (available.length === 1 ? available[0] : undefined);
  const server = fieldErrors(record.error);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!instrument) return;
    record.mutate({
      enrollment_id: enrollmentId, instrument: instrument.code, assessed_on: assessedOn, assessment_location: location,
      assessment_type: Number(type), answers, facts: factsOf(facts),
    }, { onSuccess: (assessed) => setResult(assessed) });
  };
  if (result) {
    return (
      <Section title="Recorded">
        <Box role="status">
          Score {result.score}, band {shown(result.band)}, recommendation {shown(result.recommendation)}. The assessment is recorded
          on the enrollment (HUD 4.19) and the client is on the prioritization list.
        </Box>
        <Button sx={{ mt: 2 }} variant="outlined" onClick={onOther}>Assess another client</Button>
      </Section>
    );
  }
  return (
    <Box component="form" noValidate onSubmit={submit} aria-label="CES assessment" sx={{ maxWidth: 760 }}>
      <ApiError error={enrollments.error ?? instruments.error ?? record.error} />
      <Stack spacing={2}>
        <TextField select label="Enrollment" value={enrollmentId} onChange={(event) => setEnrollmentId(event.target.value)} slotProps={NATIVE}
          required error={Boolean(server.enrollment_id)} helperText={server.enrollment_id?.join("; ") ?? (enrollments.data?.length === 0 ? "Enroll the client at your access point first" : undefined)}>
          <option value="">Choose the coordinated entry enrollment</option>
          {(enrollments.data ?? []).map((enrollment) => (
            <option key={enrollment.enrollment_id} value={enrollment.enrollment_id ?? ""}>
              Project {enrollment.project_id}, entered {enrollment.entry_date}
            </option>
          ))}
        </TextField>
        <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
          <TextField label="Assessment date" type="date" value={assessedOn} onChange={(event) => setAssessedOn(event.target.value)}
            slotProps={{ inputLabel: { shrink: true } }} required />
          <TextField label="Location" value={location} onChange={(event) => setLocation(event.target.value)} required
            error={Boolean(server.assessment_location)} helperText={server.assessment_location?.join("; ")} />
          <TextField select label="Assessment type" value={type} onChange={(event) => setType(event.target.value)} slotProps={NATIVE}>
            {Object.entries(TYPES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </TextField>
        </Stack>
        <TextField select label="Instrument" value={instrument?.code ?? ""} onChange={(event) => { setCode(event.target.value); setAnswers({}); }}
          slotProps={NATIVE} helperText={available.length === 0 && instruments.isSuccess ? "No instrument is in effect on that date" : undefined}>
          <option value="">Choose an instrument</option>
          {available.map((candidate) => <option key={candidate.code} value={candidate.code}>{candidate.name} (version {candidate.version})</option>)}
        </TextField>
        {instrument && <Questions instrument={instrument} answers={answers} errors={server}
          onAnswer={(item, option) => setAnswers({ ...answers, [item]: option })} />}
        <Section title="What is known of the client">
          <Typography variant="body2" sx={{ mb: 1 }}>Leave unknown what you do not know: an unknown fact meets no requirement.</Typography>
          <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
            {Object.entries(FLAGS).map(([name, label]) => (
              <TextField key={name} select label={label} value={facts[name] ?? ""} slotProps={NATIVE} sx={{ minWidth: 200 }}
                onChange={(event) => setFacts({ ...facts, [name]: event.target.value })}>
                <option value="">Unknown</option><option value="true">Yes</option><option value="false">No</option>
              </TextField>
            ))}
            {Object.entries(NUMBERS).map(([name, label]) => (
              <TextField key={name} label={label} type="number" value={facts[name] ?? ""} sx={{ minWidth: 200 }}
                slotProps={{ htmlInput: { min: 0 } }} error={Boolean(server[`facts.${name}`] ?? server.facts)}
                helperText={server[`facts.${name}`]?.join("; ")} onChange={(event) => setFacts({ ...facts, [name]: event.target.value })} />
            ))}
            <TextField select label="Household type" value={facts.household_type ?? ""} slotProps={NATIVE} sx={{ minWidth: 200 }}
              onChange={(event) => setFacts({ ...facts, household_type: event.target.value })}>
              <option value="">Unknown</option>
              {HOUSEHOLD_TYPES.map((household) => <option key={household} value={household}>{shown(household)}</option>)}
            </TextField>
            <TextField label="First date homeless" type="date" value={facts.first_homeless_on ?? ""} slotProps={{ inputLabel: { shrink: true } }}
              onChange={(event) => setFacts({ ...facts, first_homeless_on: event.target.value })} />
          </Stack>
        </Section>
        <Box>
          <Button type="submit" variant="contained" disabled={record.isPending || !instrument || !enrollmentId}>Record assessment</Button>
        </Box>
      </Stack>
    </Box>
  );
}

function Questions({ instrument, answers, errors, onAnswer }: {
  instrument: Instrument; answers: Record<string, string>; errors: Record<string, string[]>; onAnswer: (item: string, option: string) => void;
}) {
  return (
    <Stack spacing={2}>
      {instrument.items.map((item) => (
        <FormControl key={item.code} component="fieldset" error={Boolean(errors[`answers.${item.code}`])}>
          <FormLabel component="legend">{item.question}</FormLabel>
          <RadioGroup row value={answers[item.code] ?? ""} onChange={(event) => onAnswer(item.code, event.target.value)}>
            {item.options.map((option) => <FormControlLabel key={option.code} value={option.code} control={<Radio />} label={option.label} />)}
          </RadioGroup>
          {errors[`answers.${item.code}`] && <Typography variant="body2" color="error">{errors[`answers.${item.code}`].join("; ")}</Typography>}
        </FormControl>
      ))}
    </Stack>
  );
}

/** The facts as the service takes them: a known value each, the unknown left out. */
export function factsOf(facts: Record<string, string>): Record<string, unknown> {
  const known = Object.entries(facts).filter(([, value]) => value !== "");
  return Object.fromEntries(known.map(([name, value]) => {
    if (name in FLAGS) return [name, value === "true"];
    if (name in NUMBERS) return [name, Number(value)];
    return [name, value];
  }));
}

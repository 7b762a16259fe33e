// What an enrollment carries, recorded through HUD's forms: the member's entry records and exit records (what HUD
// collects of this member at project start and exit: MemberRecords), services, income and benefits, health and
// domestic violence, employment and education, youth education status, every disability type at once, bed nights for a run of dates, current living situation, an annual
// or update assessment; and
// the household, member by member (Household). Each form is the HUD record's, from the catalogue.
import { useState, type ReactNode } from "react";
import { useParams } from "react-router-dom";
import { Alert, Box, Button, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HudForm } from "../../hud/HudForm";
import { projectName, summaryKey, useEnrollment, type ClientEnrollment, type EnrollmentRecord } from "./api";
import { AssessmentStep } from "./AssessmentStep";
import { BedNightRun } from "./BedNights";
import { DisabilitiesStep } from "./Disabilities";
import { Household } from "./Household";
import { EXIT, MemberRecords, START, STAGE_WORDS } from "./MemberRecords";

interface Kind {
  path: string;            // POST /enrollments/{id}/<path>
  key: keyof EnrollmentRecord;
  record: string;          // the HUD record (its form)
  title: string;
  fields?: string[];       // the fields asked here (default: all of the record's)
  step?: Open;             // recorded by a step of its own, not a single form
}

// The steps beside the single records: the annual or update assessment, the disabilities, the entry and exit records.
const ASSESSMENT = "assessment";
const DISABILITIES = "disabilities";
const BED_NIGHTS = "bed nights";
type Open = Kind | typeof ASSESSMENT | typeof DISABILITIES | typeof BED_NIGHTS | typeof START | typeof EXIT;

export const KINDS: Kind[] = [
  { path: "services", key: "services", record: "Services", title: "Service",
    fields: ["date_provided", "record_type", "type_provided", "other_type_provided", "sub_type_provided", "fa_amount", "referral_outcome"] },
  { path: "income-benefits", key: "income_benefits", record: "IncomeBenefits", title: "Income and benefits",
    fields: ["information_date", "data_collection_stage", "income_from_any_source", "earned", "earned_amount", "unemployment",
      "unemployment_amount", "ssi", "ssi_amount", "ssdi", "ssdi_amount", "total_monthly_income", "benefits_from_any_source",
      "snap", "wic", "insurance_from_any_source", "medicaid", "no_medicaid_reason", "medicare", "no_medicare_reason"] },
  { path: "health-and-dv", key: "health_and_dv", record: "HealthAndDV", title: "Health and domestic violence" },
  { path: "employment-education", key: "employment_education", record: "EmploymentEducation", title: "Employment and education" },
  { path: "youth-education-status", key: "youth_education_status", record: "YouthEducationStatus", title: "Youth education status" },
  { path: "disabilities", key: "disabilities", record: "Disabilities", title: "Disability", step: DISABILITIES },
  { path: "current-living-situations", key: "current_living_situations", record: "CurrentLivingSituation", title: "Current living situation",
    fields: ["information_date", "current_living_situation", "cls_subsidy_type", "verified_by", "location_details"] },
  { path: "exit", key: "exit", record: "Exit", title: "Exit", step: EXIT },
];

// `enrollments`: the client's, from the profile's summary (their projects' names).
export function EnrollmentRecords({ clientId, enrollments }: { clientId: string; enrollments: ClientEnrollment[] }) {
  const { enrollmentId = "" } = useParams();
  // Another enrollment (a household member's, by its link) starts afresh: no form of the last one left open.
  return <Enrollment key={enrollmentId} enrollmentId={enrollmentId} clientId={clientId} enrollments={enrollments} />;
}

function Enrollment({ enrollmentId, clientId, enrollments }: { enrollmentId: string; clientId: string; enrollments: ClientEnrollment[] }) {
  const enrollment = useEnrollment(enrollmentId);
  const [open, setOpen] = useState<Open | null>(null);
  const [saved, setSaved] = useState<Open | null>(null);  // the entry or exit step just recorded
  const choose = (step: Open) => { setOpen(step); setSaved(null); };
  if (enrollment.isPending) return <CircularProgress aria-label="Loading the enrollment" />;
  if (!enrollment.data) return <ApiError error={enrollment.error} />;
  const record = enrollment.data;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        Enrollment in {projectName(enrollments.find((each) => each.enrollment_id === enrollmentId) ?? record)}, from {record.entry_date}
      </Typography>
      <Table size="small" aria-label="Records of this enrollment" sx={{ maxWidth: 560 }}>
        <TableHead><TableRow><TableCell>Record</TableCell><TableCell>Recorded</TableCell></TableRow></TableHead>
        <TableBody>
          {KINDS.map((kind) => {
            const held = record[kind.key];
            const count = Array.isArray(held) ? held.length : held ? 1 : 0;
            return <TableRow key={kind.path}><TableCell>{kind.title}</TableCell><TableCell>{held === undefined ? "not shown to you" : count}</TableCell></TableRow>;
          })}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" aria-label="Record">
        <OpenButton open={open} step={START} setOpen={choose}>Record {STAGE_WORDS[START]} records</OpenButton>
        {KINDS.filter((kind) => !kind.step).map((kind) => (
          <OpenButton key={kind.path} open={open} step={kind} setOpen={choose}>Record {kind.title.toLowerCase()}</OpenButton>
        ))}
        <OpenButton open={open} step={BED_NIGHTS} setOpen={choose}>Record bed nights</OpenButton>
        <OpenButton open={open} step={DISABILITIES} setOpen={choose}>Record disabilities</OpenButton>
        <OpenButton open={open} step={ASSESSMENT} setOpen={choose}>Record an annual or update assessment</OpenButton>
        {!record.exit && <OpenButton open={open} step={EXIT} setOpen={choose}>Record exit</OpenButton>}
      </Stack>
      {open === ASSESSMENT && <AssessmentStep enrollmentId={enrollmentId} clientId={clientId} onDone={() => setOpen(null)} />}
      {open === BED_NIGHTS && <BedNightRun enrollmentId={enrollmentId} clientId={clientId} onDone={() => setOpen(null)} />}
      {open === DISABILITIES && <DisabilitiesStep enrollmentId={enrollmentId} clientId={clientId} onDone={() => setOpen(null)} />}
      {(open === START || open === EXIT) && (
        <Box component="section" aria-labelledby="member-records-title">
          <Typography id="member-records-title" variant="h6" component="h3" gutterBottom>{open === START ? "Entry records" : "Exit and exit records"}</Typography>
          {saved === open
            ? <Alert severity="success" action={<Button onClick={() => setOpen(null)}>Close</Button>}>The {STAGE_WORDS[open]} records are recorded.</Alert>
            : <MemberRecords key={open} enrollmentId={enrollmentId} clientId={record.client_id ?? clientId} pageClientId={clientId}
                stage={open} onDone={() => setSaved(open)} />}
        </Box>
      )}
      {typeof open === "object" && open && <RecordForm key={open.path} kind={open} enrollmentId={enrollmentId} clientId={clientId} onDone={() => setOpen(null)} />}
      <Household enrollmentId={enrollmentId} clientId={clientId} />
    </Stack>
  );
}

function OpenButton({ open, step, setOpen, children }: { open: Open | null; step: Open; setOpen: (step: Open) => void; children: ReactNode }) {
  return <Button variant={open === step ? "contained" : "outlined"} onClick={() => setOpen(step)}>{children}</Button>;
}

function RecordForm({ kind, enrollmentId, clientId, onDone }: { kind: Kind; enrollmentId: string; clientId: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const write = useApiMutation((body: Record<string, unknown>) =>
    api.POST(`/api/v1/enrollments/{resource_id}/${kind.path}` as "/api/v1/enrollments/{resource_id}/services",
      { params: { path: { resource_id: enrollmentId } }, body: body as never }),
  [["enrollments"], summaryKey(clientId)]);  // every enrollment read: an exit changes its household's too
  if (saved) return <Alert severity="success" action={<Button onClick={onDone}>Close</Button>}>{kind.title} recorded.</Alert>;
  return (
    <Box component="section" aria-label={kind.title}>
      <Typography variant="h6" component="h3" gutterBottom>{kind.title}</Typography>
      <HudForm record={kind.record} fields={kind.fields} submitLabel={`Save the ${kind.title.toLowerCase()}`}
        onSubmit={(body) => write.mutate(body, { onSuccess: () => setSaved(true) })} pending={write.isPending} error={write.error} />
    </Box>
  );
}

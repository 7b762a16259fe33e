// One household member's records at a data-collection stage, recorded on the member's own enrollment: project start
// (1) or exit (3), the household stepping through its members, or an update (2) or annual assessment (5) on a date
// of the user's choice (AssessmentStep). At exit the exit itself first (its date is the stage's information date);
// then income, benefits and health insurance, health and domestic violence, employment and education, youth
// education status, and every disability type at once. Each asks only what HUD collects of this member at this
// stage: every field names its data element in the server's catalogue, with whom HUD collects it for (every client,
// or the head of household and adults) and at which stages (hud/rules.ts `collected`); a field of no element is asked
// at every stage. Project start and exit are recorded once: what the enrollment already holds at the stage is shown
// as recorded and not asked again, so a retry after a refusal, or a second visit, records only what is missing. An
// update records what changed: a record or disability type left blank is not written.
import { useEffect, useState, type ReactNode } from "react";
import { Alert, Box, Button, CircularProgress, Stack, Typography } from "@mui/material";
import { useForm } from "react-hook-form";
import { api } from "../../api/client";
import { fieldErrors, useApi, useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HudFields, pick, useHudForm } from "../../hud/HudForm";
import { ageOn, collected, elementOf, toBody, type Answers, type HudField, type Member } from "../../hud/rules";
import { useEnrollment, type EnrollmentRecord } from "./api";
import { DisabilityTypes, disabilityBody, disabilityParts, typePrefix } from "./Disabilities";

// HUD's DataCollectionStage codes of the two stages a household steps through member by member.
export const START = 1;
export const UPDATE = 2;
export const EXIT = 3;
export const ANNUAL = 5;
export const STAGE_WORDS: Record<number, string> = { [START]: "entry", [UPDATE]: "update", [EXIT]: "exit", [ANNUAL]: "annual assessment" };
const ONCE = [START, EXIT];  // the server keeps one record of each at these stages (an annual one per anniversary)
export const EXIT_FIELDS = ["exit_date", "destination", "destination_subsidy_type", "other_destination", "project_completion_status"];
const EXIT_PREFIX = "exit__";

type PartRecord = "IncomeBenefits" | "HealthAndDV" | "EmploymentEducation" | "YouthEducationStatus";
interface Part {
  key: "income_benefits" | "health_and_dv" | "employment_education" | "youth_education_status";  // in the enrollment's answer
  path: string;     // POST /enrollments/{id}/<path>
  record: PartRecord;
  title: string;
  fields?: string[];  // the fields asked (default: all of the record's but its date and stage, which the step sets)
  prefix: string;
}
const SET_BY_THE_STEP = ["information_date", "data_collection_stage"];
export const INCOME_FIELDS = ["income_from_any_source", "earned", "earned_amount", "unemployment", "unemployment_amount",
  "ssi", "ssi_amount", "ssdi", "ssdi_amount", "total_monthly_income", "benefits_from_any_source", "snap", "wic",
  "insurance_from_any_source", "medicaid", "no_medicaid_reason", "medicare", "no_medicare_reason"];
export const HEALTH_FIELDS = ["domestic_violence_survivor", "when_occurred", "currently_fleeing", "general_health_status",
  "dental_health_status", "mental_health_status", "pregnancy_status", "due_date"];

const PARTS: Part[] = [
  { key: "income_benefits", path: "income-benefits", record: "IncomeBenefits", title: "Income, benefits and health insurance",
    fields: INCOME_FIELDS, prefix: "ib__" },
  { key: "health_and_dv", path: "health-and-dv", record: "HealthAndDV", title: "Health and domestic violence",
    fields: HEALTH_FIELDS, prefix: "hd__" },
  { key: "employment_education", path: "employment-education", record: "EmploymentEducation", title: "Employment and education",
    prefix: "ee__" },
  { key: "youth_education_status", path: "youth-education-status", record: "YouthEducationStatus", title: "Youth education status",
    prefix: "ye__" },
];

interface Write {
  id: string;            // which write of the step (a retry skips those saved)
  title: string;
  path: string;
  prefix: string;
  fields: HudField[];    // the fields it shows (a refusal naming another, such as the stage, is said in words only)
  body: Record<string, unknown>;
}

type Staged = { data_collection_stage?: number | null; disability_type?: number | null };

/** `clientId`: the member's client; `pageClientId`: the profile the step is shown on (its summary is read again).
 * `date`: an update's or annual assessment's information date. `onSaved()`: a record of the step is recorded;
 * `onDone(date)`: every record of the stage is recorded now, on `date`; `onFound()`: they were all recorded before. */
export function MemberRecords({ enrollmentId, clientId, pageClientId, stage, exitDate, date, onSaved, onDone, onFound }: {
  enrollmentId: string; clientId: string; pageClientId: string; stage: number; exitDate?: string; date?: string;
  onSaved?: () => void; onDone: (date: string) => void; onFound?: () => void;
}) {
  const enrollment = useEnrollment(enrollmentId);
  const client = useApi(["clients", clientId, "record"], () =>
    api.GET("/api/v1/clients/{resource_id}", { params: { path: { resource_id: clientId } } }));
  const forms = { Exit: useHudForm("Exit"), IncomeBenefits: useHudForm("IncomeBenefits"), HealthAndDV: useHudForm("HealthAndDV"),
    EmploymentEducation: useHudForm("EmploymentEducation"), YouthEducationStatus: useHudForm("YouthEducationStatus"),
    Disabilities: useHudForm("Disabilities") };
  const form = useForm<Answers>({ shouldUnregister: true, defaultValues: { [`${EXIT_PREFIX}exit_date`]: exitDate } });
  const [saved, setSaved] = useState<string[]>([]);
  const [failed, setFailed] = useState<string>();
  const write = useApiMutation((each: Write) =>
    api.POST(`/api/v1/enrollments/{resource_id}/${each.path}` as "/api/v1/enrollments/{resource_id}/income-benefits",
      { params: { path: { resource_id: enrollmentId } }, body: each.body as never }),
  [["enrollments"], ["clients", pageClientId, "summary"]]);

  const loading = [enrollment, client, ...Object.values(forms)];
  if (loading.some((read) => read.isPending)) return <CircularProgress aria-label="Loading the member's records" />;
  const refused = [enrollment, ...Object.values(forms)].find((read) => !read.data);
  if (refused) return <ApiError error={refused.error} />;
  const record = enrollment.data as EnrollmentRecord;
  const entry = record.entry_date ?? "";
  const once = ONCE.includes(stage);
  // HUD asks by the member's age on the record's date: at project start their entry, at exit their exit (recorded,
  // or the household's being recorded), else the date given; one turning 18 mid-stay is asked as an adult from then.
  const asOf = stage === START ? entry : stage === EXIT ? record.exit?.exit_date ?? exitDate ?? entry : date ?? entry;
  const member: Member = { head: record.relationship_to_hoh === 1, age: ageOn(client.data?.dob, asOf) };
  const asked = (fields: HudField[]) => fields.filter((field) => collected(field, stage, member));
  const atStage = (records: unknown) => once ? ((records ?? []) as Staged[]).filter((each) => each.data_collection_stage === stage) : [];

  const exitNeeded = stage === EXIT && !record.exit;
  const exitFields = asked(pick(forms.Exit.data!, EXIT_FIELDS));
  const parts = PARTS.map((part) => {
    const definition = forms[part.record].data!;
    const all = pick(definition, part.fields ?? definition.fields.map((field) => field.name).filter((name) => !SET_BY_THE_STEP.includes(name)));
    return { ...part, all, fields: asked(all), recorded: atStage(record[part.key]).length > 0 };
  });
  const disabilities = disabilityParts(forms.Disabilities.data!);
  // Each type's answer (4.05-4.10) is what a disability record holds: at a stage HUD does not ask it (an annual
  // assessment), none is asked, nor HOPWA's T-cell questions (W4) on the HIV/AIDS record with it.
  const disabilityFields = disabilities.fields.some((field) => field.name === "disability_response" && collected(field, stage, member))
    ? asked(disabilities.fields) : [];
  const recordedTypes = atStage(record.disabilities).map((each) => each.disability_type!);
  // Elements HUD collects at this stage but not of this member (a child: income, benefits, domestic violence ...).
  const notAsked = [...new Set(parts.flatMap((part) => part.all)
    .filter((field) => elementOf(field)?.stages.includes(stage) && !collected(field, stage, member))
    .map((field) => `${elementOf(field)!.number} ${elementOf(field)!.name}`))];

  // The stage's date: the member's entry, their exit (recorded, or being recorded now), or the one given.
  const dateOf = (answers: Answers) => stage === START ? entry
    : stage === EXIT ? record.exit?.exit_date ?? String(answers[`${EXIT_PREFIX}exit_date`] ?? "") : date ?? "";
  // An update records what changed; project start, exit and an annual assessment record each record (a blank answer
  // HUD requires is the server's 99, data not collected).
  const written = (body: Record<string, unknown>, set: string[] = []) =>
    stage !== UPDATE || Object.keys(body).some((name) => !set.includes(name));
  const writes = (answers: Answers): Write[] => {
    const staged = { information_date: dateOf(answers), data_collection_stage: stage };
    return [
      ...(exitNeeded ? [{ id: "exit", title: "Exit", path: "exit", prefix: EXIT_PREFIX, fields: exitFields, body: toBody(exitFields, answers, EXIT_PREFIX) }] : []),
      ...parts.filter((part) => !part.recorded && part.fields.length > 0)
        .map((part) => ({ part, body: toBody(part.fields, answers, part.prefix) })).filter(({ body }) => written(body))
        .map(({ part, body }) => ({ id: part.key, title: part.title, path: part.path, prefix: part.prefix, fields: part.fields,
          body: { ...body, ...staged } })),
      ...(disabilityFields.length === 0 ? [] : disabilities.types.filter((type) => !recordedTypes.includes(type.code))
        .map((type) => ({ type, body: disabilityBody(type, disabilityFields, answers) }))
        .filter(({ body }) => written(body, ["disability_type"]))
        .map(({ type, body }) => ({ id: `disability-${type.code}`, title: `Disabilities: ${type.label}`, path: "disabilities",
          prefix: typePrefix(type), fields: disabilityFields, body: { ...body, ...staged } }))),
    ];
  };
  const submit = async (answers: Answers) => {
    for (const each of writes(answers).filter((one) => !saved.includes(one.id))) {
      setFailed(undefined);
      try {
        await write.mutateAsync(each);
      } catch (error) {
        setFailed(each.title);
        // A field's refusal is shown on it (an error on no field would hold back the next submit).
        for (const [name, rules] of Object.entries(fieldErrors(error)).filter(([name]) => each.fields.some((field) => field.name === name))) {
          form.setError(each.prefix + name, { type: "server", message: rules.join("; ") });
        }
        throw error;
      }
      setSaved((done) => [...done, each.id]);
      onSaved?.();
    }
    onDone(dateOf(answers));
  };

  const nothingLeft = !exitNeeded && parts.every((part) => part.recorded || part.fields.length === 0)
    && (disabilityFields.length === 0 || disabilities.types.every((type) => recordedTypes.includes(type.code)));
  const words = STAGE_WORDS[stage];
  if (nothingLeft) return <AllRecorded words={words} onShown={onFound} />;
  return (
    <Box component="form" noValidate aria-label={`This member's ${words} records`}
      onSubmit={form.handleSubmit((answers) => submit(answers).catch(() => undefined))}>
      <Stack spacing={2} sx={{ maxWidth: 560 }}>
        <Typography variant="body2">
          {stage === START ? `Recorded at project start, on the member's entry date (${entry}).`
            : stage === EXIT ? "Recorded at project exit, on the member's exit date." : `Recorded as ${words === "update" ? "an" : "the"} ${words} of ${date}.`}
          {member.age !== null && ` Age ${stage === START ? "at entry" : stage === EXIT ? "at exit" : "then"}: ${member.age}.`}
        </Typography>
        {notAsked.length > 0 && (
          <Alert severity="info">Not asked of this member (HUD collects these of the head of household and adults): {notAsked.join(", ")}.</Alert>
        )}
        {stage === EXIT && (
          <Section title="Exit" recorded={!exitNeeded}>
            <HudFields fields={exitFields} form={form} prefix={EXIT_PREFIX} />
          </Section>
        )}
        {parts.filter((part) => part.fields.length > 0).map((part) => (
          <Section key={part.key} title={part.title} recorded={part.recorded || saved.includes(part.key)}>
            <HudFields fields={part.fields} form={form} prefix={part.prefix} />
          </Section>
        ))}
        {disabilityFields.length > 0 && (
          <Section title="Disabilities" recorded={false}>
            <DisabilityTypes types={disabilities.types} fields={disabilityFields} form={form}
              recorded={[...recordedTypes, ...disabilities.types.filter((type) => saved.includes(`disability-${type.code}`)).map((type) => type.code)]} />
          </Section>
        )}
        {failed && <Typography color="error">Not recorded: {failed}.</Typography>}
        <ApiError error={write.error} />
        <Box><Button type="submit" variant="contained" disabled={write.isPending}>Save this member's {words} records</Button></Box>
      </Stack>
    </Box>
  );
}

function AllRecorded({ words, onShown }: { words: string; onShown?: () => void }) {
  useEffect(() => onShown?.(), [onShown]);
  return <Alert severity="success">Every {words} record HUD collects of this member is recorded.</Alert>;
}

function Section({ title, recorded, children }: { title: string; recorded: boolean; children: ReactNode }) {
  return (
    <Stack component="fieldset" spacing={2} sx={{ border: 0, p: 0, m: 0 }} disabled={recorded}>
      <Typography component="legend" variant="subtitle1" fontWeight={600} sx={{ mb: 1 }}>{title}{recorded ? ": recorded" : ""}</Typography>
      {!recorded && children}
    </Stack>
  );
}

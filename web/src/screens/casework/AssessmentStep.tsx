// An annual or update assessment as a step of its own: one date and one data-collection stage (2 update, 5 annual
// assessment) for the income, benefits and insurance (HUD's IncomeBenefits) and the health and domestic violence
// (HealthAndDV) asked again, recorded as one record of each. The questions come from the two HUD forms. The server
// holds HUD's rules across records: an annual assessment within 30 days of an anniversary of the head of household's
// entry, once per anniversary (its refusal is shown on the form).
import { useState } from "react";
import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from "@mui/material";
import { useForm } from "react-hook-form";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HudFields, pick, useHudForm } from "../../hud/HudForm";
import { toBody, type Answers } from "../../hud/rules";
import { summaryKey } from "./api";

export const STAGES = [{ code: 2, label: "Update" }, { code: 5, label: "Annual assessment" }];
export const INCOME_FIELDS = ["income_from_any_source", "earned", "earned_amount", "unemployment", "unemployment_amount",
  "ssi", "ssi_amount", "ssdi", "ssdi_amount", "total_monthly_income", "benefits_from_any_source", "snap", "wic",
  "insurance_from_any_source", "medicaid", "no_medicaid_reason", "medicare", "no_medicare_reason"];
export const HEALTH_FIELDS = ["domestic_violence_survivor", "when_occurred", "currently_fleeing", "general_health_status",
  "dental_health_status", "mental_health_status", "pregnancy_status", "due_date"];
const RECORDS = [
  { path: "income-benefits", record: "IncomeBenefits", title: "Income and benefits" },
  { path: "health-and-dv", record: "HealthAndDV", title: "Health and domestic violence" },
] as const;

export function AssessmentStep({ enrollmentId, clientId, onDone }: { enrollmentId: string; clientId: string; onDone: () => void }) {
  const income = useHudForm("IncomeBenefits");
  const health = useHudForm("HealthAndDV");
  const form = useForm<Answers>({ shouldUnregister: true });
  const [stage, setStage] = useState(2);
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [saved, setSaved] = useState<string[]>([]);   // the records of this step already recorded (a retry skips them)
  const write = useApiMutation((body: { path: string; answers: Record<string, unknown> }) =>
    api.POST(`/api/v1/enrollments/{resource_id}/${body.path}` as "/api/v1/enrollments/{resource_id}/income-benefits",
      { params: { path: { resource_id: enrollmentId } }, body: body.answers as never }),
  [["enrollments", enrollmentId], summaryKey(clientId)]);
  if (income.isPending || health.isPending) return <CircularProgress aria-label="Loading the forms" />;
  if (!income.data || !health.data) return <ApiError error={income.error ?? health.error} />;
  const questions = { IncomeBenefits: pick(income.data, INCOME_FIELDS), HealthAndDV: pick(health.data, HEALTH_FIELDS) };
  const done = saved.length === RECORDS.length;

  const submit = async (answers: Answers) => {
    for (const record of RECORDS.filter((each) => !saved.includes(each.path))) {
      const body = { ...toBody(questions[record.record], answers), information_date: date, data_collection_stage: stage };
      await write.mutateAsync({ path: record.path, answers: body });
      setSaved((all) => [...all, record.path]);
    }
  };
  if (done) {
    const label = STAGES.find((each) => each.code === stage)!.label;
    return <Alert severity="success" action={<Button onClick={onDone}>Close</Button>}>{label} of {date} recorded.</Alert>;
  }
  return (
    <Box component="form" noValidate aria-labelledby="assessment-title"
      onSubmit={form.handleSubmit((answers) => submit(answers).catch(() => undefined))}>
      <Typography id="assessment-title" variant="h6" component="h3" gutterBottom>Annual or update assessment</Typography>
      <Stack spacing={2} sx={{ maxWidth: 560 }}>
        <TextField select label="Data collection stage" value={stage} onChange={(e) => setStage(Number(e.target.value))}
          disabled={saved.length > 0} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
          {STAGES.map((each) => <option key={each.code} value={each.code}>{each.label}</option>)}
        </TextField>
        <TextField label="Information date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required
          disabled={saved.length > 0} slotProps={{ inputLabel: { shrink: true } }} />
        {RECORDS.map((record) => (
          <Stack key={record.path} component="fieldset" spacing={2} sx={{ border: 0, p: 0, m: 0 }} disabled={saved.includes(record.path)}>
            <Typography component="legend" variant="subtitle1" fontWeight={600} sx={{ mb: 1 }}>
              {record.title}{saved.includes(record.path) ? ": recorded" : ""}
            </Typography>
            <HudFields fields={questions[record.record]} form={form} />
          </Stack>
        ))}
        <ApiError error={write.error} />
        <Box><Button type="submit" variant="contained" disabled={write.isPending}>Save the assessment</Button></Box>
      </Stack>
    </Box>
  );
}

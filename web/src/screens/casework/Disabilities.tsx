// HUD's disabilities (4.05-4.10) in one form: a fieldset for each disability type of the catalogue's DisabilityType
// list, each asking the Disabilities record's questions for that type (its rules read the type: a physical disability
// is answered No/Yes, substance use with alcohol, drug or both; HIV/AIDS adds its T-cell and viral load questions).
// Each type is recorded as a Disabilities record of its own, as HUD keeps them.
import { useState } from "react";
import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from "@mui/material";
import { useForm, type UseFormReturn } from "react-hook-form";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HudFields, useHudForm } from "../../hud/HudForm";
import { elementOf, toBody, type Answers, type HudField, type HudForm } from "../../hud/rules";
import { summaryKey } from "./api";

type Option = components["schemas"]["HudOption"];
// The record's own date and stage, and the type each fieldset stands for: set by the screen, not asked per type.
const SET_BY_THE_SCREEN = ["disability_type", "information_date", "data_collection_stage"];

export const typePrefix = (type: Option) => `d${type.code}__`;

/** The Disabilities form's types (its DisabilityType list) and the questions asked of each. */
export function disabilityParts(definition: HudForm): { types: Option[]; fields: HudField[] } {
  const types = definition.fields.find((field) => field.name === "disability_type")?.options ?? [];
  return { types, fields: definition.fields.filter((field) => !SET_BY_THE_SCREEN.includes(field.name)) };
}

/** One Disabilities record's body for `type`, from the answers of its fieldset. */
export function disabilityBody(type: Option, fields: HudField[], answers: Answers): Record<string, unknown> {
  return { ...toBody(fields, answers, typePrefix(type)), disability_type: type.code };
}

export function DisabilityTypes({ types, fields, form, recorded = [] }: {
  types: Option[]; fields: HudField[]; form: UseFormReturn<Answers>; recorded?: number[];  // the types already recorded
}) {
  return (
    <>
      {types.map((type) => (
        <Stack key={type.code} component="fieldset" spacing={2} sx={{ border: 0, p: 0, m: 0 }} disabled={recorded.includes(type.code)}>
          <Typography component="legend" variant="subtitle2" fontWeight={600} sx={{ mb: 1 }}>
            {type.label}{recorded.includes(type.code) ? ": recorded" : ""}
          </Typography>
          {!recorded.includes(type.code) && (
            <HudFields fields={fields} form={form} prefix={typePrefix(type)} fixed={{ disability_type: type.code }} />
          )}
        </Stack>
      ))}
    </>
  );
}

/** Disabilities at a stage of the user's choice (those HUD collects them at), every type at once; a type left
 * unanswered is not recorded. */
export function DisabilitiesStep({ enrollmentId, clientId, onDone }: { enrollmentId: string; clientId: string; onDone: () => void }) {
  const definition = useHudForm("Disabilities");
  const form = useForm<Answers>({ shouldUnregister: true });
  const [stage, setStage] = useState("");
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [saved, setSaved] = useState<number[]>([]);
  const [done, setDone] = useState(false);
  const write = useApiMutation((body: Record<string, unknown>) =>
    api.POST("/api/v1/enrollments/{resource_id}/disabilities", { params: { path: { resource_id: enrollmentId } }, body: body as never }),
  [["enrollments", enrollmentId], summaryKey(clientId)]);
  if (definition.isPending) return <CircularProgress aria-label="Loading the form" />;
  if (!definition.data) return <ApiError error={definition.error} />;
  const { types, fields } = disabilityParts(definition.data);
  const stageField = definition.data.fields.find((field) => field.name === "data_collection_stage")!;
  const collectedAt = elementOf(fields[0])?.stages ?? [];
  const stages = (stageField.options ?? []).filter((option) => collectedAt.includes(option.code));
  if (done) return <Alert severity="success" action={<Button onClick={onDone}>Close</Button>}>Disabilities recorded.</Alert>;

  const submit = async (answers: Answers) => {
    const answered = types.filter((type) => !saved.includes(type.code)
      && Object.keys(disabilityBody(type, fields, answers)).length > 1);
    for (const type of answered) {
      await write.mutateAsync({ ...disabilityBody(type, fields, answers), information_date: date, data_collection_stage: Number(stage) });
      setSaved((all) => [...all, type.code]);
    }
    setDone(true);
  };
  return (
    <Box component="form" noValidate aria-labelledby="disabilities-title"
      onSubmit={form.handleSubmit((answers) => submit(answers).catch(() => undefined))}>
      <Typography id="disabilities-title" variant="h6" component="h3" gutterBottom>Disabilities</Typography>
      <Stack spacing={2} sx={{ maxWidth: 560 }}>
        <TextField select label={stageField.label} value={stage} onChange={(e) => setStage(e.target.value)} required
          disabled={saved.length > 0} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
          <option value="">Choose the stage</option>
          {stages.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
        </TextField>
        <TextField label="Information date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required
          disabled={saved.length > 0} slotProps={{ inputLabel: { shrink: true } }} />
        <Typography variant="body2">Answer the types the client was asked about; a type left unanswered is not recorded.</Typography>
        <DisabilityTypes types={types} fields={fields} form={form} recorded={saved} />
        <ApiError error={write.error} />
        <Box><Button type="submit" variant="contained" disabled={write.isPending || !stage}>Save the disabilities</Button></Box>
      </Stack>
    </Box>
  );
}

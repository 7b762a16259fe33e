// A HUD record's form, rendered from its definition on the server (GET /api/v1/hud/forms/<record>): labels, value
// lists and dependent-field rules come from HUD's FY2026 catalogue, the one the server validates with, so none is
// written here. A 422 from the gateway puts each field's rule on its field.
import { useEffect, type ReactNode } from "react";
import { Box, Button, CircularProgress, Stack, TextField } from "@mui/material";
import { useForm, type UseFormReturn } from "react-hook-form";
import { api } from "../api/client";
import { fieldErrors, useApi } from "../api/useApi";
import { ApiError } from "../components/ApiError";
import { fieldState, optionsFor, toBody, type Answers, type HudField, type HudForm as Form } from "./rules";

interface Props {
  record: string;                       // the HUD record: Client, Enrollment, IncomeBenefits ...
  fields?: string[];                    // the fields to ask, in this order (default: all of the record's)
  defaults?: Answers;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => void;
  pending?: boolean;
  error?: unknown;                      // the gateway's refusal of the last submit
  children?: ReactNode;                 // fields of the screen's own, above the HUD ones
  form?: UseFormReturn<Answers>;        // the screen's own form, when it has fields of its own
}

export function useHudForm(record: string) {
  return useApi(["hud", "form", record], () => api.GET("/api/v1/hud/forms/{record}", { params: { path: { record } } }));
}

export function HudForm({ record, fields, defaults, submitLabel, onSubmit, pending, error, children, form }: Props) {
  const definition = useHudForm(record);
  const own = useForm<Answers>({ defaultValues: defaults, shouldUnregister: true });
  const { handleSubmit, setError } = form ?? own;

  useEffect(() => {
    for (const [name, rules] of Object.entries(fieldErrors(error))) setError(name, { type: "server", message: rules.join("; ") });
  }, [error, setError]);

  if (definition.isPending) return <CircularProgress aria-label="Loading the form" />;
  if (!definition.data) return <ApiError error={definition.error} />;
  const chosen = pick(definition.data, fields);
  const submit = (answers: Answers) => {
    const others = Object.fromEntries(Object.entries(answers).filter(([name]) => !chosen.some((field) => field.name === name)));
    onSubmit({ ...others, ...toBody(chosen, answers) });
  };
  return (
    <Box component="form" noValidate onSubmit={handleSubmit(submit)} aria-label={submitLabel}>
      <Stack spacing={2} sx={{ maxWidth: 560 }}>
        {children}
        <HudFields fields={chosen} form={form ?? own} />
        <ApiError error={error} />
        <Box><Button type="submit" variant="contained" disabled={pending}>{submitLabel}</Button></Box>
      </Stack>
    </Box>
  );
}

export function pick(definition: Form, names?: string[]): HudField[] {
  if (!names) return definition.fields;
  const byName = new Map(definition.fields.map((field) => [field.name, field]));
  return names.map((name) => {
    const field = byName.get(name);
    if (!field) throw new Error(`HUD's ${definition.record} has no field ${name}`);
    return field;
  });
}

/** The inputs of `fields` in `form`. Several records in one form name theirs with a `prefix` (`d5__`); `fixed` are
 * answers of the record that are not asked (a disability's type), which the rules read too. */
export function HudFields({ fields, form, prefix = "", fixed = {} }: {
  fields: HudField[]; form: UseFormReturn<Answers>; prefix?: string; fixed?: Answers;
}) {
  const all = form.watch();
  const answers: Answers = { ...fixed };
  for (const field of fields) answers[field.name] = all[prefix + field.name];
  return <>{fields.map((field) => <HudInput key={field.name} field={field} form={form} answers={answers} prefix={prefix} />)}</>;
}

function HudInput({ field, form, answers, prefix }: { field: HudField; form: UseFormReturn<Answers>; answers: Answers; prefix: string }) {
  const state = fieldState(field, answers);
  const name = prefix + field.name;
  const { register, formState: { errors }, setValue } = form;
  useEffect(() => {
    if (state.empty && answers[field.name]) setValue(name, "");
  }, [state.empty, answers, field.name, name, setValue]);
  if (!state.shown) return null;
  const problem = errors[name]?.message as string | undefined;
  const common = {
    id: `hud-${name}`,
    label: field.label,
    required: state.required,
    disabled: state.empty,
    error: !!problem,
    helperText: problem ?? state.why,
    ...register(name, { required: state.required && !state.empty ? `${field.label} is required` : false }),
  };
  if (field.kind === "choice") {
    return (
      <TextField select {...common} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
        <option value="">Not answered</option>
        {optionsFor(field, answers).map((option) => <option key={option.code} value={String(option.code)}>{option.label}</option>)}
      </TextField>
    );
  }
  if (field.kind === "date" || field.kind === "datetime") {
    return <TextField {...common} type={field.kind === "date" ? "date" : "datetime-local"} slotProps={{ inputLabel: { shrink: true } }} />;
  }
  if (field.kind === "integer" || field.kind === "money") {
    return <TextField {...common} type="number" slotProps={{ htmlInput: { step: field.kind === "money" ? "0.01" : "1", min: 0 } }} />;
  }
  return <TextField {...common} slotProps={{ htmlInput: { maxLength: field.max_length ?? undefined } }} />;
}

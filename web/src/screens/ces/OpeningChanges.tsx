// An open opening changed or withdrawn (docs/ces.md#openings), by its provider or the CES team: its unit, the day it is
// available, its program, funding source and HUD EventType (not its project: withdraw it and post another), or a
// withdrawal with one of the service's reasons, after which it leaves matching for good. A referral holding it (locked)
// must end first: the service's 409 says so, and its rule for a field shows on that field.
import { useState } from "react";
import { Box, Button, Stack } from "@mui/material";
import { fieldErrors } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { Section } from "../parts";
import { EVENT_TYPES, WITHDRAWAL_REASONS, useChangeOpening, useWithdrawOpening, type Opening, type OpeningChange, type WithdrawalReason } from "./api";
import { Field } from "./editing";

interface Fields { unit: string; available_on: string; program: string; funding_source: string; event_type: string }

const fieldsOf = (opening: Opening): Fields => ({
  unit: opening.unit ?? "", available_on: opening.available_on ?? "", program: opening.program ?? "",
  funding_source: opening.funding_source ?? "", event_type: String(opening.event_type ?? ""),
});

/** What differs from the opening as it is: only those fields are sent (an emptied unit or date: null, none said). */
function changesOf(opening: Opening, fields: Fields): OpeningChange {
  const before = fieldsOf(opening);
  const changes: OpeningChange = {};
  if (fields.unit !== before.unit) changes.unit = fields.unit.trim() || null;
  if (fields.available_on !== before.available_on) changes.available_on = fields.available_on || null;
  if (fields.program !== before.program) changes.program = fields.program;
  if (fields.funding_source !== before.funding_source) changes.funding_source = fields.funding_source;
  if (fields.event_type !== before.event_type) changes.event_type = Number(fields.event_type) as OpeningChange["event_type"];
  return changes;
}

export function OpeningChanges({ opening, onDone }: { opening: Opening; onDone: (message: string) => void }) {
  const id = opening.id ?? "";
  const change = useChangeOpening(id);
  const withdraw = useWithdrawOpening(id);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(opening));
  const [reason, setReason] = useState<WithdrawalReason | "">("");
  const set = (field: keyof Fields) => (value: string) => setFields({ ...fields, [field]: value });
  const errors = fieldErrors(change.error);
  const withdrawalErrors = fieldErrors(withdraw.error);
  const named = `${opening.project_id} ${opening.unit ?? ""}`.trim();
  return (
    <Section title={`Edit or withdraw the opening ${named}`}>
      <Box component="form" noValidate sx={{ maxWidth: 640 }} onSubmit={(event) => {
        event.preventDefault();
        change.mutate(changesOf(opening, fields), { onSuccess: () => onDone(`The opening ${named} was changed.`) });
      }}>
        <ApiError error={change.error} />
        <Field label="Unit or voucher" path="unit" errors={errors} value={fields.unit} onChange={set("unit")} width={220} helper="Optional" />
        <Field label="Available on" path="available_on" errors={errors} type="date" value={fields.available_on} onChange={set("available_on")} />
        <Field label="Program" path="program" errors={errors} value={fields.program} onChange={set("program")} />
        <Field label="Funding source" path="funding_source" errors={errors} value={fields.funding_source} onChange={set("funding_source")} />
        <Field label="Referral event (HUD 4.20)" path="event_type" errors={errors} select width={420} value={fields.event_type} onChange={set("event_type")}>
          {Object.entries(EVENT_TYPES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Field>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button type="submit" variant="contained" disabled={change.isPending}>Save changes</Button>
          <Button onClick={() => onDone("")}>Close</Button>
        </Stack>
      </Box>
      <Box component="form" noValidate sx={{ mt: 2 }} onSubmit={(event) => {
        event.preventDefault();
        if (reason) withdraw.mutate(reason, { onSuccess: () => onDone(`The opening ${named} was withdrawn.`) });
      }}>
        <ApiError error={withdraw.error} />
        <Field label="Why it is withdrawn" path="reason" errors={withdrawalErrors} select width={300} value={reason}
          onChange={(value) => setReason(value as WithdrawalReason | "")}>
          <option value="">Choose a reason</option>
          {Object.entries(WITHDRAWAL_REASONS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </Field>
        <Button type="submit" color="error" variant="outlined" disabled={withdraw.isPending || !reason} sx={{ mt: 1 }}>
          Withdraw opening
        </Button>
      </Box>
    </Section>
  );
}

// The prioritization policy (docs/ces.md, "Prioritization" and "The referral and its steps"), for the CES team:
// every version, the one in force marked, and a new version, started from the one in force: the sort keys in order
// (each an attribute, a direction and where a client without a value goes), the tie-breaker's seed, and the referral
// workflow: each step's deadline, the stall limit, the notice before a deadline, parks, what an expiry counts as,
// the decline and override reasons, one referral at a time, and the consent a referral needs. The newest version in
// effect rules from its date; a referral keeps the version it was made under. A refusal is shown on its field.
import { useState } from "react";
import { Box, Button, Checkbox, FormControlLabel, Stack, Typography } from "@mui/material";
import { fieldErrors } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section } from "../parts";
import {
  ATTRIBUTE, DECLINER, RELEASE_CONSENT, inForce, useAddPolicy, usePolicies, type Decliner, type Policy, type PolicyCreate,
} from "./api";
import { Field, Group, Remove, Rule, asNumber, asText, moved, removed, replaced, today } from "./editing";

interface KeyDraft { attribute: string; direction: string; missing: string }
interface Draft {
  code: string; name: string; effective_from: string; seed: string; sort_keys: KeyDraft[];
  pending_days: string; in_process_days: string; stall_days: string; due_soon_days: string;
  park_client: string; park_provider: string; park_expired: string; expiry_pending: string; expiry_in_process: string;
  decline_reasons: { code: string; by: Decliner }[]; override_reasons: string[]; one_active_referral: boolean; release_consent: string;
}

const DIRECTIONS: Record<string, string> = { desc: "highest, latest or yes first", asc: "lowest, earliest or no first" };
const MISSING: Record<string, string> = { last: "last", first: "first" };
const EXPIRY: Record<string, string> = { "": "no result", client: "the client's refusal", provider: "the provider's refusal" };
const NEW_KEY: KeyDraft = { attribute: "score", direction: "desc", missing: "last" };

const blank = (): Draft => ({
  code: "", name: "", effective_from: today(), seed: "1", sort_keys: [NEW_KEY], pending_days: "3", in_process_days: "7",
  stall_days: "2", due_soon_days: "1", park_client: "", park_provider: "", park_expired: "", expiry_pending: "", expiry_in_process: "",
  decline_reasons: [{ code: "", by: "client" }], override_reasons: [""], one_active_referral: true,
  release_consent: "roi_to_receiving_agency",
});

/** A draft of the next version of `policy`, in effect from today. */
function draftOf(policy: Policy): Draft {
  const workflow = policy.workflow;
  return {
    code: policy.code, name: policy.name, effective_from: today(), seed: asText(policy.seed),
    sort_keys: policy.sort_keys.map((key) => ({ attribute: key.attribute, direction: key.direction, missing: key.missing })),
    pending_days: asText(workflow.deadline_days.pending), in_process_days: asText(workflow.deadline_days.in_process),
    stall_days: asText(workflow.stall_days), due_soon_days: asText(workflow.due_soon_days ?? 1),
    park_client: asText(workflow.park_days?.client), park_provider: asText(workflow.park_days?.provider),
    park_expired: asText(workflow.park_days?.expired), expiry_pending: workflow.expiry_results?.pending ?? "",
    expiry_in_process: workflow.expiry_results?.in_process ?? "", decline_reasons: workflow.decline_reasons,
    override_reasons: workflow.override_reasons, one_active_referral: workflow.one_active_referral ?? true,
    release_consent: workflow.release_consent ?? "roi_to_receiving_agency",
  };
}

function bodyOf(draft: Draft): PolicyCreate {
  return {
    code: draft.code.trim(), name: draft.name.trim(), effective_from: draft.effective_from, seed: asNumber(draft.seed),
    sort_keys: draft.sort_keys,
    workflow: {
      deadline_days: { pending: asNumber(draft.pending_days), in_process: asNumber(draft.in_process_days) },
      stall_days: asNumber(draft.stall_days), due_soon_days: asNumber(draft.due_soon_days),
      park_days: { client: asNumber(draft.park_client), provider: asNumber(draft.park_provider), expired: asNumber(draft.park_expired) },
      expiry_results: { pending: draft.expiry_pending || null, in_process: draft.expiry_in_process || null },
      decline_reasons: draft.decline_reasons.map((reason) => ({ code: reason.code.trim(), by: reason.by })),
      override_reasons: draft.override_reasons.map((code) => code.trim()),
      one_active_referral: draft.one_active_referral, release_consent: draft.release_consent,
    },
  } as PolicyCreate;  // a number left empty goes as null: the service names the field
}

export function PolicyEditor() {
  const policies = usePolicies();
  const current = inForce(policies.data ?? [], today());
  return (
    <Box>
      <Heading>Prioritization policy</Heading>
      <ApiError error={policies.error} />
      <DataTable caption="Policy versions" rows={policies.data} rowKey={(policy) => policy.id} columns={[
        { label: "Code", cell: (policy) => policy.code },
        { label: "Version", cell: (policy) => policy.version },
        { label: "Name", cell: (policy) => policy.name },
        { label: "In effect from", cell: (policy) => policy.effective_from },
        { label: "Sort keys", cell: (policy) => policy.sort_keys.map((key) => `${ATTRIBUTE[key.attribute] ?? key.attribute} ${key.direction}`).join(", ") },
        { label: "In force", cell: (policy) => (policy.id === current?.id ? "in force" : "") },
      ]} />
      {policies.data && <Editor current={current} />}
    </Box>
  );
}

function Editor({ current }: { current: Policy | undefined }) {
  const [draft, setDraft] = useState<Draft>(() => (current ? draftOf(current) : blank()));
  const [saved, setSaved] = useState<string>();
  const add = useAddPolicy();
  const errors = fieldErrors(add.error);
  const set = (changes: Partial<Draft>) => setDraft({ ...draft, ...changes });
  const key = (index: number, changes: Partial<KeyDraft>) =>
    set({ sort_keys: replaced(draft.sort_keys, index, { ...draft.sort_keys[index], ...changes }) });
  const days = (label: string, field: keyof Draft, path: string, helper?: string) => (
    <Field label={label} path={path} errors={errors} type="number" value={draft[field] as string} width={200} helper={helper}
      onChange={(value) => set({ [field]: value })} />
  );
  return (
    <Section title={current ? `A new version (from ${current.code} version ${current.version}, in force)` : "A new version"}>
      <Box component="form" aria-label="New policy version" noValidate onSubmit={(event) => {
        event.preventDefault();
        setSaved(undefined);
        add.mutate(bodyOf(draft), { onSuccess: (made) => setSaved(`Saved ${made.code} version ${made.version}, in effect from ${made.effective_from}.`) });
      }}>
        <Box>
          <Field label="Code" path="code" errors={errors} value={draft.code} onChange={(code) => set({ code })} helper="The same code makes a new version" />
          <Field label="Name" path="name" errors={errors} value={draft.name} width={320} onChange={(name) => set({ name })} />
          <Field label="In effect from" path="effective_from" errors={errors} type="date" value={draft.effective_from}
            onChange={(effective) => set({ effective_from: effective })} />
          <Field label="Tie-breaker seed" path="seed" errors={errors} type="number" value={draft.seed} width={140}
            onChange={(seed) => set({ seed })} helper="Orders equals the same way each time" />
        </Box>

        <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>Sort keys, in order</Typography>
        <Rule path="sort_keys" errors={errors} />
        {draft.sort_keys.map((current, index) => (
          <Group key={index} legend={`Key ${index + 1}`}>
            <Field label="Attribute" path={`sort_keys.${index}.attribute`} errors={errors} select value={current.attribute} width={260}
              onChange={(attribute) => key(index, { attribute })}>
              {Object.entries(ATTRIBUTE).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
            </Field>
            <Field label="Direction" path={`sort_keys.${index}.direction`} errors={errors} select value={current.direction} width={240}
              onChange={(direction) => key(index, { direction })}>
              {Object.entries(DIRECTIONS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
            </Field>
            <Field label="A client without a value goes" path={`sort_keys.${index}.missing`} errors={errors} select value={current.missing}
              width={220} onChange={(missing) => key(index, { missing })}>
              {Object.entries(MISSING).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
            </Field>
            <Button size="small" sx={{ mt: 1.5 }} disabled={index === 0} aria-label={`Move key ${index + 1} up`}
              onClick={() => set({ sort_keys: moved(draft.sort_keys, index, index - 1) })}>Up</Button>
            <Button size="small" sx={{ mt: 1.5 }} disabled={index === draft.sort_keys.length - 1} aria-label={`Move key ${index + 1} down`}
              onClick={() => set({ sort_keys: moved(draft.sort_keys, index, index + 1) })}>Down</Button>
            <Remove label={`Remove key ${index + 1}`} onClick={() => set({ sort_keys: removed(draft.sort_keys, index) })} />
          </Group>
        ))}
        <Button size="small" onClick={() => set({ sort_keys: [...draft.sort_keys, NEW_KEY] })}>Add a sort key</Button>
        <Typography variant="body2">After the keys, a seeded tie-breaker always orders clients who are equal on every key.</Typography>

        <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>Referrals</Typography>
        <Group legend="Deadlines and notices (days)">
          {days("Case worker's step", "pending_days", "workflow.deadline_days.pending")}
          {days("Provider's step", "in_process_days", "workflow.deadline_days.in_process")}
          {days("Stalled after", "stall_days", "workflow.stall_days", "Untouched this long: the owner is told")}
          {days("Notice before a deadline", "due_soon_days", "workflow.due_soon_days", "0: no notice")}
        </Group>
        <Group legend="Parks off the list (days; empty: the client keeps their place)">
          {days("After the client declines", "park_client", "workflow.park_days.client")}
          {days("After the provider declines", "park_provider", "workflow.park_days.provider")}
          {days("After an expiry", "park_expired", "workflow.park_days.expired")}
        </Group>
        <Group legend="An expired step counts in HUD's ReferralResult as">
          <Field label="The case worker's step" path="workflow.expiry_results.pending" errors={errors} select value={draft.expiry_pending}
            width={240} onChange={(expiry) => set({ expiry_pending: expiry })}>
            {Object.entries(EXPIRY).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </Field>
          <Field label="The provider's step" path="workflow.expiry_results.in_process" errors={errors} select value={draft.expiry_in_process}
            width={240} onChange={(expiry) => set({ expiry_in_process: expiry })}>
            {Object.entries(EXPIRY).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </Field>
        </Group>
        <Group legend="Decline reasons">
          <Rule path="workflow.decline_reasons" errors={errors} />
          {draft.decline_reasons.map((reason, index) => (
            <Box key={index}>
              <Field label={`Decline reason ${index + 1}`} path={`workflow.decline_reasons.${index}.code`} errors={errors} value={reason.code}
                width={240} onChange={(code) => set({ decline_reasons: replaced(draft.decline_reasons, index, { ...reason, code }) })} />
              <Field label={`Reason ${index + 1} is given by`} path={`workflow.decline_reasons.${index}.by`} errors={errors} select
                value={reason.by} width={200}
                onChange={(by) => set({ decline_reasons: replaced(draft.decline_reasons, index, { ...reason, by: by as Decliner }) })}>
                {Object.entries(DECLINER).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </Field>
              <Remove label={`Remove decline reason ${index + 1}`} onClick={() => set({ decline_reasons: removed(draft.decline_reasons, index) })} />
            </Box>
          ))}
          <Button size="small" onClick={() => set({ decline_reasons: [...draft.decline_reasons, { code: "", by: "client" }] })}>
            Add a decline reason
          </Button>
        </Group>
        <Group legend="Override reasons (an override match, a cancellation)">
          <Rule path="workflow.override_reasons" errors={errors} />
          {draft.override_reasons.map((code, index) => (
            <Box key={index}>
              <Field label={`Override reason ${index + 1}`} path={`workflow.override_reasons.${index}`} errors={errors} value={code} width={240}
                onChange={(changed) => set({ override_reasons: replaced(draft.override_reasons, index, changed) })} />
              <Remove label={`Remove override reason ${index + 1}`} onClick={() => set({ override_reasons: removed(draft.override_reasons, index) })} />
            </Box>
          ))}
          <Button size="small" onClick={() => set({ override_reasons: [...draft.override_reasons, ""] })}>Add an override reason</Button>
        </Group>
        <Group legend="Matching">
          <Field label="The consent a referral to another agency needs" path="workflow.release_consent" errors={errors} select
            value={draft.release_consent} width={460} onChange={(release) => set({ release_consent: release })}>
            {Object.entries(RELEASE_CONSENT).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </Field>
          <FormControlLabel label="A client in an active referral is not matched again"
            control={<Checkbox checked={draft.one_active_referral} onChange={(event) => set({ one_active_referral: event.target.checked })} />} />
        </Group>
        <ApiError error={add.error} />
        {saved && <Box role="status" sx={{ my: 1 }}>{saved}</Box>}
        <Stack direction="row" sx={{ mt: 2 }}>
          <Button type="submit" variant="contained" disabled={add.isPending}>Save the new version</Button>
        </Stack>
        <Typography variant="body2" sx={{ mt: 1 }}>
          The newest version in effect rules from its date: the list and every new match follow it; referrals keep theirs.
        </Typography>
      </Box>
    </Section>
  );
}

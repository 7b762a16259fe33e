// Housing openings (docs/ces.md): the list (the CES team: every agency's; a provider: its own), posting one (a
// unit or voucher of one of your agency's projects), and, for the CES team, matching an open one: the best eligible
// client on the list, or a named client with one of the policy's override reasons. A match opens the referral. An
// open opening is edited or withdrawn by those who may post (OpeningChanges.tsx).
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useForm } from "react-hook-form";
import { Box, Button, Stack, TextField } from "@mui/material";
import { api } from "../../api/client";
import { useQueries } from "@tanstack/react-query";
import { useApi, fieldErrors, unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section, when } from "../parts";
import { EVENT_TYPES, NATIVE, WITHDRAWAL_REASONS, inForce, shown, useMatch, useOpenings, usePolicies, usePostOpening, type Opening, type OpeningCreate, type ReferralCreate, type WithdrawalReason } from "./api";
import { OpeningChanges } from "./OpeningChanges";

/** An opening's status, with why when it was withdrawn. */
function statusOf(opening: Opening): string {
  const reason = opening.withdrawal_reason as WithdrawalReason | null | undefined;
  return reason ? `${opening.status}: ${WITHDRAWAL_REASONS[reason] ?? shown(reason)}` : opening.status ?? "";
}

export function Openings() {
  const navigate = useNavigate();
  const mayPost = useCan("ces:respond").allow;
  const mayMatch = useCan("ces:manage").allow;
  const openings = useOpenings();
  const match = useMatch();
  const [editing, setEditing] = useState<string>();
  const [changed, setChanged] = useState<string>();
  const edited = openings.data?.find((opening) => opening.id === editing && opening.status === "open");
  // No client named: the best eligible one; a named client needs an override reason.
  const refer = (opening: Opening, body: ReferralCreate = { client_id: null, override_reason: null }) =>
    match.mutate({ openingId: opening.id ?? "", body }, { onSuccess: (referral) => navigate(`/ces/referrals/${referral.id}`) });
  return (
    <Box>
      <Heading>Openings</Heading>
      <ApiError error={openings.error ?? match.error} />
      <DataTable caption="Housing openings" rows={openings.data} rowKey={(opening) => opening.id ?? ""} columns={[
        { label: "Project", cell: (opening) => opening.project_id },
        { label: "Unit or voucher", cell: (opening) => shown(opening.unit) },
        { label: "Program", cell: (opening) => opening.program },
        { label: "Funding source", cell: (opening) => opening.funding_source },
        { label: "Referral event (HUD 4.20)", cell: (opening) => EVENT_TYPES[opening.event_type ?? 0] ?? opening.event_type },
        { label: "Available", cell: (opening) => shown(opening.available_on) },
        { label: "Status", cell: statusOf },
        { label: "Posted", cell: (opening) => when(opening.created_at) },
        ...(mayMatch ? [{ label: "Match", cell: (opening: Opening) => opening.status === "open" && (
          <Button size="small" variant="outlined" disabled={match.isPending} onClick={() => refer(opening)}
            aria-label={`Match the best eligible client: ${opening.project_id} ${opening.unit ?? ""}`.trim()}>
            Match
          </Button>
        ) }] : []),
        ...(mayPost ? [{ label: "Change", cell: (opening: Opening) => opening.status === "open" && (
          <Button size="small" onClick={() => { setChanged(undefined); setEditing(opening.id); }}
            aria-label={`Edit or withdraw: ${opening.project_id} ${opening.unit ?? ""}`.trim()}>
            Edit
          </Button>
        ) }] : []),
      ]} />
      {changed && <Box role="status" sx={{ my: 1 }}>{changed}</Box>}
      {mayPost && edited && <OpeningChanges key={edited.id} opening={edited}
        onDone={(message) => { setEditing(undefined); setChanged(message || undefined); }} />}
      {mayMatch && <Override openings={(openings.data ?? []).filter((opening) => opening.status === "open")}
        pending={match.isPending} onRefer={(opening, clientId, reason) => refer(opening, { client_id: clientId, override_reason: reason })} />}
      {mayPost && <NewOpening />}
    </Box>
  );
}

function Override({ openings, pending, onRefer }: {
  openings: Opening[]; pending: boolean; onRefer: (opening: Opening, clientId: string, reason: string) => void;
}) {
  const policies = usePolicies();
  const policy = inForce(policies.data ?? [], new Date().toISOString().slice(0, 10));
  const [openingId, setOpeningId] = useState("");
  const [clientId, setClientId] = useState("");
  const [reason, setReason] = useState("");
  const opening = openings.find((candidate) => candidate.id === openingId);
  if (openings.length === 0 || !policy) return null;
  return (
    <Section title="Refer a named client (override)">
      <Stack component="form" direction={{ xs: "column", md: "row" }} spacing={2} alignItems="flex-start"
        onSubmit={(event) => { event.preventDefault(); if (opening && clientId && reason) onRefer(opening, clientId.trim(), reason); }}>
        <TextField select label="Opening" value={openingId} onChange={(event) => setOpeningId(event.target.value)} sx={{ minWidth: 220 }}
          slotProps={NATIVE}>
          <option value="">Choose an opening</option>
          {openings.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>{candidate.project_id} {candidate.unit ?? ""} ({candidate.program})</option>
          ))}
        </TextField>
        <TextField label="Client ID" value={clientId} onChange={(event) => setClientId(event.target.value)} />
        <TextField select label="Override reason" value={reason} onChange={(event) => setReason(event.target.value)} sx={{ minWidth: 200 }}
          slotProps={NATIVE}>
          <option value="">Choose a reason</option>
          {policy.workflow.override_reasons.map((code) => <option key={code} value={code}>{shown(code)}</option>)}
        </TextField>
        <Button type="submit" variant="outlined" disabled={pending || !opening || !clientId || !reason} sx={{ mt: 1 }}>Refer this client</Button>
      </Stack>
    </Section>
  );
}

interface OpeningFields { project_id: string; unit: string; available_on: string; program: string; funding_source: string; event_type: string }

function NewOpening() {
  const [posted, setPosted] = useState<string>();
  // Your agency's projects: its organizations, then each one's projects (the list of organizations names none).
  const organizations = useApi(["organizations", "own"], () => api.GET("/api/v1/organizations", {}));
  const details = useQueries({ queries: (organizations.data ?? []).map((organization) => ({
    queryKey: ["organization", organization.organization_id],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{resource_id}", { params: { path: { resource_id: organization.organization_id ?? "" } } })),
  })) });
  const loaded = organizations.isSuccess && details.every((detail) => !detail.isPending);
  const own = details.flatMap((detail) => detail.data?.projects ?? []);
  const post = usePostOpening();
  const { register, handleSubmit, reset, formState: { errors } } = useForm<OpeningFields>({
    defaultValues: { project_id: "", unit: "", available_on: "", program: "", funding_source: "", event_type: "14" },
  });
  const server = fieldErrors(post.error);
  const error = (field: keyof OpeningFields) => errors[field]?.message ?? server[field]?.join("; ");
  const code = { required: "Enter a code", pattern: { value: /^[a-z0-9_]{1,60}$/, message: "Lower-case letters, digits or _" } };
  return (
    <Section title="Post an opening">
      <Box component="form" noValidate sx={{ maxWidth: 520 }} onSubmit={handleSubmit((fields) => post.mutate({
        project_id: fields.project_id, unit: fields.unit.trim() || null, available_on: fields.available_on || null, program: fields.program,
        funding_source: fields.funding_source, event_type: Number(fields.event_type) as OpeningCreate["event_type"],
      }, { onSuccess: (opening) => { reset(); setPosted(`The opening of ${opening.project_id} was posted.`); } }))}>
        <ApiError error={post.error} />
        {posted && <Box role="status" sx={{ my: 1 }}>{posted}</Box>}
        {!loaded ? <Box sx={{ my: 1 }}>Loading your projects…</Box> : own.length > 0
          ? (
            <TextField select label="Project" fullWidth margin="dense" slotProps={NATIVE} {...register("project_id", { required: "Choose a project" })}
              error={Boolean(error("project_id"))} helperText={error("project_id")}>
              <option value="">Choose a project</option>
              {own.map((project) => <option key={project.project_id} value={project.project_id ?? ""}>{project.project_name}</option>)}
            </TextField>
          )
          : (
            <TextField label="Project ID (HUD)" fullWidth margin="dense" {...register("project_id", { required: "Enter the project's HUD ID" })}
              error={Boolean(error("project_id"))} helperText={error("project_id")} />
          )}
        <TextField label="Unit or voucher" fullWidth margin="dense" {...register("unit")} helperText="Optional" />
        <TextField label="Available on" type="date" fullWidth margin="dense" slotProps={{ inputLabel: { shrink: true } }} {...register("available_on")}
          error={Boolean(error("available_on"))} helperText={error("available_on") ?? "Optional: the day it can be taken up"} />
        <TextField label="Program" fullWidth margin="dense" {...register("program", code)}
          error={Boolean(error("program"))} helperText={error("program") ?? "The program code its requirements hang on, e.g. psh"} />
        <TextField label="Funding source" fullWidth margin="dense" {...register("funding_source", code)}
          error={Boolean(error("funding_source"))} helperText={error("funding_source") ?? "e.g. hud_coc"} />
        <TextField select label="Referral event (HUD 4.20)" fullWidth margin="dense" slotProps={NATIVE} {...register("event_type")}>
          {Object.entries(EVENT_TYPES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </TextField>
        <Button type="submit" variant="contained" disabled={post.isPending} sx={{ mt: 1 }}>Post opening</Button>
      </Box>
    </Section>
  );
}

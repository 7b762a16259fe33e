// The client's consents on file, each with its status (a release of information with the names of the agencies it
// goes to); one the user's agency recorded may be changed (its scope, end date and a release's agencies: PUT
// /consents/{id}, a new version) or revoked (POST /consents/{id}/revocation, final, with a reason). The header's badges follow at once: both writes
// refresh the profile's summary.
import { useState } from "react";
import { Alert, Box, Button, Checkbox, FormControlLabel, FormGroup, FormLabel, Paper, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { useMe } from "../../auth/session";
import { ApiError } from "../../components/ApiError";
import { AgencyPicker, type AgencyName, useAgencyNames } from "./AgencyPicker";
import { type Consent, summaryKey } from "./api";
import { CONSENT_TYPES } from "./ClientHeader";

export const SCOPES: Record<string, string> = {
  profile: "Profile (name, date of birth, demographics)", enrollments: "Enrollments", services: "Services",
  assessments: "Assessments and referrals", health: "Health and disabilities",
};

export function ScopeChoice({ scope, onChange }: { scope: string[]; onChange: (scope: string[]) => void }) {
  return (
    <FormGroup>
      <FormLabel component="legend">What it covers</FormLabel>
      {Object.entries(SCOPES).map(([part, label]) => (
        <FormControlLabel key={part} label={label} control={
          <Checkbox checked={scope.includes(part)}
            onChange={(e) => onChange(e.target.checked ? [...scope, part] : scope.filter((p) => p !== part))} />} />
      ))}
    </FormGroup>
  );
}

export function ConsentsOnFile({ clientId, consents }: { clientId: string; consents: Consent[] }) {
  const me = useMe().data;  // known once signed in (the shell waits for it)
  if (consents.length === 0) return null;
  return (
    <Stack component="section" aria-labelledby="on-file-title" spacing={1} sx={{ maxWidth: 640 }}>
      <Typography id="on-file-title" variant="h5" component="h2">Consents on file</Typography>
      {consents.map((consent) => (
        <OnFile key={consent.id} clientId={clientId} consent={consent} ours={!!me && consent.agency_id === me.agency_id} />
      ))}
    </Stack>
  );
}

function describe(consent: Consent): string {
  return `${CONSENT_TYPES[consent.type ?? ""] ?? consent.type} consent signed ${consent.signed_on}`;
}

function OnFile({ clientId, consent, ours }: { clientId: string; consent: Consent; ours: boolean }) {
  const [open, setOpen] = useState<"change" | "revoke" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const title = describe(consent);
  const finish = (what: string) => { setOpen(null); setDone(what); };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="article" aria-label={title}>
      <Typography fontWeight={600}>{title}</Typography>
      <Typography variant="body2">
        {(consent.status ?? "").replace("_", " ")} · from {consent.start_date} to {consent.end_date} · covers {(consent.scope ?? []).join(", ")}
        {consent.revoked_on ? ` · revoked ${consent.revoked_on}: ${consent.revocation_reason}` : ""}
      </Typography>
      {(consent.released_to ?? []).length > 0 && <ReleasedTo ids={consent.released_to!} />}
      {done && <Alert severity="success" sx={{ mt: 1 }}>{done}</Alert>}
      {ours && !consent.revoked_on && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button size="small" variant={open === "change" ? "contained" : "outlined"} onClick={() => setOpen("change")}
            aria-label={`Change: ${title}`}>Change</Button>
          <Button size="small" color="error" variant={open === "revoke" ? "contained" : "outlined"} onClick={() => setOpen("revoke")}
            aria-label={`Revoke: ${title}`}>Revoke</Button>
        </Stack>
      )}
      {open === "change" && <ChangeConsent clientId={clientId} consent={consent} onDone={() => finish("The consent was changed.")} />}
      {open === "revoke" && <RevokeConsent clientId={clientId} consent={consent} onDone={() => finish("The consent was revoked.")} />}
    </Paper>
  );
}

function ReleasedTo({ ids }: { ids: string[] }) {
  return <Typography variant="body2">Released to {useAgencyNames(ids).join(", ")}</Typography>;
}

function ChangeConsent({ clientId, consent, onDone }: { clientId: string; consent: Consent; onDone: () => void }) {
  const [scope, setScope] = useState<string[]>(consent.scope ?? []);
  const [endDate, setEndDate] = useState(consent.end_date ?? "");
  const onFile = consent.released_to ?? [];
  const named = useAgencyNames(onFile);
  const [releasedTo, setReleasedTo] = useState<AgencyName[] | null>(null);  // null: as on file
  const change = useApiMutation((body: Record<string, unknown>) =>
    api.PUT("/api/v1/consents/{resource_id}", { params: { path: { resource_id: consent.id! } }, body: body as never }),
  [summaryKey(clientId)]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const agencies = releasedTo ? { released_to: releasedTo.map((agency) => agency.id) } : {};
    change.mutate({ scope, end_date: endDate, ...agencies }, { onSuccess: onDone });
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-label="Change the consent" sx={{ mt: 2 }}>
      <Stack spacing={2}>
        <ScopeChoice scope={scope} onChange={setScope} />
        {consent.type === "roi" && (
          <AgencyPicker value={releasedTo ?? onFile.map((id, index) => ({ id, name: named[index] }))} onChange={setReleasedTo} />
        )}
        <TextField label="Ends on" type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }} />
        <ApiError error={change.error} />
        <Box><Button type="submit" variant="contained" disabled={change.isPending}>Save the change</Button></Box>
      </Stack>
    </Box>
  );
}

function RevokeConsent({ clientId, consent, onDone }: { clientId: string; consent: Consent; onDone: () => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const [reason, setReason] = useState("");
  const [revokedOn, setRevokedOn] = useState(today);
  const revoke = useApiMutation((body: Record<string, unknown>) =>
    api.POST("/api/v1/consents/{resource_id}/revocation", { params: { path: { resource_id: consent.id! } }, body: body as never }),
  [summaryKey(clientId)]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    revoke.mutate({ reason: reason.trim(), revoked_on: revokedOn }, { onSuccess: onDone });
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-label="Revoke the consent" sx={{ mt: 2 }}>
      <Stack spacing={2}>
        <Alert severity="warning">A revocation is final: the client signs a new consent to share again.</Alert>
        <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        <TextField label="Revoked on" type="date" value={revokedOn} onChange={(e) => setRevokedOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today } }} />
        <ApiError error={revoke.error} />
        <Box><Button type="submit" variant="contained" color="error" disabled={revoke.isPending}>Revoke the consent</Button></Box>
      </Stack>
    </Box>
  );
}

// One referral (docs/ces.md): its status, whose step it is and its deadline, the outcome with HUD's ReferralResult,
// the requirements it was matched under and its history; and the steps the signed-in user may take: start (the
// client's case worker: the client is reached, the provider's step begins), accept (the provider), decline (either,
// naming who declined and one of the policy's reasons for them), cancel (the CES team, with an override reason).
// A release revoked since the referral was made does not undo it: a warning says so.
// The CES team may take any step. The ces service decides again; a refusal is shown in words.
import { useState } from "react";
import { Link as RouterLink, useParams } from "react-router-dom";
import { Alert, Box, Button, Link, Stack, TextField, Typography } from "@mui/material";
import { useMe } from "../../auth/session";
import { useCan } from "../../auth/permissions";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section, when } from "../parts";
import {
  NATIVE, OWNER, REFERRAL_RESULT, STATUS, shortId, shown, usePolicies, useReferral, useTakeStep, type Policy, type Referral,
} from "./api";

const CES_TEAM_ROLES = ["ces_user", "system_admin"];
// Where the referral stands today on the release its policy asks for (docs/ces.md, "Consent to refer").
const RELEASE: Record<string, string> = {
  not_needed: "not needed (one agency, or the policy asks for none)", in_force: "in force", missing: "not in force",
};
const ACTIVE = ["pending", "in_process"];

export function ReferralDetail() {
  const { referralId = "" } = useParams();
  return <ReferralView referralId={referralId} />;
}

export function ReferralView({ referralId }: { referralId: string }) {
  const referral = useReferral(referralId);
  const policies = usePolicies();
  const data = referral.data;
  const policy = policies.data?.find((candidate) => candidate.id === data?.policy_id);
  return (
    <Box>
      <Heading>Referral {shortId(referralId)}</Heading>
      <ApiError error={referral.error} />
      {data && (
        <>
          <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 2, rowGap: 0.5, m: 0 }}>
            <dt>Status</dt><dd style={{ margin: 0 }}>{STATUS[data.status ?? ""] ?? data.status}</dd>
            <dt>Whose step</dt><dd style={{ margin: 0 }}>{data.step_owner ? OWNER[data.step_owner] : "— (resolved)"}</dd>
            <dt>Due</dt><dd style={{ margin: 0 }}>{when(data.due_at)}{data.stalled ? " (stalled: no activity)" : ""}</dd>
            <dt>Client</dt><dd style={{ margin: 0 }}>
              <Link component={RouterLink} to={`/clients/${data.client_id}`}>{shortId(data.client_id)}</Link>
              {data.rank ? `, rank ${data.rank} when matched` : ", referred by override"}
            </dd>
            <dt>Outcome</dt><dd style={{ margin: 0 }}>{outcome(data)}</dd>
            <dt>HUD 4.20 Event</dt><dd style={{ margin: 0 }}>{data.hud_event_id ?? "none written"}</dd>
            <dt>Release to the provider</dt><dd style={{ margin: 0 }}>{RELEASE[data.release ?? ""] ?? "—"}</dd>
          </Box>
          {data.release === "missing" && (
            <Alert severity="warning" sx={{ my: 2 }}>
              The client&apos;s release of their record to the provider&apos;s agency is no longer in force (revoked or ended
              since the referral was made). The referral stands, but the provider may not read the client&apos;s record
              until the client signs a new release: talk with the client.
            </Alert>
          )}
          <Steps referral={data} policy={policy} />
          <Section title="Requirements it was matched under">
            <DataTable caption="Requirements snapshot" rows={data.requirements as Record<string, unknown>[] | undefined}
              rowKey={(_, index) => String(index)} columns={[
                { label: "Level", cell: (requirement) => shown(requirement.level) },
                { label: "Of", cell: (requirement) => shown(requirement.target) },
                { label: "Rule", cell: (requirement) => `${shown(requirement.rule)} ${shown(requirement.attribute)}${requirement.value == null ? "" : ` ${shown(requirement.value)}`}` },
              ]} />
          </Section>
          <Section title="History">
            <DataTable caption="Referral history" rows={data.history} rowKey={(_, index) => String(index)} columns={[
              { label: "When", cell: (line) => when(line.at) },
              { label: "Step", cell: (line) => shown(line.action) },
              { label: "From", cell: (line) => (line.from_status ? STATUS[line.from_status] ?? line.from_status : "—") },
              { label: "To", cell: (line) => STATUS[line.to_status ?? ""] ?? line.to_status },
              { label: "By", cell: (line) => (line.side ? OWNER[line.side] ?? line.side : "—") },
              { label: "Reason", cell: (line) => shown(line.reason) },
            ]} />
          </Section>
        </>
      )}
    </Box>
  );
}

function outcome(referral: Referral): string {
  if (referral.status && ACTIVE.includes(referral.status)) return "not resolved yet";
  const result = referral.referral_result ? REFERRAL_RESULT[referral.referral_result] : null;
  const why = referral.decline_reason ? ` (${referral.declined_by ? `by the ${referral.declined_by}: ` : ""}${shown(referral.decline_reason)})` : "";
  return `${result ?? STATUS[referral.status ?? ""] ?? referral.status}${why}`;
}

/** The sides the signed-in user is to the referral, as the ces service works them out. */
function useSides(referral: Referral) {
  const me = useMe().data;
  return {
    team: Boolean(me?.roles.some((role) => CES_TEAM_ROLES.includes(role))),
    provider: me?.agency_id === referral.provider_agency_id,
    caseWorker: me?.agency_id === referral.client_agency_id,
  };
}

function Steps({ referral, policy }: { referral: Referral; policy: Policy | undefined }) {
  const mayRespond = useCan("ces:respond").allow;
  const sides = useSides(referral);
  const step = useTakeStep(referral.id ?? "");
  const [done, setDone] = useState<string>();
  if (!mayRespond || !referral.status || !ACTIVE.includes(referral.status)) return null;
  const take = (body: Parameters<typeof step.mutate>[0], message: string) => step.mutate(body, { onSuccess: () => setDone(message) });
  const mayStart = referral.status === "pending" && (sides.caseWorker || sides.team);
  const mayAccept = referral.status === "in_process" && (sides.provider || sides.team);
  const mayDecline = sides.caseWorker || sides.provider || sides.team;
  return (
    <Section title="Next step">
      <ApiError error={step.error} />
      {done && <Box role="status" sx={{ my: 1 }}>{done}</Box>}
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        {mayStart && (
          <Button variant="contained" disabled={step.isPending}
            onClick={() => take({ action: "start", declined_by: null, reason: null }, "Started: the provider decides next.")}>
            Start: client reached, send to provider
          </Button>
        )}
        {mayAccept && (
          <Button variant="contained" disabled={step.isPending}
            onClick={() => take({ action: "accept", declined_by: null, reason: null }, "Accepted: the client is housed and leaves the list.")}>
            Accept
          </Button>
        )}
      </Stack>
      {mayDecline && policy && <Decline policy={policy} pending={step.isPending}
        onDecline={(by, reason) => take({ action: "decline", declined_by: by, reason }, "Declined.")} />}
      {sides.team && policy && <Cancel policy={policy} pending={step.isPending}
        onCancel={(reason) => take({ action: "cancel", declined_by: null, reason }, "Cancelled.")} />}
    </Section>
  );
}

function Decline({ policy, pending, onDecline }: { policy: Policy; pending: boolean; onDecline: (by: "client" | "provider", reason: string) => void }) {
  const [by, setBy] = useState<"client" | "provider">("client");
  const [reason, setReason] = useState("");
  const reasons = policy.workflow.decline_reasons.filter((candidate) => candidate.by === by);
  return (
    <Stack component="form" aria-label="Decline" direction={{ xs: "column", md: "row" }} spacing={2} alignItems="flex-start" sx={{ mb: 2 }}
      onSubmit={(event) => { event.preventDefault(); if (reason) onDecline(by, reason); }}>
      <TextField select label="Declined by" value={by} slotProps={NATIVE} sx={{ minWidth: 160 }}
        onChange={(event) => { setBy(event.target.value as "client" | "provider"); setReason(""); }}>
        <option value="client">the client</option>
        <option value="provider">the provider</option>
      </TextField>
      <TextField select label="Decline reason" value={reason} onChange={(event) => setReason(event.target.value)} slotProps={NATIVE}
        sx={{ minWidth: 240 }}>
        <option value="">Choose a reason</option>
        {reasons.map((candidate) => <option key={candidate.code} value={candidate.code}>{shown(candidate.code)}</option>)}
      </TextField>
      <Button type="submit" variant="outlined" color="warning" disabled={pending || !reason} sx={{ mt: 1 }}>Decline</Button>
    </Stack>
  );
}

function Cancel({ policy, pending, onCancel }: { policy: Policy; pending: boolean; onCancel: (reason: string) => void }) {
  const [reason, setReason] = useState("");
  return (
    <Stack component="form" aria-label="Cancel" direction={{ xs: "column", md: "row" }} spacing={2} alignItems="flex-start"
      onSubmit={(event) => { event.preventDefault(); if (reason) onCancel(reason); }}>
      <TextField select label="Override reason" value={reason} onChange={(event) => setReason(event.target.value)} slotProps={NATIVE}
        sx={{ minWidth: 240 }}>
        <option value="">Choose a reason</option>
        {policy.workflow.override_reasons.map((code) => <option key={code} value={code}>{shown(code)}</option>)}
      </TextField>
      <Button type="submit" variant="outlined" color="error" disabled={pending || !reason} sx={{ mt: 1 }}>Cancel referral</Button>
      <Typography variant="body2" sx={{ alignSelf: "center" }}>The opening reopens.</Typography>
    </Stack>
  );
}

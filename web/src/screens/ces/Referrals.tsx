// Referrals (docs/ces.md): the CES team sees all; others those of their agency's openings and clients. Each row
// says its status, whose step it is and by when, and opens the referral with its steps. The CES team may run the
// sweep now (expiries, notices of stalls and deadlines, parks ended), as the ces service does every hour.
import { useState } from "react";
import { Link as RouterLink } from "react-router-dom";
import { Box, Button, Link, TextField } from "@mui/material";
import { useCan } from "../../auth/permissions";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section, when } from "../parts";
import { NATIVE, OWNER, STATUS, shortId, shown, useReferrals, useSweep } from "./api";

export function Referrals() {
  const [status, setStatus] = useState("");
  const referrals = useReferrals(status);
  const maySweep = useCan("ces:manage").allow;
  return (
    <Box>
      <Heading>Referrals</Heading>
      <TextField select label="Status" value={status} onChange={(event) => setStatus(event.target.value)} size="small"
        sx={{ minWidth: 220, mb: 2 }} slotProps={NATIVE}>
        <option value="">Any</option>
        {Object.entries(STATUS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
      </TextField>
      <ApiError error={referrals.error} />
      <DataTable caption="Referrals" rows={referrals.data} rowKey={(referral) => referral.id ?? ""} columns={[
        { label: "Referral", cell: (referral) => (
          <Link component={RouterLink} to={`/ces/referrals/${referral.id}`} aria-label={`Open referral ${shortId(referral.id)}`}>
            {shortId(referral.id)}
          </Link>
        ) },
        { label: "Client", cell: (referral) => shortId(referral.client_id) },
        { label: "Rank when matched", cell: (referral) => shown(referral.rank) },
        { label: "Status", cell: (referral) => STATUS[referral.status ?? ""] ?? referral.status },
        { label: "Whose step", cell: (referral) => (referral.step_owner ? OWNER[referral.step_owner] : "—") },
        { label: "Due", cell: (referral) => when(referral.due_at) },
        { label: "Stalled", cell: (referral) => (referral.stalled ? "stalled" : "no") },
        { label: "Made", cell: (referral) => when(referral.created_at) },
      ]} />
      {maySweep && <RunSweep />}
    </Box>
  );
}

function RunSweep() {
  const sweep = useSweep();
  const swept = sweep.data;
  return (
    <Section title="The sweep">
      <Button variant="outlined" disabled={sweep.isPending} onClick={() => sweep.mutate(undefined)}>Run the sweep now</Button>
      <ApiError error={sweep.error} />
      {swept && (
        <Box role="status" sx={{ my: 1 }}>
          Swept: {swept.expired} expired, {swept.stalled} stalled, {swept.due_soon} near their deadline (their owners told),
          {" "}{swept.unparked} parks ended.
        </Box>
      )}
    </Section>
  );
}

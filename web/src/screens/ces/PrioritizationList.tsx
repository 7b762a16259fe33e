// The prioritization list (docs/ces.md): clients in the community policy's order, a page at a time, each rank
// explained by the client's value for each sort key (then the seeded tie-breaker). The CES team sees every
// agency's clients; others their own agency's, with their community ranks. The CES team also gives a client a manual
// rank (case conferencing) and sets their place on the list (housed, deceased, inactive, or back on it).
import { useState } from "react";
import { Link as RouterLink } from "react-router-dom";
import { Box, Button, Link, Stack, Typography } from "@mui/material";
import { fieldErrors } from "../../api/useApi";
import { useCan } from "../../auth/permissions";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section, type Column } from "../parts";
import {
  ATTRIBUTE, LIST_STATUSES, shortId, shown, usePrioritizationList, useSetListStatus, useSetManualRank, type ListEntry, type ListStatus,
} from "./api";
import { Field, asNumber } from "./editing";

export const PAGE = 25;

export function PrioritizationList() {
  const [offset, setOffset] = useState(0);
  const [managed, setManaged] = useState("");
  const mayManage = useCan("ces:manage").allow;
  const list = usePrioritizationList(PAGE, offset);
  const rows = list.data;
  const keys = rows?.[0]?.keys ?? [];
  const columns: Column<ListEntry>[] = [
    { label: "Rank", cell: (entry) => entry.rank },
    { label: "Client", cell: (entry) => (
      <Link component={RouterLink} to={`/clients/${entry.client_id}`} aria-label={`Client ${shortId(entry.client_id)}`}>
        {shortId(entry.client_id)}
      </Link>
    ) },
    { label: "Recommendation", cell: (entry) => shown(entry.recommendation) },
    ...keys.map((key, index): Column<ListEntry> => ({
      label: ATTRIBUTE[key.attribute ?? ""] ?? shown(key.attribute),
      cell: (entry) => shown(entry.keys?.[index]?.value),
    })),
    { label: "In a referral", cell: (entry) => (entry.in_referral ? "yes" : "no") },
    ...(mayManage ? [{ label: "Manage", cell: (entry: ListEntry) => (
      <Button size="small" aria-label={`Manage client ${shortId(entry.client_id)}`} onClick={() => setManaged(entry.client_id ?? "")}>Manage</Button>
    ) }] : []),
  ];
  return (
    <Box>
      <Heading>Prioritization list</Heading>
      <ApiError error={list.error} />
      {keys.length > 0 && (
        <Typography sx={{ mb: 1 }}>
          Ordered by {keys.map((key) => `${ATTRIBUTE[key.attribute ?? ""] ?? key.attribute} (${order(key.direction, key.missing)})`).join(", ")},
          then a seeded tie-breaker. Each row shows the values that set the client's rank.
        </Typography>
      )}
      {rows && rows.length === 0 && offset === 0
        ? <Typography>No one is on the list (no client assessed, or no prioritization policy in effect).</Typography>
        : <DataTable caption="Prioritization list" rows={rows} rowKey={(entry) => entry.client_id ?? ""} columns={columns} />}
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 2 }}>
        <Button variant="outlined" disabled={offset === 0 || list.isFetching} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous page
        </Button>
        <Typography aria-live="polite">Page {offset / PAGE + 1}</Typography>
        <Button variant="outlined" disabled={!rows || rows.length < PAGE || list.isFetching} onClick={() => setOffset(offset + PAGE)}>
          Next page
        </Button>
      </Stack>
      {mayManage && <ManageClient clientId={managed} onClientId={setManaged} />}
    </Box>
  );
}

/** The CES team's hand on one client's place: a manual rank (empty: none) and their status on the list. */
function ManageClient({ clientId, onClientId }: { clientId: string; onClientId: (clientId: string) => void }) {
  const [rank, setRank] = useState("");
  const [status, setStatus] = useState<ListStatus>("active");
  const [done, setDone] = useState<string>();
  const setManualRank = useSetManualRank();
  const setListStatus = useSetListStatus();
  const errors = { ...fieldErrors(setManualRank.error), ...fieldErrors(setListStatus.error) };
  const id = clientId.trim();
  return (
    <Section title="Manual rank and list status">
      <Typography variant="body2">
        A manual rank orders clients only where the policy sorts on it (case conferencing). A client housed, deceased or
        inactive leaves the list; back on it, they keep their manual rank.
      </Typography>
      <Box component="form" aria-label="Manual rank" noValidate onSubmit={(event) => {
        event.preventDefault();
        setDone(undefined);
        setManualRank.mutate({ clientId: id, manualRank: asNumber(rank) }, {
          onSuccess: (entry) => setDone(`Client ${shortId(entry.client_id)}: manual rank ${entry.manual_rank ?? "cleared"}.`),
        });
      }}>
        <Field label="Client ID" path="client_id" errors={errors} value={clientId} onChange={onClientId} width={340} />
        <Field label="Manual rank" path="manual_rank" errors={errors} type="number" value={rank} onChange={setRank} width={140}
          helper="Empty: clear it" />
        <Button type="submit" variant="outlined" sx={{ mt: 1.5 }} disabled={!id || setManualRank.isPending}>Set manual rank</Button>
      </Box>
      <Box component="form" aria-label="List status" noValidate onSubmit={(event) => {
        event.preventDefault();
        setDone(undefined);
        setListStatus.mutate({ clientId: id, status }, {
          onSuccess: (entry) => setDone(`Client ${shortId(entry.client_id)}: ${LIST_STATUSES[entry.status as ListStatus] ?? entry.status}.`),
        });
      }}>
        <Field label="Status" path="status" errors={errors} select value={status} onChange={(changed) => setStatus(changed as ListStatus)}>
          {Object.entries(LIST_STATUSES).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </Field>
        <Button type="submit" variant="outlined" sx={{ mt: 1.5 }} disabled={!id || setListStatus.isPending}>Set status</Button>
      </Box>
      <ApiError error={setManualRank.error ?? setListStatus.error} />
      {done && <Box role="status" sx={{ my: 1 }}>{done}</Box>}
    </Section>
  );
}

function order(direction?: string, missing?: string): string {
  return `${direction === "desc" ? "highest or yes first" : "lowest or earliest first"}, missing ${missing ?? "last"}`;
}

// The prioritization list (docs/ces.md): clients in the community policy's order, a page at a time, each rank
// explained by the client's value for each sort key (then the seeded tie-breaker). The CES team sees every
// agency's clients; others their own agency's, with their community ranks.
import { useState } from "react";
import { Link as RouterLink } from "react-router-dom";
import { Box, Button, Link, Stack, Typography } from "@mui/material";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, type Column } from "../parts";
import { ATTRIBUTE, shortId, shown, usePrioritizationList, type ListEntry } from "./api";

export const PAGE = 25;

export function PrioritizationList() {
  const [offset, setOffset] = useState(0);
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
    </Box>
  );
}

function order(direction?: string, missing?: string): string {
  return `${direction === "desc" ? "highest or yes first" : "lowest or earliest first"}, missing ${missing ?? "last"}`;
}

// Duplicate review: pairs of the agency's client records that may be one person, for a person to decide. The list
// carries ids and what matched, never names: each record opens through the client's own (audited) screen.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Box, Button, Link, Stack, ToggleButton, ToggleButtonGroup } from "@mui/material";
import { api } from "../../api/client";
import { useMe } from "../../auth/session";
import { DataTable, Heading, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

type Status = "pending" | "resolved";

export function DuplicatesScreen() {
  const me = useMe();
  const queries = useQueryClient();
  const [status, setStatus] = useState<Status>("pending");
  const agencyId = me.data?.agency_id;
  const reviews = useQuery({
    queryKey: ["match-reviews", status, agencyId],
    enabled: Boolean(agencyId),
    queryFn: () => unwrap(api.GET("/api/v1/client-match-reviews", { params: { query: { status, agency_id: agencyId } } })),
  });
  const resolve = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: "same_person" | "different_people" }) =>
      unwrap(api.POST("/api/v1/client-match-reviews/{resource_id}/resolution", { params: { path: { resource_id: id } }, body: { decision } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["match-reviews"] }),
  });
  return (
    <Box>
      <Heading>Duplicate review</Heading>
      <ToggleButtonGroup exclusive value={status} onChange={(_, value: Status | null) => value && setStatus(value)} aria-label="Which reviews" size="small">
        <ToggleButton value="pending">Pending</ToggleButton>
        <ToggleButton value="resolved">Resolved</ToggleButton>
      </ToggleButtonGroup>
      <ApiError error={reviews.error ?? resolve.error} />
      <DataTable caption="Possible duplicates" rows={reviews.data} rowKey={(review) => review.id} columns={[
        { label: "Found", cell: (review) => when(review.created_at) },
        { label: "Record", cell: (review) => <Link href={`/clients/${review.client_id}`}>{review.client_id.slice(0, 8)}</Link> },
        { label: "Possible match", cell: (review) => <Link href={`/clients/${review.candidate_id}`}>{review.candidate_id.slice(0, 8)}</Link> },
        { label: "Matched on", cell: (review) => review.matched_on.join(", ") },
        { label: status === "pending" ? "Decide" : "Decision", cell: (review) => status === "resolved" ? review.decision?.replaceAll("_", " ") : (
          <Stack direction="row" spacing={1}>
            <Button size="small" variant="outlined" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: review.id, decision: "same_person" })}>Same person</Button>
            <Button size="small" variant="outlined" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: review.id, decision: "different_people" })}>Different people</Button>
          </Stack>
        ) },
      ]} />
    </Box>
  );
}

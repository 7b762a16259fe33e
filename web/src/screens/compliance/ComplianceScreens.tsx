// The compliance officer's views of the audit trail: who saw a client, what a user (picked by name) accessed over a
// period, break-glass reads, and accesses under a consent no longer in force; each downloadable as CSV.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Download, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { reasonInWords } from "../../components/reasons";
import { unwrap } from "../../api/useApi";
import { type Access, AccessTable } from "./AccessTable";
import { type Principal, PrincipalPicker, principalLabel } from "./PrincipalPicker";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A period's dates (YYYY-MM-DD, local) as the API's ISO times: from the start of `since` to the end of `until`. */
export function period(since: string, until: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (since) query.since = new Date(`${since}T00:00:00`).toISOString();
  if (until) query.until = new Date(`${until}T23:59:59.999`).toISOString();
  return query;
}

export function ClientAccessScreen() {
  const [clientId, setClientId] = useState("");
  const { register, handleSubmit, formState: { errors } } = useForm<{ client_id: string }>();
  const trail = useQuery({
    queryKey: ["audit", "client", clientId],
    enabled: Boolean(clientId),
    queryFn: () => unwrap(api.GET("/api/v1/audit/clients/{client_id}", { params: { path: { client_id: clientId } } })) as Promise<components["schemas"]["ClientAccess"]>,
  });
  return (
    <Box>
      <Heading>Who saw a client</Heading>
      <Box component="form" aria-label="Client" noValidate onSubmit={handleSubmit((fields) => setClientId(fields.client_id.trim()))} sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
        <TextField label="Client id" size="small" sx={{ minWidth: 360 }} {...register("client_id", { required: "Enter the client's id", pattern: { value: UUID, message: "a client id looks like 0b6c…-…" } })}
          error={Boolean(errors.client_id)} helperText={errors.client_id?.message} />
        <Button type="submit" variant="contained">Show</Button>
      </Box>
      <ApiError error={trail.error} />
      {trail.data && (
        <>
          <Download path={`/audit/clients/${clientId}`} query={{ format: "csv" }}>Download as CSV</Download>
          <Section title="Accesses"><AccessTable caption="Accesses to the client" rows={trail.data.accesses} /></Section>
          <Section title="Refused">
            <DataTable caption="Refused requests" rows={trail.data.denials} rowKey={(denial) => denial.decision_id ?? ""} columns={[
              { label: "When", cell: (denial) => when(denial.timestamp) },
              { label: "Who", cell: (denial) => denial.principal_name ?? "—" },
              { label: "Agency", cell: (denial) => denial.agency_name ?? "—" },
              { label: "Action", cell: (denial) => denial.action },
              { label: "Why", cell: (denial) => (denial.reasons ?? []).map(reasonInWords).join("; ") },
            ]} />
          </Section>
        </>
      )}
    </Box>
  );
}

export function UserAccessScreen() {
  const [asked, setAsked] = useState<{ principal: Principal; since: string; until: string }>();
  const [picked, setPicked] = useState<Principal | null>(null);
  const [unpicked, setUnpicked] = useState(false);
  const { register, handleSubmit } = useForm<{ since: string; until: string }>();
  const query = asked ? period(asked.since, asked.until) : {};
  const rows = useQuery({
    queryKey: ["audit", "principal", asked?.principal.id, query],
    enabled: Boolean(asked),
    queryFn: () => unwrap(api.GET("/api/v1/audit/principals/{principal_id}", { params: { path: { principal_id: asked!.principal.id }, query } })) as Promise<Access[]>,
  });
  const show = handleSubmit((dates) => {
    setUnpicked(!picked);
    if (picked) setAsked({ principal: picked, ...dates });
  });
  return (
    <Box>
      <Heading>A user's accesses</Heading>
      <Typography sx={{ mb: 1 }}>Find the user (or partner key) by name, then choose a period.</Typography>
      <Box component="form" aria-label="User and period" noValidate onSubmit={show} sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "flex-start" }}>
        <PrincipalPicker value={picked} onChange={(chosen) => { setPicked(chosen); setUnpicked(false); }}
          error={unpicked ? "Choose a user or partner key" : undefined} />
        <TextField label="From" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("since")} />
        <TextField label="To" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("until")} />
        <Button type="submit" variant="contained">Show</Button>
      </Box>
      <ApiError error={rows.error} />
      {asked && rows.data && (
        <>
          <Typography sx={{ my: 1 }}>Accesses of {principalLabel(asked.principal)}.</Typography>
          <Download path={`/audit/principals/${asked.principal.id}`} query={{ ...query, format: "csv" }}>Download as CSV</Download>
        </>
      )}
      <AccessTable caption="The user's accesses" rows={rows.data} />
    </Box>
  );
}

function AuditView({ title, path, intro }: { title: string; path: "/api/v1/audit/break-glass" | "/api/v1/audit/invalid-consent"; intro: string }) {
  const rows = useQuery({ queryKey: ["audit", path], queryFn: () => unwrap(api.GET(path)) as Promise<Access[]> });
  return (
    <Box>
      <Heading>{title}</Heading>
      <Typography sx={{ mb: 1 }}>{intro}</Typography>
      <ApiError error={rows.error} />
      {rows.data && <Download path={path.replace("/api/v1", "")} query={{ format: "csv" }}>Download as CSV</Download>}
      <AccessTable caption={title} rows={rows.data} />
    </Box>
  );
}

export function BreakGlassScreen() {
  return <AuditView title="Break-glass reads" path="/api/v1/audit/break-glass" intro="Every client record the HMIS lead read by breaking the glass, with the reason given." />;
}

export function InvalidConsentScreen() {
  return <AuditView title="Accesses under invalid consent" path="/api/v1/audit/invalid-consent"
    intro="Every access made under a consent that had expired or been revoked at the time. This list must be empty." />;
}

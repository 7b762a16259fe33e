// The decision log: every policy decision, newest first, narrowed by who, which agency, which resource, which
// action, allowed or refused, and when; downloadable as CSV with the same filters.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, MenuItem, TextField } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Download, Heading, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { reasonInWords } from "../../components/reasons";
import { unwrap } from "../../api/useApi";

interface Filters { principal_id: string; agency_id: string; resource_id: string; action: string; allowed: string; since: string; until: string; limit: string }
const EMPTY: Filters = { principal_id: "", agency_id: "", resource_id: "", action: "", allowed: "", since: "", until: "", limit: "100" };

/** The filters as the API takes them: empty ones left out, local dates as the start of that day in UTC. */
export function decisionQuery(filters: Filters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (value === "") continue;
    query[name] = name === "since" || name === "until" ? `${value}T00:00:00Z` : value;
  }
  return query;
}

export function DecisionLogScreen() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const query = decisionQuery(filters);
  const decisions = useQuery({
    queryKey: ["decisions", query],
    queryFn: () => unwrap(api.GET("/api/v1/decisions", { params: { query } })) as Promise<components["schemas"]["Decision"][]>,
  });
  const { register, handleSubmit, reset } = useForm<Filters>({ defaultValues: EMPTY });
  const text = (name: keyof Filters, label: string) => <TextField label={label} size="small" {...register(name)} />;
  return (
    <Box>
      <Heading>Decision log</Heading>
      <Box component="form" aria-label="Filters" noValidate onSubmit={handleSubmit(setFilters)} sx={{ display: "flex", gap: 1, flexWrap: "wrap", mb: 2 }}>
        {text("principal_id", "User or key id")}
        {text("agency_id", "Agency id")}
        {text("resource_id", "Resource id")}
        {text("action", "Action (e.g. clients:read)")}
        <TextField select label="Outcome" size="small" defaultValue="" {...register("allowed")} sx={{ minWidth: 140 }}>
          <MenuItem value="">any</MenuItem>
          <MenuItem value="true">allowed</MenuItem>
          <MenuItem value="false">refused</MenuItem>
        </TextField>
        <TextField label="Since" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("since")} />
        <TextField label="Until" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("until")} />
        <TextField label="At most" size="small" inputMode="numeric" {...register("limit")} sx={{ width: 100 }} />
        <Button type="submit" variant="contained">Apply</Button>
        <Button onClick={() => { reset(EMPTY); setFilters(EMPTY); }}>Clear</Button>
      </Box>
      <Download path="/decisions" query={{ ...query, format: "csv" }}>Download as CSV</Download>
      <ApiError error={decisions.error} />
      <DataTable caption="Policy decisions" rows={decisions.data} rowKey={(decision) => decision.decision_id ?? ""} columns={[
        { label: "When", cell: (decision) => when(decision.timestamp) },
        { label: "Who", cell: (decision) => decision.principal_name ?? decision.principal_id ?? "—" },
        { label: "Agency", cell: (decision) => decision.agency_name ?? "—" },
        { label: "Action", cell: (decision) => decision.action },
        { label: "Outcome", cell: (decision) => (decision.allowed ? "allowed" : "refused") },
        { label: "Reasons", cell: (decision) => (decision.reasons ?? []).map(reasonInWords).join("; ") || "—" },
      ]} />
    </Box>
  );
}

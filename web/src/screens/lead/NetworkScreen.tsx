// The HMIS lead's trust network: every agency with its standing (applications are the pending ones), an agency's
// status history, contacts and fees; approve, suspend, reinstate or end; issue a quarterly fee, record a payment;
// suspend every agency overdue past the grace period now; add an agency to the network.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, MenuItem, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Contacts, Fees, useAgency } from "../admin/AgencyScreen";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";

type Status = components["schemas"]["AgencyStatusChange"]["status"];
type FeeCreate = components["schemas"]["FeeCreate"];
const STATUSES: Status[] = ["pending", "active", "suspended", "ended"];
const AGENCIES = ["agencies"];

export function NetworkScreen() {
  const queries = useQueryClient();
  const mayManage = useCan("agencies:manage").allow;
  const mayFees = useCan("fees:manage").allow;
  const mayCreate = useCan("agencies:create").allow;
  const agencies = useQuery({ queryKey: AGENCIES, queryFn: () => unwrap(api.GET("/api/v1/agencies")) });
  const [chosen, choose] = useState<string>();
  const enforce = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/fees/enforcement")),
    onSuccess: () => queries.invalidateQueries({ queryKey: AGENCIES }),
  });
  const applications = agencies.data?.filter((agency) => agency.status === "pending") ?? [];
  return (
    <Box>
      <Heading>Trust network</Heading>
      <ApiError error={agencies.error ?? enforce.error} />
      <Section title="Applications">
        {applications.length === 0 ? <Typography>No agency is waiting for approval.</Typography>
          : <Typography>{applications.length} waiting: {applications.map((agency) => agency.name).join(", ")}.</Typography>}
      </Section>
      <Section title="Agencies">
        <DataTable caption="Agencies in the trust network" rows={agencies.data} rowKey={(agency) => agency.id} columns={[
          { label: "Agency", cell: (agency) => agency.name },
          { label: "Status", cell: (agency) => agency.status },
          { label: "Since", cell: (agency) => when(agency.status_changed_at) },
          { label: "Key contacts", cell: (agency) => (agency.contacts_complete ? "all four" : "incomplete") },
          { label: "", cell: (agency) => <Button size="small" onClick={() => choose(agency.id)} aria-label={`Open ${agency.name}`}>Open</Button> },
        ]} />
        {mayFees && (
          <Stack direction="row" spacing={2} sx={{ mt: 1 }} alignItems="center">
            <Button variant="outlined" onClick={() => enforce.mutate()} disabled={enforce.isPending}>Suspend agencies overdue now</Button>
            {enforce.data && <Typography role="status">{enforce.data.suspended.length} suspended.</Typography>}
          </Stack>
        )}
        {mayCreate && <AddAgency onAdded={(agency) => { choose(agency.id); return queries.invalidateQueries({ queryKey: AGENCIES }); }} />}
      </Section>
      {chosen && <AgencyDetail agencyId={chosen} manage={mayManage} fees={mayFees} />}
    </Box>
  );
}

function AgencyDetail({ agencyId, manage, fees }: { agencyId: string; manage: boolean; fees: boolean }) {
  const queries = useQueryClient();
  const agency = useAgency(agencyId);
  const changed = (detail?: unknown) => {
    if (detail) queries.setQueryData(["agency", agencyId], detail);
    return queries.invalidateQueries({ queryKey: AGENCIES });
  };
  const pay = useMutation({
    mutationFn: (quarter: string) => unwrap(api.POST("/api/v1/agencies/{resource_id}/fees/{quarter}/payment", { params: { path: { resource_id: agencyId, quarter } } })),
    onSuccess: changed,
  });
  if (!agency.data) return <ApiError error={agency.error} />;
  return (
    <Section title={`Agency: ${agency.data.name}`}>
      <Typography>Status: <strong>{agency.data.status}</strong>{agency.data.status_reason ? ` (${agency.data.status_reason})` : ""}</Typography>
      {manage && <StatusChange agencyId={agencyId} current={agency.data.status} onChanged={() => changed()} />}
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>Status history</Typography>
      <DataTable caption="Status history" rows={agency.data.status_history} rowKey={(_, index) => String(index)} columns={[
        { label: "When", cell: (change) => when(change.changed_at) },
        { label: "From", cell: (change) => change.from_status ?? "—" },
        { label: "To", cell: (change) => change.to_status },
        { label: "Reason", cell: (change) => change.reason },
      ]} />
      <Contacts agency={agency.data} editable={false} />
      <ApiError error={pay.error} />
      <Fees agency={agency.data}>
        {fees ? (fee) => fee.status !== "paid" && (
          <Button size="small" variant="outlined" disabled={pay.isPending} onClick={() => pay.mutate(fee.quarter ?? "")}>Record payment</Button>
        ) : undefined}
      </Fees>
      {fees && <IssueFee agencyId={agencyId} onIssued={changed} />}
    </Section>
  );
}

type AgencyCreate = components["schemas"]["AgencyCreate"];

function AddAgency({ onAdded }: { onAdded: (agency: { id: string; name: string }) => void }) {
  const { register, handleSubmit, reset, formState: { errors } } = useForm<AgencyCreate>({ defaultValues: { name: "", status: "active" } });
  const add = useMutation({
    mutationFn: (body: AgencyCreate) => unwrap(api.POST("/api/v1/agencies", { body })),
    onSuccess: (agency) => { reset(); onAdded(agency); },
  });
  return (
    <Box component="form" aria-label="Add an agency" noValidate onSubmit={handleSubmit((body) => add.mutate(body))}
      sx={{ display: "flex", gap: 1, alignItems: "flex-start", flexWrap: "wrap", mt: 2 }}>
      <TextField label="New agency's name" size="small" {...register("name", { required: "Enter the agency's name" })}
        error={Boolean(errors.name)} helperText={errors.name?.message} sx={{ minWidth: 280 }} />
      <TextField select label="Starts as" size="small" defaultValue="active" {...register("status")} sx={{ minWidth: 140 }}>
        <MenuItem value="active">active</MenuItem>
        <MenuItem value="pending">pending</MenuItem>
      </TextField>
      <Button type="submit" variant="contained" disabled={add.isPending}>Add agency</Button>
      {add.isSuccess && <Typography role="status">{add.data.name} was added.</Typography>}
      <ApiError error={add.error} />
    </Box>
  );
}

function StatusChange({ agencyId, current, onChanged }: { agencyId: string; current: string; onChanged: () => void }) {
  const { register, handleSubmit, formState: { errors } } = useForm<{ status: Status; reason: string }>({
    defaultValues: { status: current === "active" ? "suspended" : "active", reason: "" },
  });
  const change = useMutation({
    mutationFn: (body: { status: Status; reason: string }) =>
      unwrap(api.POST("/api/v1/agencies/{resource_id}/status", { params: { path: { resource_id: agencyId } }, body })),
    onSuccess: onChanged,
  });
  return (
    <Box component="form" aria-label="Change status" noValidate onSubmit={handleSubmit((body) => change.mutate(body))} sx={{ display: "flex", gap: 1, alignItems: "flex-start", flexWrap: "wrap", mt: 1 }}>
      <TextField select label="New status" size="small" defaultValue={current === "active" ? "suspended" : "active"} {...register("status")} sx={{ minWidth: 160 }}>
        {STATUSES.map((status) => <MenuItem key={status} value={status}>{status}</MenuItem>)}
      </TextField>
      <TextField label="Reason" size="small" {...register("reason", { required: "Say why", minLength: { value: 3, message: "At least 3 characters" } })}
        error={Boolean(errors.reason)} helperText={errors.reason?.message} />
      <Button type="submit" variant="contained" disabled={change.isPending}>Change status</Button>
      <ApiError error={change.error} />
    </Box>
  );
}

function IssueFee({ agencyId, onIssued }: { agencyId: string; onIssued: (detail: unknown) => void }) {
  const { register, handleSubmit, formState: { errors } } = useForm<{ quarter: string; amount: string; due_date: string }>();
  const issue = useMutation({
    mutationFn: (fee: FeeCreate) => unwrap(api.POST("/api/v1/agencies/{resource_id}/fees", { params: { path: { resource_id: agencyId } }, body: fee })),
    onSuccess: onIssued,
  });
  return (
    <Box component="form" aria-label="Issue a fee" noValidate sx={{ display: "flex", gap: 1, alignItems: "flex-start", flexWrap: "wrap", mt: 1 }}
      onSubmit={handleSubmit((fields) => issue.mutate({ quarter: fields.quarter, due_date: fields.due_date, amount_cents: Math.round(Number(fields.amount) * 100) }))}>
      <TextField label="Quarter (e.g. 2026Q4)" size="small" {...register("quarter", { required: "Name the quarter", pattern: { value: /^\d{4}Q[1-4]$/, message: "like 2026Q4" } })}
        error={Boolean(errors.quarter)} helperText={errors.quarter?.message} />
      <TextField label="Amount ($)" size="small" inputMode="decimal" {...register("amount", { required: "Enter the amount", pattern: { value: /^\d+(\.\d{1,2})?$/, message: "dollars and cents" } })}
        error={Boolean(errors.amount)} helperText={errors.amount?.message} />
      <TextField label="Due date" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("due_date", { required: "Enter the due date" })}
        error={Boolean(errors.due_date)} helperText={errors.due_date?.message} />
      <Button type="submit" variant="contained" disabled={issue.isPending}>Issue fee</Button>
      <ApiError error={issue.error} />
    </Box>
  );
}

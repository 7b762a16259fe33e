// The HMIS lead's HUD organizations (2.01) and who runs each: an agency's organizations, those no agency runs yet
// (added and not linked, or imported without an agency) to link, adding one (then linking it to the agency running it)
// and handing one to another agency (its projects become that agency's).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, MenuItem, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

type Agency = components["schemas"]["Agency"];
type Organization = components["schemas"]["Organization"];
const ORGANIZATIONS = ["organizations"];

export function OrganizationsScreen() {
  const agencies = useQuery({ queryKey: ["agencies"], queryFn: () => unwrap(api.GET("/api/v1/agencies")) });
  const [agencyId, setAgencyId] = useState("");
  const organizations = useQuery({
    queryKey: [...ORGANIZATIONS, agencyId],
    enabled: Boolean(agencyId),
    queryFn: () => unwrap(api.GET("/api/v1/organizations", { params: { query: { agency_id: agencyId } } })),
  });
  const unlinked = useQuery({
    queryKey: [...ORGANIZATIONS, "unlinked"],
    queryFn: () => unwrap(api.GET("/api/v1/unlinked-organizations")),
  });
  const agencyName = agencies.data?.find((agency) => agency.id === agencyId)?.name;
  return (
    <Box>
      <Heading>Organizations</Heading>
      <ApiError error={agencies.error ?? organizations.error ?? unlinked.error} />
      <Section title="Who runs which organization">
        <AgencySelect label="Agency" agencies={agencies.data ?? []} value={agencyId} onChange={setAgencyId} />
        {agencyId && organizations.data && (
          <DataTable caption={`Organizations run by ${agencyName}`} rows={organizations.data} rowKey={(org) => org.organization_id ?? ""} columns={[
            { label: "Organization", cell: (org) => org.organization_name },
            { label: "HUD id", cell: (org) => org.organization_id },
            { label: "Victim service provider", cell: (org) => (org.victim_service_provider === 1 ? "yes" : "no") },
            { label: "Run by", cell: (org) => <Handover organization={org} agencies={agencies.data ?? []} current={agencyId} /> },
          ]} />
        )}
      </Section>
      <Section title="Run by no agency yet">
        <DataTable caption="Organizations run by no agency" rows={unlinked.data} rowKey={(org) => org.organization_id ?? ""} columns={[
          { label: "Organization", cell: (org) => org.organization_name },
          { label: "HUD id", cell: (org) => org.organization_id },
          { label: "Victim service provider", cell: (org) => (org.victim_service_provider === 1 ? "yes" : "no") },
          { label: "Link to", cell: (org) => <Handover organization={org} agencies={agencies.data ?? []} current="" /> },
        ]} />
      </Section>
      <AddOrganization agencies={agencies.data ?? []} onAdded={setAgencyId} />
    </Box>
  );
}

function AgencySelect({ label, agencies, value, onChange }: { label: string; agencies: Agency[]; value: string; onChange: (id: string) => void }) {
  return (
    <TextField select label={label} size="small" value={value} onChange={(event) => onChange(event.target.value)} sx={{ minWidth: 280, my: 1 }}>
      {agencies.map((agency) => <MenuItem key={agency.id} value={agency.id}>{agency.name}</MenuItem>)}
    </TextField>
  );
}

function useLink() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ organizationId, agencyId }: { organizationId: string; agencyId: string }) =>
      unwrap(api.PUT("/api/v1/organizations/{resource_id}/agency", { params: { path: { resource_id: organizationId } }, body: { agency_id: agencyId } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ORGANIZATIONS }),
  });
}

function Handover({ organization, agencies, current }: { organization: Organization; agencies: Agency[]; current: string }) {
  const link = useLink();
  return (
    <Box>
      <TextField select label={`Run by: ${organization.organization_name}`} size="small" value={current} sx={{ minWidth: 220 }}
        onChange={(event) => link.mutate({ organizationId: organization.organization_id ?? "", agencyId: event.target.value })}>
        {agencies.map((agency) => <MenuItem key={agency.id} value={agency.id}>{agency.name}</MenuItem>)}
      </TextField>
      <ApiError error={link.error} />
    </Box>
  );
}

interface NewOrganization { organization_name: string; organization_common_name: string; victim_service_provider: "0" | "1"; agency_id: string }

function AddOrganization({ agencies, onAdded }: { agencies: Agency[]; onAdded: (agencyId: string) => void }) {
  const { register, handleSubmit, reset, formState: { errors } } = useForm<NewOrganization>({
    defaultValues: { organization_name: "", organization_common_name: "", victim_service_provider: "0", agency_id: "" },
  });
  const link = useLink();
  const add = useMutation({
    mutationFn: async (fields: NewOrganization) => {
      const organization = await unwrap(api.POST("/api/v1/organizations", { body: {
        organization_name: fields.organization_name,
        organization_common_name: fields.organization_common_name || null,
        victim_service_provider: fields.victim_service_provider === "1" ? 1 : 0,
      } }));
      await link.mutateAsync({ organizationId: organization.organization_id ?? "", agencyId: fields.agency_id });
      return { organization, agencyId: fields.agency_id };
    },
    onSuccess: ({ agencyId }) => { reset(); onAdded(agencyId); },
  });
  return (
    <Section title="Add an organization">
      <Box component="form" aria-label="Add an organization" noValidate onSubmit={handleSubmit((fields) => add.mutate(fields))} sx={{ maxWidth: 480 }}>
        <TextField label="Organization name" fullWidth margin="dense" {...register("organization_name", { required: "Enter the organization's name" })}
          error={Boolean(errors.organization_name)} helperText={errors.organization_name?.message} />
        <TextField label="Common name (optional)" fullWidth margin="dense" {...register("organization_common_name")} />
        <TextField select label="Victim service provider" fullWidth margin="dense" defaultValue="0" {...register("victim_service_provider")}>
          <MenuItem value="0">No</MenuItem>
          <MenuItem value="1">Yes</MenuItem>
        </TextField>
        <TextField select label="Run by agency" fullWidth margin="dense" defaultValue="" {...register("agency_id", { required: "Choose the agency running it" })}
          error={Boolean(errors.agency_id)} helperText={errors.agency_id?.message}>
          {agencies.map((agency) => <MenuItem key={agency.id} value={agency.id}>{agency.name}</MenuItem>)}
        </TextField>
        <Button type="submit" variant="contained" disabled={add.isPending} sx={{ mt: 1 }}>Add organization</Button>
        {add.isSuccess && <Typography role="status">{add.data.organization.organization_name} was added.</Typography>}
        <ApiError error={add.error} />
      </Box>
    </Section>
  );
}

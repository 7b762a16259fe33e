// The agency administrator's agency: its standing, its four key HMIS contacts (each named here) and its
// quarterly license fees (issued and marked paid by the HMIS lead: read-only here).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, Card, CardContent, Grid2 as Grid, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useMe } from "../../auth/session";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";

type Contact = components["schemas"]["Contact"];
type Detail = components["schemas"]["AgencyDetail"];
export const CONTACT_ROLES = ["executive_director", "agency_administrator", "security_officer", "billing_contact"];

export function useAgency(agencyId: string | undefined) {
  return useQuery({
    queryKey: ["agency", agencyId],
    enabled: Boolean(agencyId),
    queryFn: () => unwrap(api.GET("/api/v1/agencies/{resource_id}", { params: { path: { resource_id: agencyId! } } })),
  });
}

export function AgencyScreen() {
  const me = useMe();
  const agency = useAgency(me.data?.agency_id);
  const editable = useCan("agencies:contacts").allow;
  return (
    <Box>
      <Heading>Agency{agency.data ? `: ${agency.data.name}` : ""}</Heading>
      <ApiError error={agency.error} />
      {agency.data && (
        <>
          <Typography>Status in the trust network: <strong>{agency.data.status}</strong>
            {agency.data.status_reason ? ` (${agency.data.status_reason})` : ""}</Typography>
          <Contacts agency={agency.data} editable={editable} />
          <Fees agency={agency.data} />
        </>
      )}
    </Box>
  );
}

export function Contacts({ agency, editable }: { agency: Detail; editable: boolean }) {
  const missing = agency.missing_contacts ?? [];
  return (
    <Section title="Key contacts">
      {missing.length > 0 && <Typography role="status">Not yet named: {missing.map((role) => role.replaceAll("_", " ")).join(", ")}.</Typography>}
      <Grid container spacing={2}>
        {CONTACT_ROLES.map((role) => {
          const contact = agency.contacts?.find((named) => named.role === role);
          return (
            <Grid key={role} size={{ xs: 12, md: 6 }}>
              <Card variant="outlined"><CardContent>
                <Typography variant="subtitle1" component="h3" sx={{ textTransform: "capitalize" }}>{role.replaceAll("_", " ")}</Typography>
                {editable ? <ContactForm agencyId={agency.id} role={role} contact={contact} />
                  : <Typography>{contact ? `${contact.name}, ${contact.email}${contact.phone ? `, ${contact.phone}` : ""}` : "Not named"}</Typography>}
              </CardContent></Card>
            </Grid>
          );
        })}
      </Grid>
    </Section>
  );
}

function ContactForm({ agencyId, role, contact }: { agencyId: string; role: string; contact?: Contact }) {
  const queries = useQueryClient();
  const { register, handleSubmit, formState: { errors } } = useForm<Contact>({
    defaultValues: { name: contact?.name ?? "", email: contact?.email ?? "", phone: contact?.phone ?? "" },
  });
  const save = useMutation({
    mutationFn: (fields: Contact) => unwrap(api.PUT("/api/v1/agencies/{resource_id}/contacts/{role}", {
      params: { path: { resource_id: agencyId, role } }, body: { ...fields, phone: fields.phone || null },
    })),
    onSuccess: (detail) => queries.setQueryData(["agency", agencyId], detail),
  });
  const label = role.replaceAll("_", " ");
  return (
    <Box component="form" noValidate aria-label={`Contact: ${label}`} onSubmit={handleSubmit((fields) => save.mutate(fields))}>
      <ApiError error={save.error} />
      <TextField label="Name" size="small" fullWidth margin="dense" {...register("name", { required: "Enter a name" })}
        error={Boolean(errors.name)} helperText={errors.name?.message} />
      <TextField label="Email" type="email" size="small" fullWidth margin="dense" {...register("email", { required: "Enter an email" })}
        error={Boolean(errors.email)} helperText={errors.email?.message} />
      <TextField label="Phone" size="small" fullWidth margin="dense" {...register("phone")} />
      <Button type="submit" size="small" variant="outlined" disabled={save.isPending} aria-label={`Save ${label}`}>Save</Button>
      {save.isSuccess && <Typography role="status" component="span" sx={{ ml: 1 }}>Saved.</Typography>}
    </Box>
  );
}

export function Fees({ agency, children }: { agency: Detail; children?: (fee: components["schemas"]["Fee"]) => React.ReactNode }) {
  return (
    <Section title="Quarterly license fees">
      <DataTable caption="License fees" rows={agency.fees} rowKey={(fee) => fee.quarter ?? ""} columns={[
        { label: "Quarter", cell: (fee) => fee.quarter },
        { label: "Amount", cell: (fee) => `$${((fee.amount_cents ?? 0) / 100).toFixed(2)}` },
        { label: "Due", cell: (fee) => fee.due_date },
        { label: "Status", cell: (fee) => fee.status },
        { label: "Paid", cell: (fee) => when(fee.paid_at) },
        ...(children ? [{ label: "Actions", cell: children }] : []),
      ]} />
    </Section>
  );
}

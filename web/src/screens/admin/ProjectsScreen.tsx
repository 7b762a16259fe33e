// The agency's HUD organizations and projects (2.01-2.02) with the descriptors under each project: funders (2.06),
// CoCs (2.03), inventory (2.07), affiliations (2.05), HMIS and CE participation (2.09). Read here; the API also
// changes each (PUT, POST under /projects/{id}), which these screens do not offer yet (docs/web.md).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Accordion, AccordionDetails, AccordionSummary, Box, MenuItem, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

type Project = components["schemas"]["Project"];

export function ProjectsScreen() {
  const organizations = useQuery({ queryKey: ["organizations"], queryFn: () => unwrap(api.GET("/api/v1/organizations")) });
  const [chosen, choose] = useState("");
  const organizationId = chosen || organizations.data?.[0]?.organization_id || "";
  const organization = useQuery({
    queryKey: ["organization", organizationId],
    enabled: Boolean(organizationId),
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{resource_id}", { params: { path: { resource_id: organizationId } } })),
  });
  return (
    <Box>
      <Heading>Projects</Heading>
      <ApiError error={organizations.error ?? organization.error} />
      {organizations.data?.length === 0 && <Typography>Your agency runs no HUD organization yet: the HMIS lead links one.</Typography>}
      {(organizations.data?.length ?? 0) > 1 && (
        <TextField select label="Organization" value={organizationId} onChange={(event) => choose(event.target.value)} sx={{ minWidth: 320, my: 1 }}>
          {organizations.data!.map((org) => <MenuItem key={org.organization_id} value={org.organization_id ?? ""}>{org.organization_name}</MenuItem>)}
        </TextField>
      )}
      {organization.data && (
        <Section title={`${organization.data.organization_name} (${organization.data.organization_id})`}>
          {organization.data.projects?.length === 0 && <Typography>No projects yet.</Typography>}
          {organization.data.projects?.map((project) => <ProjectDetail key={project.project_id} project={project} />)}
        </Section>
      )}
    </Box>
  );
}

function ProjectDetail({ project }: { project: Project }) {
  return (
    <Accordion>
      <AccordionSummary aria-controls={`project-${project.project_id}`} id={`project-${project.project_id}-summary`}>
        <Typography component="h3">{project.project_name} — project type {project.project_type}, from {project.operating_start_date}</Typography>
      </AccordionSummary>
      <AccordionDetails id={`project-${project.project_id}`}>
        <Typography variant="subtitle2" component="h4">CoCs</Typography>
        <DataTable caption="CoCs" rows={project.cocs} rowKey={(coc) => coc.project_coc_id ?? ""} columns={[
          { label: "CoC", cell: (coc) => coc.coc_code },
          { label: "Geocode", cell: (coc) => coc.geocode },
          { label: "ZIP", cell: (coc) => coc.zip },
        ]} />
        <Typography variant="subtitle2" component="h4">Funders</Typography>
        <DataTable caption="Funders" rows={project.funders} rowKey={(funder) => funder.funder_id ?? ""} columns={[
          { label: "Funder", cell: (funder) => funder.funder },
          { label: "Grant", cell: (funder) => funder.grant_id },
          { label: "From", cell: (funder) => funder.start_date },
          { label: "To", cell: (funder) => funder.end_date ?? "—" },
        ]} />
        <Typography variant="subtitle2" component="h4">Inventory</Typography>
        <DataTable caption="Inventory" rows={project.inventory} rowKey={(row) => row.inventory_id ?? ""} columns={[
          { label: "CoC", cell: (row) => row.coc_code },
          { label: "Household type", cell: (row) => row.household_type },
          { label: "Beds", cell: (row) => row.bed_inventory },
          { label: "Units", cell: (row) => row.unit_inventory },
          { label: "From", cell: (row) => row.inventory_start_date },
        ]} />
        <Typography variant="subtitle2" component="h4">HMIS participation</Typography>
        <DataTable caption="HMIS participation" rows={project.hmis_participation} rowKey={(row) => row.hmis_participation_id ?? ""} columns={[
          { label: "Type", cell: (row) => row.hmis_participation_type },
          { label: "From", cell: (row) => row.hmis_participation_status_start_date },
          { label: "To", cell: (row) => row.hmis_participation_status_end_date ?? "—" },
        ]} />
        <Typography variant="subtitle2" component="h4">CE participation</Typography>
        <DataTable caption="CE participation" rows={project.ce_participation} rowKey={(row) => row.ce_participation_id ?? ""} columns={[
          { label: "Access point", cell: (row) => row.access_point },
          { label: "From", cell: (row) => row.ce_participation_status_start_date },
        ]} />
      </AccordionDetails>
    </Accordion>
  );
}

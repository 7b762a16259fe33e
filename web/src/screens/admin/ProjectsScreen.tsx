// The agency's HUD organizations (2.01) and their projects (2.02), each project with its descriptors
// (ProjectDescriptors). Everyone with projects:read sees them; an administrator of the agency running them
// (projects:manage) changes the organization, adds a project and edits each, every form rendered from HUD's catalogue.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Box, Button, MenuItem, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Heading, Section } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";
import { DescriptorForm, ProjectDetail, organizationKey } from "./ProjectDescriptors";

type Organization = components["schemas"]["Organization"];

export function ProjectsScreen() {
  const organizations = useQuery({ queryKey: ["organizations"], queryFn: () => unwrap(api.GET("/api/v1/organizations")) });
  const [chosen, choose] = useState("");
  const organizationId = chosen || organizations.data?.[0]?.organization_id || "";
  const organization = useQuery({
    queryKey: organizationKey(organizationId),
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
      {organization.data && <OrganizationProjects key={organizationId} organization={organization.data} />}
    </Box>
  );
}

type Open = "organization" | "project" | null;

function OrganizationProjects({ organization }: { organization: Organization }) {
  const mayManage = useCan("projects:manage").allow;
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string>();
  const organizationId = organization.organization_id ?? "";
  const finished = (message: string) => { setOpen(null); setDone(message); };
  const toggle = (form: Open) => { setOpen(open === form ? null : form); setDone(undefined); };
  return (
    <Section title={`${organization.organization_name} (${organizationId})`}>
      {mayManage && (
        <Box sx={{ display: "flex", gap: 1, mb: 2 }}>
          <Button variant={open === "organization" ? "contained" : "outlined"} onClick={() => toggle("organization")}>Edit the organization</Button>
          <Button variant={open === "project" ? "contained" : "outlined"} onClick={() => toggle("project")}>Add a project</Button>
        </Box>
      )}
      {done && <Typography role="status" sx={{ mb: 1 }}>{done}</Typography>}
      {open === "organization" && (
        <DescriptorForm record="Organization" title="The organization (2.01)" before={organization} submitLabel="Save the organization"
          write={(body) => api.PUT("/api/v1/organizations/{resource_id}", { params: { path: { resource_id: organizationId } }, body: body as never })}
          invalidates={[organizationKey(organizationId), ["organizations"]]} onDone={() => finished("The organization was saved.")} />
      )}
      {open === "project" && (
        <DescriptorForm record="Project" title="A new project (2.02)" submitLabel="Add the project"
          write={(body) => api.POST("/api/v1/organizations/{resource_id}/projects", { params: { path: { resource_id: organizationId } }, body: body as never })}
          invalidates={[organizationKey(organizationId)]} onDone={(project) => finished(`${String(project.project_name)} was added.`)} />
      )}
      {organization.projects?.length === 0 && <Typography>No projects yet.</Typography>}
      {organization.projects?.map((project) => <ProjectDetail key={project.project_id} project={project} organizationId={organizationId} />)}
    </Section>
  );
}

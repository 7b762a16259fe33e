// One project (HUD 2.02) with its descriptors: CoCs (2.03), funders (2.06), bed and unit inventory (2.07), HMIS
// participation (2.08), CE participation (2.09) and residential affiliations, read from GET /projects/{id} when opened.
// Tables and forms are built from each record's form definition (GET /hud/forms/<record>): labels, value lists and
// rules are HUD's catalogue's, none written here. With projects:manage: edit the project, add or edit a descriptor
// (an edit sends only the answers changed); the gateway's refusal of a field is shown on that field.
import { useState } from "react";
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { Accordion, AccordionDetails, AccordionSummary, Box, Button, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, type Column } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap, useApiMutation } from "../../api/useApi";
import { useCan } from "../../auth/permissions";
import { HudForm, pick, useHudForm } from "../../hud/HudForm";
import { answerInWords, asAnswers, changedAnswers, type Answers } from "../../hud/rules";

type Project = components["schemas"]["Project"];
type Row = Record<string, unknown>;
type Written = Promise<{ data?: unknown; error?: unknown; response: Response }>;

export const organizationKey = (organizationId: string): QueryKey => ["organization", organizationId];
const projectKey = (projectId: string): QueryKey => ["project", projectId];

interface Kind {
  name: "cocs" | "funders" | "inventory" | "hmis_participation" | "ce_participation" | "affiliations";  // in the project's answer
  path: string;       // under /projects/{id}/
  record: string;     // the HUD record, its form
  key: string;        // its id's field
  title: string;
  one: string;        // one record, in words
  columns: string[];  // the fields its table shows (its form asks them all)
}

export const KINDS: Kind[] = [
  { name: "cocs", path: "cocs", record: "ProjectCoC", key: "project_coc_id", title: "CoCs (2.03)", one: "CoC",
    columns: ["coc_code", "geocode", "city", "zip", "geography_type"] },
  { name: "funders", path: "funders", record: "Funder", key: "funder_id", title: "Funders (2.06)", one: "funder",
    columns: ["funder", "other_funder", "grant_id", "start_date", "end_date"] },
  { name: "inventory", path: "inventory", record: "Inventory", key: "inventory_id", title: "Bed and unit inventory (2.07)",
    one: "inventory row", columns: ["coc_code", "household_type", "unit_inventory", "bed_inventory", "inventory_start_date", "inventory_end_date"] },
  { name: "hmis_participation", path: "hmis-participation", record: "HMISParticipation", key: "hmis_participation_id",
    title: "HMIS participation (2.08)", one: "HMIS participation",
    columns: ["hmis_participation_type", "hmis_participation_status_start_date", "hmis_participation_status_end_date"] },
  { name: "ce_participation", path: "ce-participation", record: "CEParticipation", key: "ce_participation_id",
    title: "Coordinated entry participation (2.09)", one: "CE participation",
    columns: ["access_point", "receives_referrals", "ce_participation_status_start_date", "ce_participation_status_end_date"] },
  { name: "affiliations", path: "affiliations", record: "Affiliation", key: "affiliation_id", title: "Residential affiliations",
    one: "affiliation", columns: ["res_project_id"] },
];

/** A HUD descriptor's form: a new record (`before` absent) or changes to `before` (only the answers changed are sent).
 * On success the queries under `invalidates` are read again and `onDone` gets what the gateway answered. */
export function DescriptorForm({ record, title, submitLabel, before, write, invalidates, onDone }: {
  record: string; title: string; submitLabel: string; before?: Row;
  write: (body: Answers) => Written; invalidates: QueryKey[]; onDone: (saved: Row) => void;
}) {
  const definition = useHudForm(record);
  const save = useApiMutation(write, invalidates);
  const [unchanged, setUnchanged] = useState(false);
  const submit = (body: Answers) => {
    const sent = before ? changedAnswers(definition.data?.fields ?? [], before, body) : body;
    setUnchanged(Boolean(before) && Object.keys(sent).length === 0);
    if (before && Object.keys(sent).length === 0) return;
    save.mutate(sent, { onSuccess: (saved) => onDone(saved as Row) });
  };
  return (
    <Box component="section" aria-label={title} sx={{ my: 2, p: 2, border: 1, borderColor: "divider", borderRadius: 1 }}>
      <Typography variant="subtitle1" component="p" sx={{ fontWeight: 500, mb: 1 }}>{title}</Typography>
      {unchanged && <Typography role="status" sx={{ mb: 1 }}>Nothing was changed.</Typography>}
      <HudForm record={record} submitLabel={submitLabel} defaults={before ? asAnswers(before) : undefined}
        onSubmit={submit} pending={save.isPending} error={save.error} />
    </Box>
  );
}

export function ProjectDetail({ project, organizationId }: { project: Project; organizationId: string }) {
  const [expanded, setExpanded] = useState(false);
  const projectId = project.project_id ?? "";
  const detail = useQuery({
    queryKey: projectKey(projectId),
    enabled: expanded,
    queryFn: () => unwrap(api.GET("/api/v1/projects/{resource_id}", { params: { path: { resource_id: projectId } } })),
  });
  const form = useHudForm("Project");
  const type = form.data?.fields.find((field) => field.name === "project_type");
  return (
    <Accordion expanded={expanded} onChange={(_, now) => setExpanded(now)} slotProps={{ transition: { unmountOnExit: true } }}>
      <AccordionSummary aria-controls={`project-${projectId}`} id={`project-${projectId}-summary`}>
        <Typography component="span">
          {project.project_name}: {type ? answerInWords(type, project.project_type) : `project type ${project.project_type}`}, from {project.operating_start_date}
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <ApiError error={detail.error} />
        {detail.data && <ProjectRecords project={detail.data} organizationId={organizationId} />}
      </AccordionDetails>
    </Accordion>
  );
}

type Open = { kind: Kind | "project"; row?: Row } | null;

function ProjectRecords({ project, organizationId }: { project: Project; organizationId: string }) {
  const mayManage = useCan("projects:manage").allow;
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string>();
  const projectId = project.project_id ?? "";
  const name = project.project_name ?? projectId;
  const show = (next: Open) => { setOpen(next); setDone(undefined); };
  const finished = (message: string) => { setOpen(null); setDone(message); };
  const formOf = (kind: Kind) => open && open.kind === kind && (
    <DescriptorForm key={String(open.row?.[kind.key] ?? "new")} record={kind.record} before={open.row}
      title={open.row ? `Edit the ${kind.one}` : `New ${kind.one}`} submitLabel={open.row ? `Save the ${kind.one}` : `Add the ${kind.one}`}
      write={(body) => (open.row
        ? api.PUT(`/api/v1/projects/{resource_id}/${kind.path}/{record_id}` as "/api/v1/projects/{resource_id}/cocs/{record_id}",
          { params: { path: { resource_id: projectId, record_id: String(open.row[kind.key]) } }, body: body as never })
        : api.POST(`/api/v1/projects/{resource_id}/${kind.path}` as "/api/v1/projects/{resource_id}/cocs",
          { params: { path: { resource_id: projectId } }, body: body as never }))}
      invalidates={[projectKey(projectId)]}
      onDone={() => finished(open.row ? `The ${kind.one} was saved.` : `The ${kind.one} was added.`)} />
  );
  return (
    <Box>
      {done && <Typography role="status" sx={{ mb: 1 }}>{done}</Typography>}
      <Answered record="Project" row={project as Row} caption={`The answers of ${name}`} />
      {mayManage && (
        <Button variant="outlined" size="small" sx={{ mt: 1 }} onClick={() => show({ kind: "project", row: project as Row })}
          aria-label={`Edit the project ${name}`}>Edit the project</Button>
      )}
      {open?.kind === "project" && (
        <DescriptorForm record="Project" title={`Edit the project ${name}`} submitLabel="Save the project" before={project as Row}
          write={(body) => api.PUT("/api/v1/projects/{resource_id}", { params: { path: { resource_id: projectId } }, body: body as never })}
          invalidates={[projectKey(projectId), organizationKey(organizationId)]} onDone={() => finished("The project was saved.")} />
      )}
      {KINDS.map((kind) => (
        <Box key={kind.name} component="section" aria-label={`${kind.title} of ${name}`} sx={{ mt: 3 }}>
          <Typography variant="subtitle2" component="h4">{kind.title}</Typography>
          <DescriptorTable kind={kind} rows={(project[kind.name] ?? []) as Row[]} caption={`${kind.title} of ${name}`}
            edit={mayManage ? (row) => show({ kind, row }) : undefined} />
          {mayManage && <Button size="small" onClick={() => show({ kind })}>New {kind.one}</Button>}
          {formOf(kind)}
        </Box>
      ))}
    </Box>
  );
}

/** A record's answered fields, each labelled as its form labels it. */
function Answered({ record, row, caption }: { record: string; row: Row; caption: string }) {
  const form = useHudForm(record);
  if (!form.data) return <ApiError error={form.error} />;
  const answered = form.data.fields.filter((field) => row[field.name] !== null && row[field.name] !== undefined && row[field.name] !== "");
  return (
    <DataTable caption={caption} rows={answered} rowKey={(field) => field.name} columns={[
      { label: "Question", cell: (field) => field.label },
      { label: "Answer", cell: (field) => answerInWords(field, row[field.name]) },
    ]} />
  );
}

function DescriptorTable({ kind, rows, caption, edit }: { kind: Kind; rows: Row[]; caption: string; edit?: (row: Row) => void }) {
  const form = useHudForm(kind.record);
  if (!form.data) return <ApiError error={form.error} />;
  const fields = pick(form.data, kind.columns);
  const columns: Column<Row>[] = fields.map((field) => ({ label: field.label, cell: (row) => answerInWords(field, row[field.name]) }));
  if (edit) {
    columns.push({ label: "Actions", cell: (row) => (
      <Button size="small" variant="outlined" onClick={() => edit(row)}
        aria-label={`Edit the ${kind.one}: ${answerInWords(fields[0], row[fields[0].name])}`}>Edit</Button>
    ) });
  }
  return <DataTable caption={caption} rows={rows} rowKey={(row) => String(row[kind.key])} columns={columns} />;
}

// Household enrollment: a project of the agency, the entry date, and the members (this client and any found by a
// search), each with their relationship to the head and HUD's entry questions; exactly one head (chosen, and
// changed, with the radio buttons). Labels and value lists come from HUD's Enrollment form.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { Alert, Box, Button, CircularProgress, FormControlLabel, Paper, Radio, RadioGroup, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { useHudForm } from "../../hud/HudForm";
import type { HudField } from "../../hud/rules";
import { personName, summaryKey, useProjects, type Client } from "./api";
import { ClientSearch } from "./ClientSearch";

const HEAD = 1;
const FORM_ID = "enroll-household";
// HUD's entry questions asked of each member here (3.15 is the radio and the relationship; 3.08, 3.917).
const MEMBER_FIELDS = ["disabling_condition", "living_situation"] as const;

interface Member {
  client_id: string;
  name: string;
  relationship: string;            // RelationshipToHoH of a member who is not the head
  answers: Record<string, string>;
}

export function householdProblem(members: Member[], head: string): string | null {
  if (!members.some((member) => member.client_id === head)) return "Choose the head of household.";
  const missing = members.filter((member) => member.client_id !== head && !member.relationship);
  return missing.length ? `Say how ${missing.map((m) => m.name).join(", ")} relate${missing.length > 1 ? "" : "s"} to the head.` : null;
}

export function EnrollHousehold({ head: client }: { head: Client }) {
  const navigate = useNavigate();
  const form = useHudForm("Enrollment");
  const projects = useProjects();
  const [projectId, setProjectId] = useState("");
  const [entryDate, setEntryDate] = useState(new Date().toISOString().slice(0, 10));
  const [members, setMembers] = useState<Member[]>([{ client_id: client.id, name: personName(client), relationship: "", answers: {} }]);
  const [head, setHead] = useState(client.id);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const enroll = useApiMutation((body: Record<string, unknown>) => api.POST("/api/v1/enrollments", { body: body as never }),
    [summaryKey(client.id)]);
  if (form.isPending || projects.isPending) return <CircularProgress aria-label="Loading" />;
  if (!form.data || projects.error) return <ApiError error={form.error ?? projects.error} />;
  const fields = new Map(form.data.fields.map((field) => [field.name, field]));
  const relationships = fields.get("relationship_to_hoh")!.options!.filter((option) => option.code !== HEAD);
  const ownProjects = projects.projects;

  const change = (clientId: string, patch: Partial<Member>) =>
    setMembers((all) => all.map((member) => member.client_id === clientId ? { ...member, ...patch } : member));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const wrong = !projectId ? "Choose a project." : householdProblem(members, head);
    setProblem(wrong);
    if (wrong) return;
    enroll.mutate({
      project_id: projectId, entry_date: entryDate,
      members: members.map((member) => ({
        client_id: member.client_id,
        relationship_to_hoh: member.client_id === head ? HEAD : Number(member.relationship),
        ...Object.fromEntries(Object.entries(member.answers).filter(([, v]) => v !== "").map(([k, v]) => [k, Number(v)])),
      })),
    }, {
      onSuccess: (household) => {
        const own = household.enrollments.find((enrollment) => enrollment.client_id === client.id);
        navigate(`/clients/${client.id}/enrollments/${own?.enrollment_id ?? ""}`);
        window.scrollTo(0, 0);  // the enrollment's page from its top, not under the header at this form's scroll
      },
    });
  };
  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }} component="section" aria-labelledby="enroll-title">
      <Typography id="enroll-title" variant="h5" component="h2">Enroll the household</Typography>
      {/* The member search is a form of its own, so it sits outside this one; the Enroll button submits this one. */}
      <Stack component="form" id={FORM_ID} noValidate onSubmit={submit} aria-labelledby="enroll-title" spacing={2}>
        <TextField select label="Project" value={projectId} onChange={(e) => setProjectId(e.target.value)} required
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          helperText={ownProjects.length ? undefined : "Your agency runs no project yet"}>
          <option value="">Choose a project</option>
          {ownProjects.map((project) => <option key={project.project_id} value={project.project_id ?? ""}>{project.project_name}</option>)}
        </TextField>
        <TextField label={fields.get("entry_date")!.label} type="date" value={entryDate} required
          onChange={(e) => setEntryDate(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        <Typography variant="h6" component="h3">Members</Typography>
        <RadioGroup value={head} onChange={(e) => setHead(e.target.value)} aria-label="Head of household">
          {members.map((member) => (
            <Paper key={member.client_id} variant="outlined" sx={{ p: 2, mb: 1 }}>
              <Stack spacing={1}>
                <Typography component="h4" fontWeight={600}>{member.name}</Typography>
                <FormControlLabel value={member.client_id} control={<Radio />} label={`${member.name} is the head of household`} />
                {member.client_id !== head && (
                  <TextField select label={`${fields.get("relationship_to_hoh")!.label} (${member.name})`} value={member.relationship}
                    onChange={(e) => change(member.client_id, { relationship: e.target.value })} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
                    <option value="">Choose</option>
                    {relationships.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
                  </TextField>
                )}
                {MEMBER_FIELDS.map((name) => (
                  <MemberAnswer key={name} field={fields.get(name)!} who={member.name} value={member.answers[name] ?? ""}
                    onChange={(value) => change(member.client_id, { answers: { ...member.answers, [name]: value } })} />
                ))}
                {member.client_id !== client.id && (
                  <Box><Button size="small" onClick={() => setMembers((all) => all.filter((m) => m.client_id !== member.client_id))}>
                    Remove {member.name}
                  </Button></Box>
                )}
              </Stack>
            </Paper>
          ))}
        </RadioGroup>
      </Stack>
      {adding
        ? <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="h6" component="h3" gutterBottom>Add a member</Typography>
            <ClientSearch allowCreate={false} onPick={(candidate) => {
              if (!members.some((member) => member.client_id === candidate.id)) {
                setMembers((all) => [...all, { client_id: candidate.id, name: personName(candidate), relationship: "", answers: {} }]);
              }
              setAdding(false);
            }} />
          </Paper>
        : <Box><Button variant="outlined" onClick={() => setAdding(true)}>Add a household member</Button></Box>}
      {problem && <Alert severity="error" role="alert">{problem}</Alert>}
      <ApiError error={enroll.error} />
      <Box><Button type="submit" form={FORM_ID} variant="contained" disabled={enroll.isPending}>Enroll</Button></Box>
    </Stack>
  );
}

function MemberAnswer({ field, who, value, onChange }: { field: HudField; who: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextField select label={`${field.label} (${who})`} value={value} onChange={(e) => onChange(e.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
      <option value="">Not answered</option>
      {field.options!.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
    </TextField>
  );
}

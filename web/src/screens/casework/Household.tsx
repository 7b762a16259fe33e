// An enrollment's household (GET /enrollments/{id}/household: ids and dates, no names): each member's stay, a link to
// record what it carries (a member's own exit among them), and the whole household's exit in one step: one HUD Exit
// form (exit date, destination ...) recorded on every member still in the project, the other members first and the
// head last. A retry after a refusal exits only those still in.
import { useState } from "react";
import { Link as RouterLink } from "react-router-dom";
import { Alert, Box, Button, CircularProgress, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useApi, useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HudForm } from "../../hud/HudForm";
import { summaryKey } from "./api";

type Member = components["schemas"]["HouseholdMember"];
const HEAD = 1;
export const EXIT_FIELDS = ["exit_date", "destination", "destination_subsidy_type", "other_destination", "project_completion_status"];

export function who(member: Member, index: number, clientId: string): string {
  const role = member.relationship_to_hoh === HEAD ? "Head of household" : `Household member ${index + 1}`;
  return member.client_id === clientId ? `${role} (this client)` : role;
}

/** The members still in the project, in the order they exit: the head last. */
export function exitOrder(members: Member[]): Member[] {
  const open = members.filter((member) => !member.exit_date);
  return [...open.filter((member) => member.relationship_to_hoh !== HEAD), ...open.filter((member) => member.relationship_to_hoh === HEAD)];
}

export function Household({ enrollmentId, clientId }: { enrollmentId: string; clientId: string }) {
  const household = useApi(["enrollments", enrollmentId, "household"], () =>
    api.GET("/api/v1/enrollments/{resource_id}/household", { params: { path: { resource_id: enrollmentId } } }));
  const [exiting, setExiting] = useState(false);
  if (household.isPending) return <CircularProgress aria-label="Loading the household" />;
  if (!household.data) return <ApiError error={household.error} />;
  const members = household.data.enrollments;
  const open = exitOrder(members);
  return (
    <Stack component="section" aria-labelledby="household-title" spacing={1}>
      <Typography id="household-title" variant="h6" component="h3">Household</Typography>
      <Table size="small" aria-labelledby="household-title" sx={{ maxWidth: 720 }}>
        <TableHead><TableRow><TableCell>Member</TableCell><TableCell>Entry</TableCell><TableCell>Exit</TableCell><TableCell>Enrollment</TableCell></TableRow></TableHead>
        <TableBody>
          {members.map((member, index) => (
            <TableRow key={member.enrollment_id}>
              <TableCell>{who(member, index, clientId)}</TableCell>
              <TableCell>{member.entry_date}</TableCell>
              <TableCell>{member.exit_date ?? "in the project"}</TableCell>
              <TableCell>
                {member.enrollment_id === enrollmentId ? "this one" : (
                  <Link component={RouterLink} to={`/clients/${member.client_id}/enrollments/${member.enrollment_id}`}
                    aria-label={`Open the enrollment: ${who(member, index, clientId)}`}>Open</Link>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {open.length === 0
        ? <Alert severity="info" sx={{ maxWidth: 720 }}>Every member has exited.</Alert>
        : exiting
          ? <ExitHousehold members={open} clientId={clientId} />
          : <Box><Button variant="outlined" onClick={() => setExiting(true)}>Exit the whole household</Button></Box>}
    </Stack>
  );
}

function ExitHousehold({ members, clientId }: { members: Member[]; clientId: string }) {
  const [exited, setExited] = useState<string[]>([]);
  const exit = useApiMutation((body: { enrollmentId: string; answers: Record<string, unknown> }) =>
    api.POST("/api/v1/enrollments/{resource_id}/exit", { params: { path: { resource_id: body.enrollmentId } }, body: body.answers as never }),
  [["enrollments"], summaryKey(clientId)]);
  const submit = async (answers: Record<string, unknown>) => {
    for (const member of members.filter((each) => !exited.includes(each.enrollment_id))) {
      await exit.mutateAsync({ enrollmentId: member.enrollment_id, answers });
      setExited((all) => [...all, member.enrollment_id]);
    }
  };
  return (
    <Box component="section" aria-label="Exit the whole household" sx={{ maxWidth: 720 }}>
      <Typography sx={{ mb: 1 }}>
        One exit for the {members.length} member{members.length > 1 ? "s" : ""} still in the project, the head last.
        {exited.length > 0 && ` ${exited.length} exited so far.`}
      </Typography>
      <HudForm record="Exit" fields={EXIT_FIELDS} submitLabel="Exit every member still in the project"
        onSubmit={(answers) => { submit(answers).catch(() => undefined); }} pending={exit.isPending} error={exit.error} />
    </Box>
  );
}

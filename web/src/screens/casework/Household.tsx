// An enrollment's household (GET /enrollments/{id}/household: ids and dates, no names): each member's stay, a link to
// record what it carries (a member's own exit among them), and two steps member by member (HouseholdSteps): each
// member's entry records, the head first; and the household's exit, each member's exit and exit records with their
// own answers, the other members first and the head last.
import { useState } from "react";
import { Link as RouterLink } from "react-router-dom";
import { Alert, Button, CircularProgress, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useApi } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { HouseholdSteps } from "./HouseholdSteps";
import { EXIT, START } from "./MemberRecords";

type Member = components["schemas"]["HouseholdMember"];
const HEAD = 1;

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
  const [steps, setSteps] = useState<number | null>(null);  // the stage stepped through, member by member
  if (household.isPending) return <CircularProgress aria-label="Loading the household" />;
  if (!household.data) return <ApiError error={household.error} />;
  const members = household.data.enrollments;
  const open = exitOrder(members);
  const stepped = (chosen: Member[]) => chosen.map((member) => ({ enrollment_id: member.enrollment_id, client_id: member.client_id,
    label: who(member, members.indexOf(member), clientId) }));
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
      {steps !== null ? (
        <HouseholdSteps members={stepped(steps === START ? members : open)} stage={steps} pageClientId={clientId}
          onClose={() => setSteps(null)} />
      ) : (
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
          {/* the members as they stand now: not a list read before a member's exit elsewhere */}
          <Button variant="outlined" disabled={household.isFetching} onClick={() => setSteps(START)}>Record each member's entry records</Button>
          {open.length > 0 && (
            <Button variant="outlined" disabled={household.isFetching} onClick={() => setSteps(EXIT)}>Exit the household, member by member</Button>
          )}
        </Stack>
      )}
      {open.length === 0 && steps === null && <Alert severity="info" sx={{ maxWidth: 720 }}>Every member has exited.</Alert>}
    </Stack>
  );
}

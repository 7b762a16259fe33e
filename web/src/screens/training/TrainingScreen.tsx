// A user's own training: where they stand (license training, mandatory courses current, CES Workflow, what is
// overdue or due soon), the courses, sessions to register for, and the quizzes they may take.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Box, Button, Link, List, ListItem, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router-dom";
import { api } from "../../api/client";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

export function TrainingScreen() {
  const queries = useQueryClient();
  const status = useQuery({ queryKey: ["training", "status"], queryFn: () => unwrap(api.GET("/api/v1/training/status")) });
  const courses = useQuery({ queryKey: ["courses"], queryFn: () => unwrap(api.GET("/api/v1/training/courses")) });
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => unwrap(api.GET("/api/v1/training/sessions")) });
  const registration = useMutation({
    mutationFn: (sessionId: string) => unwrap(api.POST("/api/v1/training/sessions/{resource_id}/registrations", { params: { path: { resource_id: sessionId } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const title = (code: string) => courses.data?.find((course) => course.code === code)?.title ?? code;
  const standing = status.data;
  return (
    <Box>
      <Heading>My training</Heading>
      <ApiError error={status.error ?? courses.error ?? sessions.error} />
      {standing && (
        <Section title="Where you stand">
          <List dense>
            <ListItem>License training (New User Training and the Privacy &amp; Security quiz): {standing.license_training_complete ? "complete" : "not complete"}</ListItem>
            <ListItem>Mandatory trainings: {standing.mandatory_current ? "current" : "not current"}</ListItem>
            <ListItem>CES Workflow: {standing.ces_workflow_complete ? "complete" : "not taken"}</ListItem>
          </List>
          {(standing.overdue ?? []).length > 0 && <Alert severity="warning">Overdue: {standing.overdue!.map(title).join(", ")}</Alert>}
          {(standing.due_soon ?? []).length > 0 && <Alert severity="info">Due soon: {standing.due_soon!.map(title).join(", ")}</Alert>}
        </Section>
      )}
      <Section title="Courses">
        <DataTable caption="Courses" rows={courses.data} rowKey={(course) => course.code ?? ""} columns={[
          { label: "Course", cell: (course) => course.title },
          { label: "Mandatory", cell: (course) => (course.mandatory ? "yes" : "no") },
          { label: "Quiz", cell: (course) => (course.questions
            ? <Link component={RouterLink} to={`/training/quiz/${course.code}`}>Take the quiz ({course.pass_mark}% to pass)</Link> : "—") },
        ]} />
      </Section>
      <Section title="Sessions">
        <ApiError error={registration.error} />
        {registration.isSuccess && <Typography role="status">You are registered.</Typography>}
        <DataTable caption="Sessions" rows={sessions.data} rowKey={(session) => session.id ?? ""} columns={[
          { label: "Course", cell: (session) => title(session.course_code ?? "") },
          { label: "Starts", cell: (session) => when(session.starts_at) },
          { label: "Where", cell: (session) => session.location },
          { label: "Seats", cell: (session) => `${session.registered} of ${session.capacity} taken` },
          { label: "", cell: (session) => (session.registered ?? 0) < (session.capacity ?? 0) && (
            <Button size="small" variant="outlined" disabled={registration.isPending} onClick={() => registration.mutate(session.id ?? "")}
              aria-label={`Register: ${title(session.course_code ?? "")} ${when(session.starts_at)}`}>Register</Button>
          ) },
        ]} />
      </Section>
    </Box>
  );
}

// The HMIS lead's training: the course catalogue and which courses are mandatory from when, sessions with their
// seats, scheduling one, marking who attended (a registered user of any agency), and recording a completion
// evidenced outside the system.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, MenuItem, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

type Course = components["schemas"]["Course"];
type Session = components["schemas"]["TrainingSession"];

export function TrainingAdminScreen() {
  const queries = useQueryClient();
  const courses = useQuery({ queryKey: ["courses"], queryFn: () => unwrap(api.GET("/api/v1/training/courses")) });
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => unwrap(api.GET("/api/v1/training/sessions")) });
  const requirement = useMutation({
    mutationFn: ({ course, mandatory }: { course: Course; mandatory: boolean }) =>
      unwrap(api.PUT("/api/v1/training/courses/{course_code}/requirement", {
        params: { path: { course_code: course.code ?? "" } },
        body: { mandatory, effective_date: mandatory ? new Date().toISOString().slice(0, 10) : null },
      })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["courses"] }),
  });
  const [attending, setAttending] = useState<Session>();
  return (
    <Box>
      <Heading>Training catalogue and sessions</Heading>
      <ApiError error={courses.error ?? sessions.error ?? requirement.error} />
      <Section title="Courses">
        <DataTable caption="Course catalogue" rows={courses.data} rowKey={(course) => course.code ?? ""} columns={[
          { label: "Course", cell: (course) => course.title },
          { label: "Kind", cell: (course) => course.kind?.replaceAll("_", " ") },
          { label: "Mandatory", cell: (course) => (course.mandatory ? `from ${course.effective_date ?? "the start"}` : "no") },
          { label: "Valid for", cell: (course) => (course.validity_months ? `${course.validity_months} months` : "—") },
          { label: "Quiz", cell: (course) => (course.questions ? `${course.questions} questions, pass at ${course.pass_mark}%` : "—") },
          { label: "Requirement", cell: (course) => (
            <Button size="small" variant="outlined" disabled={requirement.isPending} aria-label={`${course.mandatory ? "Withdraw requirement" : "Make mandatory from today"}: ${course.title}`}
              onClick={() => requirement.mutate({ course, mandatory: !course.mandatory })}>
              {course.mandatory ? "Withdraw requirement" : "Make mandatory from today"}
            </Button>
          ) },
        ]} />
      </Section>
      <Section title="Sessions">
        <DataTable caption="Training sessions" rows={sessions.data} rowKey={(session) => session.id ?? ""} columns={[
          { label: "Course", cell: (session) => session.course_code },
          { label: "Starts", cell: (session) => when(session.starts_at) },
          { label: "Where", cell: (session) => session.location },
          { label: "Seats taken", cell: (session) => `${session.registered} of ${session.capacity}` },
          { label: "Attendance", cell: (session) => <Button size="small" onClick={() => setAttending(session)} aria-label={`Mark attendance: ${session.course_code} ${when(session.starts_at)}`}>Mark attendance</Button> },
        ]} />
        {attending && <Attendance session={attending} />}
        <Schedule courses={courses.data ?? []} onScheduled={() => queries.invalidateQueries({ queryKey: ["sessions"] })} />
      </Section>
      <Section title="Record a completion">
        <RecordCompletion courses={courses.data ?? []} />
      </Section>
    </Box>
  );
}

function Schedule({ courses, onScheduled }: { courses: Course[]; onScheduled: () => void }) {
  const { register, handleSubmit, formState: { errors } } = useForm<{ course_code: string; starts_at: string; capacity: string; location: string }>();
  const schedule = useMutation({
    mutationFn: (body: components["schemas"]["TrainingSessionCreate"]) => unwrap(api.POST("/api/v1/training/sessions", { body })),
    onSuccess: onScheduled,
  });
  return (
    <Box component="form" aria-label="Schedule a session" noValidate sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "flex-start", mt: 2 }}
      onSubmit={handleSubmit((fields) => schedule.mutate({ ...fields, capacity: Number(fields.capacity), starts_at: new Date(fields.starts_at).toISOString() }))}>
      <TextField select label="Course" size="small" defaultValue="" {...register("course_code", { required: "Choose a course" })} sx={{ minWidth: 240 }}
        error={Boolean(errors.course_code)} helperText={errors.course_code?.message}>
        {courses.map((course) => <MenuItem key={course.code} value={course.code}>{course.title}</MenuItem>)}
      </TextField>
      <TextField label="Starts" type="datetime-local" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("starts_at", { required: "When?" })}
        error={Boolean(errors.starts_at)} helperText={errors.starts_at?.message} />
      <TextField label="Seats" size="small" inputMode="numeric" {...register("capacity", { required: "How many?", pattern: { value: /^\d+$/, message: "a number" } })}
        error={Boolean(errors.capacity)} helperText={errors.capacity?.message} />
      <TextField label="Location" size="small" {...register("location", { required: "Where?" })} error={Boolean(errors.location)} helperText={errors.location?.message} />
      <Button type="submit" variant="contained" disabled={schedule.isPending}>Schedule session</Button>
      <ApiError error={schedule.error} />
    </Box>
  );
}

function Attendance({ session }: { session: Session }) {
  const [agencyId, setAgencyId] = useState("");
  const { agencies, users } = useAgencyUsers(agencyId);
  const mark = useMutation({
    mutationFn: (userId: string) => unwrap(api.POST("/api/v1/training/sessions/{resource_id}/attendance", {
      params: { path: { resource_id: session.id ?? "" } }, body: { user_id: userId },
    })),
  });
  return (
    <Box sx={{ mt: 2 }} aria-label="Attendance" role="group">
      <Typography component="h3" variant="subtitle1">Attendance: {session.course_code}, {when(session.starts_at)}</Typography>
      <ApiError error={agencies.error ?? users.error ?? mark.error} />
      <TextField select label="Agency" size="small" value={agencyId} onChange={(event) => setAgencyId(event.target.value)} sx={{ minWidth: 280 }}>
        {(agencies.data ?? []).map((agency) => <MenuItem key={agency.id} value={agency.id}>{agency.name}</MenuItem>)}
      </TextField>
      <DataTable caption="Users of the agency" rows={users.data} rowKey={(user) => user.id} columns={[
        { label: "User", cell: (user) => user.username },
        { label: "", cell: (user) => <Button size="small" variant="outlined" disabled={mark.isPending} onClick={() => mark.mutate(user.id)} aria-label={`Attended: ${user.username}`}>Attended</Button> },
      ]} />
      {mark.isSuccess && <Typography role="status">Attendance recorded.</Typography>}
    </Box>
  );
}

/** The agencies and, once one is chosen, its users: for choosing a user of any agency. */
function useAgencyUsers(agencyId: string) {
  const agencies = useQuery({ queryKey: ["agencies"], queryFn: () => unwrap(api.GET("/api/v1/agencies")) });
  const users = useQuery({
    queryKey: ["users", agencyId],
    enabled: Boolean(agencyId),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { agency_id: agencyId } } })),
  });
  return { agencies, users };
}

interface CompletionFields { agency_id: string; user_id: string; course_code: string; completed_on: string }

function RecordCompletion({ courses }: { courses: Course[] }) {
  const { register, handleSubmit, watch, formState: { errors } } = useForm<CompletionFields>({
    defaultValues: { agency_id: "", user_id: "", course_code: "", completed_on: "" },
  });
  const { agencies, users } = useAgencyUsers(watch("agency_id"));
  const record = useMutation({
    mutationFn: ({ user_id, course_code, completed_on }: CompletionFields) =>
      unwrap(api.POST("/api/v1/training/completions", { body: { user_id, course_code, completed_on } })),
  });
  return (
    <Box component="form" aria-label="Record a completion" noValidate sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "flex-start" }}
      onSubmit={handleSubmit((fields) => record.mutate(fields))}>
      <ApiError error={agencies.error ?? users.error} />
      <TextField select label="Agency" size="small" defaultValue="" {...register("agency_id", { required: "Choose the agency" })} sx={{ minWidth: 220 }}
        error={Boolean(errors.agency_id)} helperText={errors.agency_id?.message}>
        {(agencies.data ?? []).map((agency) => <MenuItem key={agency.id} value={agency.id}>{agency.name}</MenuItem>)}
      </TextField>
      <TextField select label="User" size="small" defaultValue="" {...register("user_id", { required: "Choose the user" })} sx={{ minWidth: 200 }}
        error={Boolean(errors.user_id)} helperText={errors.user_id?.message}>
        {(users.data ?? []).map((user) => <MenuItem key={user.id} value={user.id}>{user.username}</MenuItem>)}
      </TextField>
      <TextField select label="Course completed" size="small" defaultValue="" {...register("course_code", { required: "Choose a course" })} sx={{ minWidth: 240 }}
        error={Boolean(errors.course_code)} helperText={errors.course_code?.message}>
        {courses.map((course) => <MenuItem key={course.code} value={course.code}>{course.title}</MenuItem>)}
      </TextField>
      <TextField label="Completed on" type="date" size="small" slotProps={{ inputLabel: { shrink: true } }} {...register("completed_on", { required: "When?" })}
        error={Boolean(errors.completed_on)} helperText={errors.completed_on?.message} />
      <Button type="submit" variant="contained" disabled={record.isPending}>Record completion</Button>
      {record.isSuccess && <Typography role="status">The completion was recorded.</Typography>}
      <ApiError error={record.error} />
    </Box>
  );
}

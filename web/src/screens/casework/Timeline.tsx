// A client's timeline, newest first: the record made, enrollments (entry and exit), services, assessments,
// referrals and other CE events, current living situations, and consents (signed, revoked). Reads each enrollment's
// records (GET /enrollments/{id}, under the consent's scope when another agency's).
import { useQueries } from "@tanstack/react-query";
import { List, ListItem, ListItemText, Typography } from "@mui/material";
import { api } from "../../api/client";
import { unwrap } from "../../api/useApi";
import { projectName, type EnrollmentRecord, type Summary } from "./api";
import { CONSENT_TYPES } from "./ClientHeader";

export interface Moment {
  date: string;
  what: string;
}

export function moments(summary: Summary, records: EnrollmentRecord[]): Moment[] {
  const found: Moment[] = [{ date: summary.client.created_at.slice(0, 10), what: "Client record created" }];
  for (const enrollment of summary.enrollments ?? []) {
    found.push({ date: enrollment.entry_date ?? "", what: `Entered ${projectName(enrollment)}` });
    if (enrollment.exit_date) found.push({ date: enrollment.exit_date, what: `Exited ${projectName(enrollment)}` });
  }
  for (const record of records) {
    const project = projectName((summary.enrollments ?? []).find((each) => each.enrollment_id === record.enrollment_id) ?? record);
    for (const service of record.services ?? []) found.push({ date: service.date_provided ?? "", what: `Service (type ${service.type_provided}) in ${project}` });
    for (const assessment of record.assessments ?? []) found.push({ date: assessment.assessment_date ?? "", what: "Coordinated entry assessment" });
    for (const event of record.events ?? []) found.push({ date: event.event_date ?? "", what: `Coordinated entry event ${event.event}` });
    for (const situation of record.current_living_situations ?? []) found.push({ date: situation.information_date ?? "", what: "Current living situation recorded" });
  }
  for (const consent of summary.consents?.list ?? []) {
    const type = CONSENT_TYPES[consent.type ?? ""] ?? consent.type;
    found.push({ date: consent.signed_on ?? "", what: `${type} consent signed` });
    if (consent.revoked_on) found.push({ date: consent.revoked_on, what: `${type} consent revoked` });
  }
  return found.sort((a, b) => b.date.localeCompare(a.date));
}

export function Timeline({ summary }: { summary: Summary }) {
  const records = useQueries({
    queries: (summary.enrollments ?? []).map((enrollment) => ({
      queryKey: ["enrollments", enrollment.enrollment_id],
      queryFn: () => unwrap(api.GET("/api/v1/enrollments/{resource_id}", { params: { path: { resource_id: enrollment.enrollment_id! } } })),
    })),
  });
  const loaded = records.map((record) => record.data).filter((record): record is EnrollmentRecord => !!record);
  return (
    <section aria-labelledby="timeline-title">
      <Typography id="timeline-title" variant="h5" component="h2">Timeline</Typography>
      <List dense>
        {moments(summary, loaded).map((moment, index) => (
          <ListItem key={index} divider>
            <ListItemText primary={moment.what} secondary={moment.date} />
          </ListItem>
        ))}
      </List>
    </section>
  );
}

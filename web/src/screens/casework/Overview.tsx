// The profile's first section: the client's enrollments (each a link to record what it carries) and consents.
import { Link as RouterLink } from "react-router-dom";
import { Alert, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { reasonInWords } from "../../components/reasons";
import { projectName, type Summary } from "./api";
import { CONSENT_TYPES } from "./ClientHeader";

export function Overview({ summary }: { summary: Summary }) {
  const base = `/clients/${summary.client.id}`;
  return (
    <Stack spacing={3}>
      <section aria-labelledby="enrollments-title">
        <Typography id="enrollments-title" variant="h5" component="h2" gutterBottom>Enrollments</Typography>
        {summary.enrollments === null || summary.enrollments === undefined
          ? <Withheld reasons={summary.withheld.enrollments} />
          : summary.enrollments.length === 0
            ? <Typography>No enrollments yet. <Link component={RouterLink} to={`${base}/enroll`}>Enroll the household</Link></Typography>
            : (
              <Table size="small" aria-labelledby="enrollments-title">
                <TableHead><TableRow><TableCell>Project</TableCell><TableCell>Entry</TableCell><TableCell>Exit</TableCell><TableCell>Household</TableCell></TableRow></TableHead>
                <TableBody>
                  {summary.enrollments.map((enrollment) => (
                    <TableRow key={enrollment.enrollment_id}>
                      <TableCell>
                        <Link component={RouterLink} to={`${base}/enrollments/${enrollment.enrollment_id}`}>
                          {projectName(enrollment)}
                        </Link>
                      </TableCell>
                      <TableCell>{enrollment.entry_date}</TableCell>
                      <TableCell>{enrollment.exit_date ?? "open"}</TableCell>
                      <TableCell>{enrollment.relationship_to_hoh === 1 ? "Head of household" : "Member"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
      </section>
      <section aria-labelledby="consents-title">
        <Typography id="consents-title" variant="h5" component="h2" gutterBottom>Consents</Typography>
        {!summary.consents
          ? <Withheld reasons={summary.withheld.consents} />
          : summary.consents.list.length === 0
            ? <Typography>No consent recorded. <Link component={RouterLink} to={`${base}/consent`}>Capture one</Link></Typography>
            : (
              <Table size="small" aria-labelledby="consents-title">
                <TableHead><TableRow><TableCell>Type</TableCell><TableCell>Scope</TableCell><TableCell>From</TableCell><TableCell>To</TableCell><TableCell>Status</TableCell></TableRow></TableHead>
                <TableBody>
                  {summary.consents.list.map((consent) => (
                    <TableRow key={consent.id}>
                      <TableCell>{CONSENT_TYPES[consent.type ?? ""] ?? consent.type}</TableCell>
                      <TableCell>{(consent.scope ?? []).join(", ")}</TableCell>
                      <TableCell>{consent.start_date}</TableCell>
                      <TableCell>{consent.end_date}</TableCell>
                      <TableCell>{(consent.status ?? "").replace("_", " ")}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
      </section>
    </Stack>
  );
}

export function Withheld({ reasons }: { reasons?: string[] }) {
  return <Alert severity="info">Not shown to you{reasons?.length ? `: ${reasons.map(reasonInWords).join("; ")}` : ""}.</Alert>;
}

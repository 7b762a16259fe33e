// Data-quality findings: the client's own (from the summary), and the agency's (GET /data-quality/findings), each
// with a link to the place that fixes it: a Client finding to the intake answers, any other to its enrollment.
import { Link as RouterLink } from "react-router-dom";
import { Alert, CircularProgress, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import type { Principal } from "../../api/client";
import { useMe } from "../../auth/session";
import { ApiError } from "../../components/ApiError";
import type { Finding, Summary } from "./api";
import { Withheld } from "./Overview";

export function fixLink(finding: Finding): string | null {
  if (!finding.client_id) return null;
  if (finding.file === "Client") return `/clients/${finding.client_id}/edit?field=${encodeURIComponent(finding.field)}`;
  if (finding.enrollment_id) return `/clients/${finding.client_id}/enrollments/${finding.enrollment_id}`;
  return `/clients/${finding.client_id}`;
}

function FindingsTable({ findings, label }: { findings: Finding[]; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableHead><TableRow><TableCell>Record</TableCell><TableCell>Field</TableCell><TableCell>Rule</TableCell><TableCell>Since</TableCell><TableCell>Fix</TableCell></TableRow></TableHead>
      <TableBody>
        {findings.map((finding) => {
          const fix = fixLink(finding);
          return (
            <TableRow key={finding.id}>
              <TableCell>{finding.file}</TableCell>
              <TableCell>{finding.field}</TableCell>
              <TableCell>{finding.rule ?? finding.rule_id}</TableCell>
              <TableCell>{finding.found_at.slice(0, 10)}</TableCell>
              <TableCell>{fix ? <Link component={RouterLink} to={fix}>Fix {finding.field}</Link> : "—"}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function ClientFindings({ summary }: { summary: Summary }) {
  return (
    <>
      <Typography variant="h5" component="h2" gutterBottom>Data quality</Typography>
      {!summary.findings
        ? <Withheld reasons={summary.withheld.findings} />
        : summary.findings.length === 0
          ? <Alert severity="success">No data-quality finding about this client.</Alert>
          : <FindingsTable findings={summary.findings} label="Data-quality findings about this client" />}
    </>
  );
}

export function AgencyFindings() {
  const me = useMe().data as Principal;
  const findings = useApi(["data-quality", "findings", me.agency_id], () =>
    api.GET("/api/v1/data-quality/findings", { params: { query: { agency_id: me.agency_id ?? undefined, limit: 200 } } }));
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>Data-quality findings</Typography>
      <Typography sx={{ mb: 2 }}>Your agency's records that break HUD's data-quality rules, oldest first, with a link to fix each.</Typography>
      {findings.isPending ? <CircularProgress aria-label="Loading" />
        : !findings.data ? <ApiError error={findings.error} />
          : findings.data.length === 0 ? <Alert severity="success">No findings.</Alert>
            : <FindingsTable findings={findings.data} label="Your agency's data-quality findings" />}
    </>
  );
}

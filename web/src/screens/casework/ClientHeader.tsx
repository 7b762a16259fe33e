// The profile's header, always in view while the case worker works on the client: name, date of birth,
// consent badges, alerts and the data-quality flags.
import { Link as RouterLink } from "react-router-dom";
import { Alert, Box, Chip, Link, Paper, Stack, Typography } from "@mui/material";
import type { Summary } from "./api";
import { personName } from "./api";

// Each badge's colours, with text of at least 4.5:1 contrast on them (WCAG 2.1 AA).
const BADGE_COLOURS: Record<string, { bgcolor: string; color: string }> = {
  active: { bgcolor: "success.main", color: "common.white" }, expiring_soon: { bgcolor: "warning.light", color: "common.black" },
  pending: { bgcolor: "info.light", color: "common.black" }, expired: { bgcolor: "error.main", color: "common.white" },
  revoked: { bgcolor: "error.main", color: "common.white" }, none: { bgcolor: "grey.200", color: "common.black" },
};
export const CONSENT_TYPES: Record<string, string> = { hmis_sharing: "HMIS sharing", cie: "CIE", roi: "Release of information" };

export function alertsOf(summary: Summary): string[] {
  const alerts: string[] = [];
  const badges = summary.consents?.status.badges ?? [];
  const sharing = badges.find((badge) => badge.type === "hmis_sharing")?.status;
  if (summary.consents && (!sharing || ["none", "expired", "revoked"].includes(sharing))) {
    alerts.push("No HMIS sharing consent in force: other agencies cannot see this client");
  }
  for (const badge of badges.filter((b) => b.status === "expiring_soon")) {
    alerts.push(`${CONSENT_TYPES[badge.type ?? ""] ?? badge.type} consent expires ${badge.end_date}`);
  }
  if (summary.client.veteran_status === 1) alerts.push("Veteran");
  const open = (summary.enrollments ?? []).filter((enrollment) => !enrollment.exit_date);
  if (open.length > 1) alerts.push(`${open.length} open enrollments`);
  return alerts;
}

export function ClientHeader({ summary }: { summary: Summary }) {
  const { client } = summary;
  const findings = summary.findings ?? [];
  const alerts = alertsOf(summary);
  return (
    <Paper component="section" aria-label="Client" elevation={2}
      sx={{ position: "sticky", top: 64, zIndex: 2, p: 2, mb: 2 }}>
      <Stack direction={{ xs: "column", md: "row" }} spacing={2} alignItems={{ md: "center" }} justifyContent="space-between">
        <Box>
          <Typography variant="h4" component="h1">{personName(client)}</Typography>
          <Typography color="text.secondary">
            Born {client.dob ?? "not recorded"}{client.ssn_last4 ? ` · SSN ending ${client.ssn_last4}` : ""}
          </Typography>
        </Box>
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" aria-label="Consent status">
          {(summary.consents?.status.badges ?? []).map((badge) => (
            <Chip key={badge.type} sx={BADGE_COLOURS[badge.status ?? "none"] ?? BADGE_COLOURS.none}
              label={`${CONSENT_TYPES[badge.type ?? ""] ?? badge.type}: ${(badge.status ?? "none").replace("_", " ")}`} />
          ))}
          {summary.consents === null && <Chip label="Consents: not yours to see" />}
          <Chip variant="outlined" sx={{ color: "text.primary", borderColor: findings.length ? "warning.main" : "success.main" }}
            component={RouterLink}
            to={`/clients/${client.id}/data-quality`} clickable
            label={findings.length ? `${findings.length} data-quality flag${findings.length > 1 ? "s" : ""}` : "No data-quality flags"} />
        </Stack>
      </Stack>
      {alerts.length > 0 && (
        <Stack spacing={0.5} sx={{ mt: 1 }} aria-label="Alerts">
          {alerts.map((alert) => <Alert key={alert} severity="warning" sx={{ py: 0 }}>{alert}</Alert>)}
        </Stack>
      )}
      {Object.keys(summary.withheld).length > 0 && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          Not shown to you: {Object.keys(summary.withheld).join(", ")}. <Link component={RouterLink} to={`/clients/${client.id}/consent`}>Consents</Link>
        </Typography>
      )}
    </Paper>
  );
}

// A client's profile: the header always in view, and the case worker's work on the client below it, one tab each.
import { NavLink, Route, Routes, useParams } from "react-router-dom";
import { Box, Button, CircularProgress, Stack } from "@mui/material";
import { ApiError } from "../../components/ApiError";
import { useAllowed } from "../../auth/permissions";
import { useSummary } from "./api";
import { ClientHeader } from "./ClientHeader";
import { ClientFindings } from "./Findings";
import { ConsentCapture } from "./ConsentCapture";
import { ConsentsOnFile } from "./ConsentsOnFile";
import { EditClient } from "./EditClient";
import { EnrollHousehold } from "./EnrollHousehold";
import { EnrollmentRecords } from "./EnrollmentRecords";
import { Overview } from "./Overview";
import { Timeline } from "./Timeline";

const TABS = [
  { path: "", label: "Overview", action: null },
  { path: "timeline", label: "Timeline", action: null },
  { path: "edit", label: "Intake answers", action: "clients:update" },
  { path: "enroll", label: "Enroll household", action: "enrollments:create" },
  { path: "consent", label: "Consent", action: "consents:write" },
  { path: "data-quality", label: "Data quality", action: "data_quality:read" },
] as const;

export function ClientProfile() {
  const { clientId = "" } = useParams();
  const summary = useSummary(clientId);
  if (summary.isPending) return <CircularProgress aria-label="Loading the client" />;
  if (!summary.data) return <ApiError error={summary.error} />;
  return (
    <>
      <ClientHeader summary={summary.data} />
      <ProfileTabs clientId={clientId} />
      <Box sx={{ pt: 2 }}>
        <Routes>
          <Route index element={<Overview summary={summary.data} />} />
          <Route path="timeline" element={<Timeline summary={summary.data} />} />
          <Route path="edit" element={<EditClient client={summary.data.client} />} />
          <Route path="enroll" element={<EnrollHousehold head={summary.data.client} />} />
          <Route path="enrollments/:enrollmentId" element={<EnrollmentRecords clientId={clientId} enrollments={summary.data.enrollments ?? []} />} />
          <Route path="consent" element={
            <Stack spacing={4}>
              <ConsentCapture clientId={clientId} />
              <ConsentsOnFile clientId={clientId} consents={summary.data.consents?.list ?? []} />
            </Stack>} />
          <Route path="data-quality" element={<ClientFindings summary={summary.data} />} />
        </Routes>
      </Box>
    </>
  );
}

// The sections as links (each its own address, so a section can be linked to and reloaded); the current one is
// marked for sight and for screen readers (aria-current, set by NavLink).
function ProfileTabs({ clientId }: { clientId: string }) {
  const allowed = useAllowed();
  const base = `/clients/${clientId}`;
  return (
    <Box component="nav" aria-label="Client sections" sx={{ borderBottom: 1, borderColor: "divider" }}>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ pb: 1 }}>
        {TABS.filter((tab) => allowed(tab.action)).map((tab) => (
          <Button key={tab.path} component={NavLink} to={tab.path ? `${base}/${tab.path}` : base} end
            sx={{ "&.active": { bgcolor: "primary.main", color: "primary.contrastText", fontWeight: 700 } }}>{tab.label}</Button>
        ))}
      </Stack>
    </Box>
  );
}

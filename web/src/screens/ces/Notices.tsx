// Notices (docs/ces.md, "Notices"): the referrals waiting on a step of the user's agency (the CES team: every
// agency's) that stalled or whose deadline is near, as the sweep told them; a notice goes when its step is taken.
// Marking one seen is the user's own (the header's count is of those not seen).
import { Link as RouterLink } from "react-router-dom";
import { Box, Button, Link, Typography } from "@mui/material";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, when } from "../parts";
import { OWNER, STATUS, shortId, useMarkSeen, useNotices, type Notice } from "./api";

export function Notices() {
  const notices = useNotices();
  const markSeen = useMarkSeen();
  return (
    <Box>
      <Heading>Notices</Heading>
      <Typography sx={{ mb: 2 }}>
        Referrals waiting on your step that have stalled or whose deadline is near. A notice goes once the step is taken.
      </Typography>
      <ApiError error={notices.error ?? markSeen.error} />
      <DataTable caption="Notices" rows={notices.data} rowKey={(notice) => notice.id ?? ""} columns={[
        { label: "Notice", cell: said },
        { label: "Referral", cell: (notice) => (
          <Link component={RouterLink} to={`/ces/referrals/${notice.referral_id}`} aria-label={`Open referral ${shortId(notice.referral_id)}`}>
            {shortId(notice.referral_id)}
          </Link>
        ) },
        { label: "Whose step", cell: (notice) => OWNER[notice.step_owner ?? ""] ?? notice.step_owner },
        { label: "Status", cell: (notice) => STATUS[notice.status ?? ""] ?? notice.status },
        { label: "Told", cell: (notice) => when(notice.noticed_at) },
        { label: "Seen", cell: (notice) => (notice.seen ? "seen" : (
          <Button size="small" variant="outlined" disabled={markSeen.isPending} onClick={() => markSeen.mutate(notice.id ?? "")}
            aria-label={`Mark seen: ${notice.kind === "stalled" ? "stall" : "deadline"} of referral ${shortId(notice.referral_id)}`}>
            Mark seen
          </Button>
        )) },
      ]} />
    </Box>
  );
}

function said(notice: Notice): string {
  return notice.kind === "stalled"
    ? `Stalled: no activity since ${when(notice.step_since)}`
    : `Deadline near: due ${when(notice.due_at)}`;
}

// The header's count of the user's unseen CES notices (a stalled referral, a deadline near), a link to them; shown
// to those who may read CES data.
import { Link as RouterLink } from "react-router-dom";
import { Badge, Button } from "@mui/material";
import { useCan } from "../../auth/permissions";
import { useNotices } from "./api";

export function NoticesBadge() {
  return useCan("ces:read").allow ? <Unseen /> : null;
}

function Unseen() {
  const unseen = (useNotices().data ?? []).filter((notice) => !notice.seen).length;
  return (
    <Button color="inherit" component={RouterLink} to="/ces/notices" sx={{ mr: 2 }}
      aria-label={unseen === 1 ? "Notices, 1 unseen" : `Notices, ${unseen} unseen`}>
      <Badge badgeContent={unseen} color="error" sx={{ pr: unseen ? 1.5 : 0 }}>Notices</Badge>
    </Button>
  );
}

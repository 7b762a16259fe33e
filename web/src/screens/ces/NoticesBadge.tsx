// The header's count of the user's unseen CES notices (a stalled referral, a deadline near), a link to them; shown
// to those who may read CES data.
import { Link as RouterLink } from "react-router-dom";
import { Badge, Button } from "@mui/material";
import { useCan } from "../../auth/permissions";
import { useNotices } from "./api";

export function NoticesBadge() {
  return useCan("ces:read").allow ? <Unseen /> : null;
}

// Out of sight, read by screen readers: the count in words after the visible "Notices".
const OUT_OF_SIGHT = { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

// The link's name is its text, "Notices, 2 unseen", not an aria-label: a label other than the visible text ("Notices"
// and the badge's digits) breaks WCAG 2.5.3 (axe: label-content-name-mismatch) for those who speak to click.
function Unseen() {
  const unseen = (useNotices().data ?? []).filter((notice) => !notice.seen).length;
  return (
    <Button color="inherit" component={RouterLink} to="/ces/notices" sx={{ mr: 2 }}>
      <Badge badgeContent={unseen} color="error" sx={{ pr: unseen ? 1.5 : 0 }} slotProps={{ badge: { "aria-hidden": true } }}>
        Notices<span style={OUT_OF_SIGHT}>, {unseen} unseen</span>
      </Badge>
    </Button>
  );
}

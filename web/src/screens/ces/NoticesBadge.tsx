// The header's count of the user's unseen CES notices (a stalled referral, a deadline near), a link to them; shown
// to those who may read CES data. Its name is its visible text ("Notices", then "2 unseen" in a pill).
import { Link as RouterLink } from "react-router-dom";
import { Box, Button } from "@mui/material";
import { useCan } from "../../auth/permissions";
import { useNotices } from "./api";

export function NoticesBadge() {
  return useCan("ces:read").allow ? <Unseen /> : null;
}

function Unseen() {
  const unseen = (useNotices().data ?? []).filter((notice) => !notice.seen).length;
  return (
    <Button color="inherit" component={RouterLink} to="/ces/notices" sx={{ mr: 2, textTransform: "none" }}>
      Notices
      {unseen > 0 && (
        <>
          {" "}
          <Box component="span" sx={{ ml: 1, px: 1, borderRadius: 4, bgcolor: "error.dark", color: "common.white", fontSize: 13 }}>
            {unseen} unseen
          </Box>
        </>
      )}
    </Button>
  );
}

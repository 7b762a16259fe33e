import { useEffect, useRef, useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from "@mui/material";
import { idlePhase, secondsLeft } from "./idle";

const ACTIVITY = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

interface Props {
  timeoutMs: number;
  onExpire: () => void;
}

// Logs the user off after `timeoutMs` without activity, warning a minute before.
export function IdleGuard({ timeoutMs, onExpire }: Props) {
  const lastActivity = useRef(Date.now());
  const [idleMs, setIdleMs] = useState(0);
  const phase = idlePhase(idleMs, timeoutMs);

  useEffect(() => {
    const active = () => { lastActivity.current = Date.now(); };
    ACTIVITY.forEach((event) => window.addEventListener(event, active, { passive: true }));
    const tick = window.setInterval(() => setIdleMs(Date.now() - lastActivity.current), 1000);
    return () => {
      ACTIVITY.forEach((event) => window.removeEventListener(event, active));
      window.clearInterval(tick);
    };
  }, []);

  useEffect(() => {
    if (phase === "expired") onExpire();
  }, [phase, onExpire]);

  const stay = () => {
    lastActivity.current = Date.now();
    setIdleMs(0);
  };
  return (
    <Dialog open={phase === "warning"} onClose={stay} aria-labelledby="idle-title">
      <DialogTitle id="idle-title">Still there?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          For the privacy of client data you will be signed out in {secondsLeft(idleMs, timeoutMs)} seconds.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={stay} variant="contained" autoFocus>Stay signed in</Button>
      </DialogActions>
    </Dialog>
  );
}

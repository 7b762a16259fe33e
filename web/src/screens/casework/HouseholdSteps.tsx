// A household's records member by member: each member's entry records (project start) or exit records (the exit,
// then what HUD collects at exit), each recorded on that member's own enrollment with that member's own answers
// (MemberRecords), in order, with the progress shown and the previous or next member a step away. The members are
// fixed when the steps begin, so a member who exits stays in the sequence.
import { useCallback, useState } from "react";
import { Alert, Box, Button, Stack, Step, StepButton, Stepper, Typography } from "@mui/material";
import { MemberRecords, STAGE_WORDS } from "./MemberRecords";

export interface Stepped {
  enrollment_id: string;
  client_id: string;
  label: string;  // who the member is, in words (Household's `who`)
}

export function HouseholdSteps({ members, stage, pageClientId, onClose }: {
  members: Stepped[]; stage: number; pageClientId: string; onClose: () => void;
}) {
  const [order] = useState(members);
  const [at, setAt] = useState(0);
  const [done, setDone] = useState<string[]>([]);
  const [lastDate, setLastDate] = useState<string>();  // the previous member's exit date, offered to the next
  const words = STAGE_WORDS[stage];
  const finished = order.every((member) => done.includes(member.enrollment_id));
  const current = order[at];
  // A member is done once, whether their records were all there already or were just recorded (both may be seen).
  const markDone = useCallback((enrollmentId: string) =>
    setDone((all) => all.includes(enrollmentId) ? all : [...all, enrollmentId]), []);
  return (
    <Stack component="section" aria-labelledby="steps-title" spacing={2} sx={{ maxWidth: 720 }}>
      <Typography id="steps-title" variant="h6" component="h4">Each member's {words} records</Typography>
      <Stepper nonLinear activeStep={at} aria-label="Household members">
        {order.map((member, index) => (
          <Step key={member.enrollment_id} completed={done.includes(member.enrollment_id)}>
            <StepButton onClick={() => setAt(index)} aria-current={index === at ? "step" : undefined}>{member.label}</StepButton>
          </Step>
        ))}
      </Stepper>
      {finished ? (
        <Alert severity="success" action={<Button onClick={onClose}>Close</Button>}>
          Every member's {words} records are recorded ({done.length} of {order.length}).
        </Alert>
      ) : (
        <>
          <Typography component="p" variant="subtitle1" aria-live="polite">
            Member {at + 1} of {order.length}: {current.label}. {done.length} of {order.length} done.
          </Typography>
          <MemberRecords key={current.enrollment_id} enrollmentId={current.enrollment_id} clientId={current.client_id}
            pageClientId={pageClientId} stage={stage} exitDate={lastDate} onFound={() => markDone(current.enrollment_id)}
            onDone={(date) => {
              markDone(current.enrollment_id);
              setLastDate(date);
              const next = order.findIndex((member, index) => index > at && !done.includes(member.enrollment_id));
              if (next >= 0) setAt(next);
            }} />
          <Box>
            <Button disabled={at === 0} onClick={() => setAt(at - 1)}>Previous member</Button>
            <Button disabled={at === order.length - 1} onClick={() => setAt(at + 1)}>Next member</Button>
            <Button onClick={onClose}>Stop here</Button>
          </Box>
        </>
      )}
    </Stack>
  );
}

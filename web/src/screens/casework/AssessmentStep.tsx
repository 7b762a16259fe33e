// An annual or update assessment as a step of its own: one date and one data-collection stage (2 update, 5 annual
// assessment), and the member's records at that stage (MemberRecords, as at entry and exit: only what HUD collects of
// this member at this stage, so disabilities at an update, not at an annual assessment; income of the head of
// household and adults, by their age on the date). The server holds HUD's rules across records: an annual assessment
// within 30 days of an anniversary of the head of household's entry, once per anniversary (its refusal is shown on
// the form).
import { useState } from "react";
import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from "@mui/material";
import { ApiError } from "../../components/ApiError";
import { useEnrollment } from "./api";
import { ANNUAL, MemberRecords, UPDATE } from "./MemberRecords";

export const STAGES = [{ code: UPDATE, label: "Update" }, { code: ANNUAL, label: "Annual assessment" }];

export function AssessmentStep({ enrollmentId, clientId, onDone }: { enrollmentId: string; clientId: string; onDone: () => void }) {
  const enrollment = useEnrollment(enrollmentId);
  const [stage, setStage] = useState(UPDATE);
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [started, setStarted] = useState(false);  // a record is saved: the stage and date stay as they are
  const [done, setDone] = useState(false);
  if (enrollment.isPending) return <CircularProgress aria-label="Loading the enrollment" />;
  if (!enrollment.data) return <ApiError error={enrollment.error} />;
  if (done) {
    const label = STAGES.find((each) => each.code === stage)!.label;
    return <Alert severity="success" action={<Button onClick={onDone}>Close</Button>}>{label} of {date} recorded.</Alert>;
  }
  return (
    <Box component="section" aria-labelledby="assessment-title">
      <Typography id="assessment-title" variant="h6" component="h3" gutterBottom>Annual or update assessment</Typography>
      <Stack spacing={2} sx={{ maxWidth: 560, mb: 2 }}>
        <TextField select label="Data collection stage" value={stage} onChange={(e) => setStage(Number(e.target.value))}
          disabled={started} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
          {STAGES.map((each) => <option key={each.code} value={each.code}>{each.label}</option>)}
        </TextField>
        <TextField label="Information date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required
          disabled={started} slotProps={{ inputLabel: { shrink: true } }} />
      </Stack>
      {/* Another stage asks other questions: its form starts afresh. */}
      <MemberRecords key={stage} enrollmentId={enrollmentId} clientId={enrollment.data.client_id ?? clientId} pageClientId={clientId}
        stage={stage} date={date} onSaved={() => setStarted(true)} onDone={() => setDone(true)} />
    </Box>
  );
}

// Consent capture: the type, the parts of the record it covers, the dates, the agencies a release of information goes
// to (picked by name), and the client's signature drawn on screen; the badges in the header change as soon as it is
// recorded (the policy holds it from the answer).
import { useRef, useState } from "react";
import { Alert, Box, Button, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { AgencyPicker, type AgencyName } from "./AgencyPicker";
import { summaryKey } from "./api";
import { CONSENT_TYPES } from "./ClientHeader";
import { ScopeChoice } from "./ConsentsOnFile";
import { SignaturePad, type SignaturePadHandle } from "./SignaturePad";

export function ConsentCapture({ clientId }: { clientId: string }) {
  const pad = useRef<SignaturePadHandle>(null);
  const today = new Date().toISOString().slice(0, 10);
  const [type, setType] = useState("hmis_sharing");
  const [scope, setScope] = useState<string[]>(["profile", "enrollments"]);
  const [signedOn, setSignedOn] = useState(today);
  const [signer, setSigner] = useState("");
  const [releasedTo, setReleasedTo] = useState<AgencyName[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const record = useApiMutation((body: Record<string, unknown>) =>
    api.POST("/api/v1/clients/{resource_id}/consents", { params: { path: { resource_id: clientId } }, body: body as never }),
  [summaryKey(clientId)]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const image = pad.current?.image();
    const wrong = type === "roi" && releasedTo.length === 0 ? "Choose the agencies the information is released to."
      : !signer.trim() ? "Enter the name of the person signing." : !image ? "The client has not signed yet." : null;
    setProblem(wrong);
    if (wrong) return;
    record.mutate({
      type, scope, signed_on: signedOn, signature: { signer_name: signer.trim(), image },
      ...(type === "roi" ? { released_to: releasedTo.map((agency) => agency.id) } : {}),
    });
  };
  return (
    <Box component="form" noValidate onSubmit={submit} aria-labelledby="consent-title">
      <Typography id="consent-title" variant="h5" component="h2" gutterBottom>Capture a consent</Typography>
      <Stack spacing={2} sx={{ maxWidth: 640 }}>
        <TextField select label="Type" value={type} onChange={(e) => setType(e.target.value)}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
          {Object.entries(CONSENT_TYPES).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </TextField>
        <ScopeChoice scope={scope} onChange={setScope} />
        {type === "roi" && <AgencyPicker value={releasedTo} onChange={setReleasedTo} />}
        <TextField label="Signed on" type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today } }} />
        <TextField label="Name of the person signing" value={signer} onChange={(e) => setSigner(e.target.value)} required />
        <SignaturePad ref={pad} label="Signature (draw it in the box)" />
        {problem && <Alert severity="error" role="alert">{problem}</Alert>}
        <ApiError error={record.error} />
        {record.isSuccess && <Alert severity="success">Consent recorded: {record.data.status?.replace("_", " ")}.</Alert>}
        <Box><Button type="submit" variant="contained" disabled={record.isPending}>Record the consent</Button></Box>
      </Stack>
    </Box>
  );
}

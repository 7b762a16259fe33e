// A user's own sign-in (docs/security.md): set up an authenticator app (POST /auth/totp answers a secret, once;
// POST /auth/totp/confirmation proves the app holds it with a code), and end every session of theirs
// (POST /auth/logout-everywhere), this one too. The secret is shown as text to type or paste into the app, and as the
// otpauth:// link a phone's authenticator opens; no QR code (docs/web.md says why).
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Alert, Box, Button, Link, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import { signedOut } from "../../api/queries";
import type { components } from "../../api/schema";
import { fieldErrors, unwrap } from "../../api/useApi";
import { useMe } from "../../auth/session";
import { ApiError } from "../../components/ApiError";
import { Heading, Section } from "../parts";

type Enrollment = components["schemas"]["TotpEnrollment"];

/** A base32 secret in groups of four, as authenticator apps show and take it. */
export function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

export function SignInSecurityScreen() {
  return (
    <Box>
      <Heading>Sign-in and security</Heading>
      <Authenticator />
      <SignOutEverywhere />
    </Box>
  );
}

function Authenticator() {
  const me = useMe().data;
  const [confirmed, setConfirmed] = useState(false);
  const start = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/totp")) });
  return (
    <Section title="Authenticator app">
      {me?.mfa || confirmed ? (
        <Alert severity="success" role="status">
          {confirmed ? "Your authenticator app is set up. From your next sign-in, enter its code with your password."
            : "Your sign-in asks for a code from your authenticator app."}
        </Alert>
      ) : (
        <>
          <Typography sx={{ mb: 1 }}>
            A second factor: at sign-in, besides your password, a six-digit code from an authenticator app on your phone
            (any app that takes a TOTP key). Administrators must have one.
          </Typography>
          {!start.data && <Button variant="contained" onClick={() => start.mutate()} disabled={start.isPending}>Set up an authenticator app</Button>}
          <ApiError error={start.error} />
          {start.data && <Enrollment enrollment={start.data} onConfirmed={() => setConfirmed(true)} />}
        </>
      )}
    </Section>
  );
}

function Enrollment({ enrollment, onConfirmed }: { enrollment: Enrollment; onConfirmed: () => void }) {
  const secret = enrollment.secret ?? "";
  const [copied, setCopied] = useState<boolean>();
  const { register, handleSubmit, formState: { errors } } = useForm<{ code: string }>();
  const confirm = useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/auth/totp/confirmation", { body: { code } })),
    onSuccess: onConfirmed,
  });
  const copy = () => navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  const refused = fieldErrors(confirm.error).code?.join("; ");
  return (
    <Stack spacing={2} sx={{ mt: 1, maxWidth: 640 }}>
      <Box>
        <Typography>1. In your authenticator app, add an account with this key (shown this once):</Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: "center", my: 1, flexWrap: "wrap" }}>
          <Typography component="code" aria-label="Secret key" sx={{ fontFamily: "monospace", fontSize: "1.2rem", letterSpacing: 1 }}>{grouped(secret)}</Typography>
          <Button variant="outlined" size="small" onClick={() => void copy()}>Copy the key</Button>
          {copied !== undefined && <Typography role="status">{copied ? "Copied." : "Could not copy: select the key and copy it."}</Typography>}
        </Stack>
        {enrollment.provisioning_uri && (
          <Typography>On a phone, <Link href={enrollment.provisioning_uri}>open this key in your authenticator app</Link> instead.</Typography>
        )}
      </Box>
      <Box component="form" aria-label="Confirm the authenticator" noValidate onSubmit={handleSubmit(({ code }) => confirm.mutate(code.trim()))}>
        <Typography sx={{ mb: 1 }}>2. Enter the six-digit code the app shows now:</Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: "flex-start" }}>
          <TextField label="Code from the app" size="small" autoComplete="one-time-code" slotProps={{ htmlInput: { inputMode: "numeric" } }}
            error={Boolean(errors.code || refused)} helperText={errors.code?.message ?? refused}
            {...register("code", { required: "Enter the code", pattern: { value: /^\s*\d{6}\s*$/, message: "6 digits" } })} />
          <Button type="submit" variant="contained" disabled={confirm.isPending}>Confirm</Button>
        </Stack>
        {!refused && <ApiError error={confirm.error} />}
      </Box>
    </Stack>
  );
}

function SignOutEverywhere() {
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const end = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout-everywhere")),
    onSuccess: () => signedOut(queries),
  });
  return (
    <Section title="Sign out everywhere">
      <Typography sx={{ mb: 1 }}>
        Ends every session of yours at once: on other computers, phones and browsers, and this one. Use it when you
        signed in somewhere you cannot sign out from, or think someone else has your session.
      </Typography>
      {asking ? (
        <Alert severity="warning" action={
          <Stack direction="row" spacing={1}>
            <Button color="inherit" size="small" onClick={() => end.mutate()} disabled={end.isPending}>Yes, sign out everywhere</Button>
            <Button color="inherit" size="small" onClick={() => setAsking(false)}>Cancel</Button>
          </Stack>
        }>Sign out of every session now?</Alert>
      ) : (
        <Button variant="outlined" onClick={() => setAsking(true)}>Sign out everywhere</Button>
      )}
      <ApiError error={end.error} />
    </Section>
  );
}

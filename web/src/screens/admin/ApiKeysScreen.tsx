// The agency administrator's partner API keys: the agency's keys (never their secrets), a new key with its scopes and
// purpose, a new secret for a key (rotation) and revoking one. A secret is shown once, when issued or rotated.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Alert, Box, Button, Checkbox, FormControlLabel, FormGroup, FormLabel, MenuItem, Stack, TextField, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";

type ApiKey = components["schemas"]["ApiKey"];
type KeyCreate = components["schemas"]["ApiKeyCreate"];
const SCOPES: KeyCreate["scopes"] = ["clients:read", "clients:create", "reports:read"];
const PURPOSES: KeyCreate["purpose"][] = ["client_services", "case_management", "coordinated_entry", "referral", "data_quality", "reporting", "billing"];
const KEYS = ["api-keys"];

export function ApiKeysScreen() {
  const queries = useQueryClient();
  const mayCreate = useCan("api_keys:create").allow;
  const mayManage = useCan("api_keys:manage").allow;
  const keys = useQuery({ queryKey: KEYS, queryFn: () => unwrap(api.GET("/api/v1/api-keys")) });
  const [secret, setSecret] = useState<{ name: string; key: string }>();
  const [done, setDone] = useState<string>();
  const shown = (key: ApiKey) => { setSecret({ name: key.name, key: key.key ?? "" }); setDone(undefined); return queries.invalidateQueries({ queryKey: KEYS }); };
  const rotate = useMutation({
    mutationFn: (key: ApiKey) => unwrap(api.POST("/api/v1/api-keys/{resource_id}/rotation", { params: { path: { resource_id: key.id } } })),
    onSuccess: shown,
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => unwrap(api.POST("/api/v1/api-keys/{resource_id}/revocation", { params: { path: { resource_id: key.id } } })),
    onSuccess: (key) => { setSecret(undefined); setDone(`${key.name} was revoked: its secret no longer works.`); return queries.invalidateQueries({ queryKey: KEYS }); },
  });
  const busy = rotate.isPending || revoke.isPending;
  return (
    <Box>
      <Heading>API keys</Heading>
      <ApiError error={keys.error ?? rotate.error ?? revoke.error} />
      {secret && (
        <Alert severity="warning" role="status" sx={{ my: 1 }}>
          The secret of {secret.name}, shown this once (it is stored only as a hash): <code>{secret.key}</code>. Give it to the partner
          system now; send it as the <code>X-API-Key</code> header.
        </Alert>
      )}
      {done && <Typography role="status" sx={{ my: 1 }}>{done}</Typography>}
      <DataTable caption="Your agency's API keys" rows={keys.data} rowKey={(key) => key.id} columns={[
        { label: "Name", cell: (key) => key.name },
        { label: "Starts with", cell: (key) => <code>{key.key_prefix}</code> },
        { label: "Scopes", cell: (key) => key.scopes.join(", ") },
        { label: "Purpose", cell: (key) => key.purpose.replaceAll("_", " ") },
        { label: "Secret replaced", cell: (key) => when(key.rotated_at) },
        { label: "Revoked", cell: (key) => when(key.revoked_at) },
        { label: "Actions", cell: (key) => (mayManage && !key.revoked_at ? (
          <Stack direction="row" spacing={1}>
            <Button size="small" variant="outlined" disabled={busy} onClick={() => rotate.mutate(key)} aria-label={`New secret: ${key.name}`}>New secret</Button>
            <Button size="small" variant="outlined" color="error" disabled={busy} onClick={() => revoke.mutate(key)} aria-label={`Revoke: ${key.name}`}>Revoke</Button>
          </Stack>
        ) : null) },
      ]} />
      {mayCreate && <NewKey onIssued={shown} />}
    </Box>
  );
}

interface KeyFields { name: string; scopes: KeyCreate["scopes"]; purpose: KeyCreate["purpose"] }

function NewKey({ onIssued }: { onIssued: (key: ApiKey) => void }) {
  const { register, handleSubmit, reset, formState: { errors } } = useForm<KeyFields>({ defaultValues: { name: "", scopes: [], purpose: "client_services" } });
  const issue = useMutation({
    mutationFn: (body: KeyFields) => unwrap(api.POST("/api/v1/api-keys", { body })),
    onSuccess: (key) => { reset(); onIssued(key); },
  });
  return (
    <Section title="Issue a key">
      <Box component="form" aria-label="Issue a key" noValidate onSubmit={handleSubmit((fields) => issue.mutate(fields))} sx={{ maxWidth: 480 }}>
        <ApiError error={issue.error} />
        <TextField label="Partner system's name" fullWidth margin="dense" {...register("name", { required: "Name the partner system" })}
          error={Boolean(errors.name)} helperText={errors.name?.message} />
        <FormGroup>
          <FormLabel component="legend">Scopes</FormLabel>
          {SCOPES.map((scope) => (
            <FormControlLabel key={scope} label={scope}
              control={<Checkbox value={scope} {...register("scopes", { validate: (scopes) => scopes.length > 0 || "Choose a scope" })} />} />
          ))}
          {errors.scopes && <Box role="alert" sx={{ color: "error.main" }}>{errors.scopes.message}</Box>}
        </FormGroup>
        <TextField select label="Purpose" fullWidth margin="dense" defaultValue="client_services" {...register("purpose")}>
          {PURPOSES.map((purpose) => <MenuItem key={purpose} value={purpose}>{purpose.replaceAll("_", " ")}</MenuItem>)}
        </TextField>
        <Button type="submit" variant="contained" disabled={issue.isPending} sx={{ mt: 1 }}>Issue key</Button>
      </Box>
    </Section>
  );
}

// The agency administrator's users: who they are, their license and lock, and what to do about each
// (request a license, approve its fee, unlock, deactivate); a new user. Controls the policy refuses are not shown.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Box, Button, Checkbox, FormControlLabel, FormGroup, FormLabel, Stack, TextField } from "@mui/material";
import { api } from "../../api/client";
import { useMe } from "../../auth/session";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section, when } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";

type User = components["schemas"]["User"];
type Role = components["schemas"]["UserCreate"]["roles"][number];
const ROLES: Role[] = ["agency_admin", "case_manager", "ces_user", "report_viewer", "compliance_officer"];
const USERS = ["users"];

export function UsersScreen() {
  const queries = useQueryClient();
  const mayCreate = useCan("users:create").allow;
  const mayManage = useCan("users:manage").allow;
  const mayRequest = useCan("licenses:request").allow;
  const mayApprove = useCan("licenses:approve").allow;
  const users = useQuery({ queryKey: USERS, queryFn: () => unwrap(api.GET("/api/v1/users")) });
  const [done, setDone] = useState<string>();
  const act = useMutation({
    mutationFn: async ({ user, action }: { user: User; action: UserAction }) => {
      const path = { params: { path: { resource_id: user.id } } };
      const calls = {
        license: () => api.POST("/api/v1/users/{resource_id}/license", path),
        fee: () => api.POST("/api/v1/users/{resource_id}/license/fee-approval", path),
        unlock: () => api.POST("/api/v1/users/{resource_id}/unlock", path),
        deactivate: () => api.POST("/api/v1/users/{resource_id}/deactivation", path),
      };
      await unwrap(calls[action]() as Promise<{ data?: unknown; error?: unknown; response: Response }>);
      return `${ACTIONS[action].done} for ${user.username}.`;
    },
    onSuccess: (message) => { setDone(message); return queries.invalidateQueries({ queryKey: USERS }); },
  });
  const may: Record<UserAction, (user: User) => boolean> = {
    license: (user) => mayRequest && user.active && (user.license_status ?? "none") === "none",
    fee: (user) => mayApprove && user.license_status === "requested",
    unlock: (user) => mayManage && Boolean(user.locked),
    deactivate: (user) => mayManage && user.active,
  };
  return (
    <Box>
      <Heading>Users</Heading>
      <ApiError error={users.error ?? act.error} />
      {done && <Box role="status" sx={{ my: 1 }}>{done}</Box>}
      <DataTable caption="Your agency's users" rows={users.data} rowKey={(user) => user.id} columns={[
        { label: "Username", cell: (user) => user.username },
        { label: "Roles", cell: (user) => user.roles.join(", ") },
        { label: "Active", cell: (user) => (user.active ? "yes" : "no") },
        { label: "License", cell: (user) => user.license_status ?? "none" },
        { label: "Locked", cell: (user) => (user.locked ? "locked" : "no") },
        { label: "Second factor", cell: (user) => (user.totp_enabled ? "yes" : "no") },
        { label: "Last sign-in", cell: (user) => when(user.last_login_at) },
        { label: "Actions", cell: (user) => (
          <Stack direction="row" spacing={1}>
            {(Object.keys(ACTIONS) as UserAction[]).filter((action) => may[action](user)).map((action) => (
              <Button key={action} size="small" variant="outlined" disabled={act.isPending}
                onClick={() => act.mutate({ user, action })} aria-label={`${ACTIONS[action].label}: ${user.username}`}>
                {ACTIONS[action].label}
              </Button>
            ))}
          </Stack>
        ) },
      ]} />
      {mayCreate && <NewUser onCreated={(name) => { setDone(`${name} was created.`); return queries.invalidateQueries({ queryKey: USERS }); }} />}
    </Box>
  );
}

type UserAction = "license" | "fee" | "unlock" | "deactivate";
const ACTIONS: Record<UserAction, { label: string; done: string }> = {
  license: { label: "Request license", done: "A license was requested" },
  fee: { label: "Approve license fee", done: "The license fee was approved" },
  unlock: { label: "Unlock", done: "The account was unlocked" },
  deactivate: { label: "Deactivate", done: "The account was deactivated" },
};

interface NewUserFields { username: string; password: string; roles: Role[] }

function NewUser({ onCreated }: { onCreated: (username: string) => void }) {
  const { register, handleSubmit, reset, formState: { errors } } = useForm<NewUserFields>({ defaultValues: { roles: [] } });
  const me = useMe();
  const create = useMutation({
    mutationFn: (fields: NewUserFields) => unwrap(api.POST("/api/v1/users", {
      body: { ...fields, agency_id: me.data?.agency_id ?? "" },
    })),
    onSuccess: (user) => { reset(); onCreated(user.username); },
  });
  return (
    <Section title="New user">
      <Box component="form" noValidate onSubmit={handleSubmit((fields) => create.mutate(fields))} sx={{ maxWidth: 480 }}>
        <ApiError error={create.error} />
        <TextField label="Username" fullWidth margin="dense" {...register("username", { required: "Enter a username" })}
          error={Boolean(errors.username)} helperText={errors.username?.message} />
        <TextField label="Initial password" type="password" fullWidth margin="dense" autoComplete="new-password"
          {...register("password", { required: "Enter a password" })}
          error={Boolean(errors.password)} helperText={errors.password?.message} />
        <FormGroup>
          <FormLabel component="legend">Roles</FormLabel>
          {ROLES.map((role) => (
            <FormControlLabel key={role} label={role.replaceAll("_", " ")}
              control={<Checkbox value={role} {...register("roles", { validate: (roles) => roles.length > 0 || "Choose a role" })} />} />
          ))}
          {errors.roles && <Box role="alert" sx={{ color: "error.main" }}>{errors.roles.message}</Box>}
        </FormGroup>
        <Button type="submit" variant="contained" disabled={create.isPending} sx={{ mt: 1 }}>Create user</Button>
      </Box>
    </Section>
  );
}

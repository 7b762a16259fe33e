import { Alert, Box, Button, Paper, Stack, TextField, Typography } from "@mui/material";
import { useForm } from "react-hook-form";
import type { Credentials } from "../api/client";

interface Props {
  onSubmit: (credentials: Credentials) => void;
  pending: boolean;
  refusal?: string;
}

interface Fields {
  username: string;
  password: string;
  totp: string;
}

export function LoginForm({ onSubmit, pending, refusal }: Props) {
  const { register, handleSubmit, formState: { errors } } = useForm<Fields>({
    defaultValues: { username: "", password: "", totp: "" },
  });
  const submit = ({ username, password, totp }: Fields) =>
    onSubmit({ username, password, totp: totp || null });
  return (
    <Box component="main" sx={{ display: "grid", placeItems: "center", minHeight: "100vh" }}>
      <Paper component="form" noValidate onSubmit={handleSubmit(submit)} sx={{ p: 4, width: 360 }} aria-labelledby="sign-in">
        <Stack spacing={2}>
          <Typography id="sign-in" variant="h5" component="h1">Sign in to Harbor HMIS</Typography>
          {refusal && <Alert severity="error">{refusal}</Alert>}
          <TextField label="Username" autoComplete="username" autoFocus
            error={!!errors.username} helperText={errors.username?.message}
            {...register("username", { required: "Enter your username" })} />
          <TextField label="Password" type="password" autoComplete="current-password"
            error={!!errors.password} helperText={errors.password?.message}
            {...register("password", { required: "Enter your password" })} />
          <TextField label="Authenticator code" autoComplete="one-time-code" inputMode="numeric"
            error={!!errors.totp} helperText={errors.totp?.message ?? "Only if your account has a second factor"}
            {...register("totp", { pattern: { value: /^\d{6}$/, message: "6 digits" } })} />
          <Button type="submit" variant="contained" disabled={pending}>Sign in</Button>
        </Stack>
      </Paper>
    </Box>
  );
}

import { AppBar, Box, Button, CircularProgress, Toolbar, Typography } from "@mui/material";
import { IdleGuard } from "./auth/IdleGuard";
import { LoginForm } from "./auth/LoginForm";
import { idleTimeoutMinutes, useLogin, useLogout, useMe } from "./auth/session";

export function App() {
  const me = useMe();
  const login = useLogin();
  const logout = useLogout();
  if (me.isPending) return <CircularProgress aria-label="Loading" />;
  if (!me.data) {
    return <LoginForm onSubmit={(credentials) => login.mutate(credentials)} pending={login.isPending}
      refusal={login.error?.message ?? (me.error ? "The server did not answer; try again shortly." : undefined)} />;
  }
  return (
    <>
      <IdleGuard timeoutMs={idleTimeoutMinutes() * 60_000} onExpire={() => logout.mutate()} />
      <AppBar position="static">
        <Toolbar>
          <Typography variant="h6" component="span" sx={{ flexGrow: 1 }}>Harbor HMIS</Typography>
          <Typography component="span" sx={{ mr: 2 }}>Signed in as {me.data.username}</Typography>
          <Button color="inherit" onClick={() => logout.mutate()}>Sign out</Button>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 3 }}>
        <Typography variant="h4" component="h1">Welcome, {me.data.username}</Typography>
      </Box>
    </>
  );
}

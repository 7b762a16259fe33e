import { CircularProgress } from "@mui/material";
import { IdleGuard } from "./auth/IdleGuard";
import { LoginForm } from "./auth/LoginForm";
import { CSRF_COOKIE, readCookie } from "./auth/cookies";
import { PermissionsProvider, usePermissionsQuery } from "./auth/permissions";
import { idleTimeoutMinutes, useLogin, useLogout, useMe } from "./auth/session";
import { Shell } from "./layout/Shell";
import { CONTROL_ACTIONS } from "./screens/controls";
import { permissionsOf, screens } from "./screens";

const ACTIONS = [...permissionsOf(screens), ...CONTROL_ACTIONS];

export function App() {
  const me = useMe();
  const login = useLogin();
  const logout = useLogout();
  // While /auth/me is asked with a session's cookie there, its permissions are asked beside it, not after it (a
  // round trip less to any screen); once me is known, the provider below asks (the same query: never twice).
  usePermissionsQuery(ACTIONS, me.isPending && readCookie(CSRF_COOKIE, document.cookie) !== undefined);
  if (me.isPending) return <CircularProgress aria-label="Loading" />;
  if (!me.data) {
    return <LoginForm onSubmit={(credentials) => login.mutate(credentials)} pending={login.isPending}
      refusal={login.error?.message ?? (me.error ? "The server did not answer; try again shortly." : undefined)} />;
  }
  return (
    <>
      <IdleGuard timeoutMs={idleTimeoutMinutes() * 60_000} onExpire={logout.mutate} />
      <PermissionsProvider actions={ACTIONS}>
        {(ready) => ready
          ? <Shell me={me.data!} screens={screens} onSignOut={() => logout.mutate()} />
          : <CircularProgress aria-label="Loading" />}
      </PermissionsProvider>
    </>
  );
}

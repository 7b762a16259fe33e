import { useEffect } from "react";
import { CircularProgress } from "@mui/material";
import { useQueryClient } from "@tanstack/react-query";
import { IdleGuard } from "./auth/IdleGuard";
import { LoginForm } from "./auth/LoginForm";
import { CSRF_COOKIE, readCookie } from "./auth/cookies";
import { PermissionsProvider, prefetchPermissions } from "./auth/permissions";
import { idleTimeoutMinutes, useLogin, useLogout, useMe } from "./auth/session";
import { Shell } from "./layout/Shell";
import { CONTROL_ACTIONS } from "./screens/controls";
import { headerItems, permissionsOf, prefetchers, screens } from "./screens";

const ACTIONS = [...permissionsOf(screens), ...CONTROL_ACTIONS];

export function App() {
  const me = useMe();
  const login = useLogin();
  const logout = useLogout();
  const client = useQueryClient();
  useEffect(() => {  // a session's cookie there: its permissions and the screen's data asked beside /auth/me, not after it
    if (readCookie(CSRF_COOKIE, document.cookie) === undefined) return;
    void prefetchPermissions(client, ACTIONS);
    for (const prefetch of prefetchers) void prefetch(client, window.location.pathname);
  }, [client]);
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
          ? <Shell me={me.data!} screens={screens} headerItems={headerItems} onSignOut={() => logout.mutate()} />
          : <CircularProgress aria-label="Loading" />}
      </PermissionsProvider>
    </>
  );
}

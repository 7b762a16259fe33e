// What the signed-in user may do, from GET /api/v1/auth/permissions (one call per sign-in): the nav and the
// controls show only what the policy allows, and a hidden control can say why.
import { createContext, useContext, type ReactNode } from "react";
import { api } from "../api/client";
import { useApi } from "../api/useApi";

export interface Permission {
  allow: boolean;
  reasons: string[];
}

type Permissions = Record<string, Permission>;

const PermissionsContext = createContext<Permissions>({});

// The one GET /auth/permissions of a sign-in for `actions` (asked when `enabled`): the provider's, and the app's own
// read of it beside /auth/me when a session cookie is there (the same query, so asked once).
export function usePermissionsQuery(actions: string[], enabled = true) {
  const asked = [...new Set(actions)].sort();
  const answer = useApi(["auth", "permissions", asked.join(",")],
    () => api.GET("/api/v1/auth/permissions", { params: { query: { actions: asked.join(",") } } }),
    enabled && asked.length > 0);
  return { asked, answer };
}

export function PermissionsProvider({ actions, children }: { actions: string[]; children: (ready: boolean) => ReactNode }) {
  const { asked, answer } = usePermissionsQuery(actions);
  const permissions = (answer.data ?? {}) as Permissions;
  return (
    <PermissionsContext.Provider value={permissions}>
      {children(asked.length === 0 || !answer.isPending)}
    </PermissionsContext.Provider>
  );
}

// Whether the user may do `action` (null: anyone signed in); unknown until the answer came: not allowed.
export function useCan(action: string | null): Permission {
  const permissions = useContext(PermissionsContext);
  if (action === null) return { allow: true, reasons: [] };
  return permissions[action] ?? { allow: false, reasons: [] };
}

// `useCan` for a list of actions decided at render time: a function answering whether each is allowed.
export function useAllowed(): (action: string | null) => boolean {
  const permissions = useContext(PermissionsContext);
  return (action) => action === null || !!permissions[action]?.allow;
}

export function Can({ action, children }: { action: string; children: ReactNode }) {
  return useCan(action).allow ? <>{children}</> : null;
}

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

export function PermissionsProvider({ actions, children }: { actions: string[]; children: (ready: boolean) => ReactNode }) {
  const asked = [...new Set(actions)].sort();
  const answer = useApi(["auth", "permissions", asked.join(",")],
    () => api.GET("/api/v1/auth/permissions", { params: { query: { actions: asked.join(",") } } }),
    asked.length > 0);
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

export function Can({ action, children }: { action: string; children: ReactNode }) {
  return useCan(action).allow ? <>{children}</> : null;
}

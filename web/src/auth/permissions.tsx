// What the signed-in user may do, from GET /api/v1/auth/permissions (one call per sign-in): the nav and the
// controls show only what the policy allows, and a hidden control can say why.
import { createContext, useContext, type ReactNode } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { useApi } from "../api/useApi";

export interface Permission {
  allow: boolean;
  reasons: string[];
}

type Permissions = Record<string, Permission>;

const PermissionsContext = createContext<Permissions>({});

const permissionsKey = (asked: string[]) => ["auth", "permissions", asked.join(",")];
const askFor = (asked: string[]) => api.GET("/api/v1/auth/permissions", { params: { query: { actions: asked.join(",") } } });
const sorted = (actions: string[]) => [...new Set(actions)].sort();

/** The permissions asked early, beside /auth/me when a session cookie is there (a round trip less before any screen):
 * the same query the provider reads. A refusal here signs nobody out: the answer to /auth/me decides that. */
export function prefetchPermissions(client: QueryClient, actions: string[]) {
  const asked = sorted(actions);
  return client.prefetchQuery({
    queryKey: permissionsKey(asked),
    queryFn: async () => {
      const { data, response } = await askFor(asked);
      if (!data) throw new Error(`the gateway answered ${response.status}`);
      return data;
    },
  });
}

export function PermissionsProvider({ actions, children }: { actions: string[]; children: (ready: boolean) => ReactNode }) {
  const asked = sorted(actions);
  const answer = useApi(permissionsKey(asked), () => askFor(asked), asked.length > 0);
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

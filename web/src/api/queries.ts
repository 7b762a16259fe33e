// The one TanStack Query client of the app, shared so that a refused session (401) anywhere signs the user out.
import { hashKey, QueryClient } from "@tanstack/react-query";

export const ME = ["auth", "me"];

export const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

// Signed out (by the user, the idle guard or the server): nothing read for this user stays in memory. Who is signed
// in becomes no one in place (not cleared and made again), so the app's observer of it sees it and shows the sign-in
// form whichever component signed out (a screen's "Sign out everywhere", a 401 to a screen's read).
export function signedOut(client: QueryClient = queries): void {
  client.setQueryData(ME, null);
  client.removeQueries({ predicate: (query) => query.queryHash !== hashKey(ME) });
  client.getMutationCache().clear();
}

// The one TanStack Query client of the app, shared so that a refused session (401) anywhere signs the user out.
import { QueryClient } from "@tanstack/react-query";

export const ME = ["auth", "me"];

export const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

// Signed out (by the user, the idle guard or the server): nothing read for this user stays in memory.
export function signedOut(client: QueryClient = queries): void {
  client.clear();
  client.setQueryData(ME, null);
}

// For the screens' tests: the API client answered by a table of routes instead of the network (an openapi-fetch
// middleware answering before fetch), and a screen rendered with the providers it needs.
import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Middleware } from "openapi-fetch";
import { MemoryRouter } from "react-router-dom";
import { api } from "../api/client";
import { PermissionsProvider } from "../auth/permissions";
import { CONTROL_ACTIONS } from "./controls";

type Answer = unknown | Response;
export type Routes = Record<string, (request: Request, body: unknown) => Answer>;

/** Answer "METHOD /api/v1/path" from `routes` (the path without its query); anything else is a 404. Every request
 * is kept, with its JSON body, for the test to look at. Call the returned `restore` after the test. */
export function fakeGateway(routes: Routes) {
  const requests: { method: string; path: string; search: string; body: unknown }[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      const body = text ? JSON.parse(text) : undefined;
      requests.push({ method: request.method, path: url.pathname, search: url.search, body });
      const route = routes[`${request.method} ${url.pathname}`];
      if (!route) return Response.json({ error: "not_found", message: `no fake for ${request.method} ${url.pathname}` }, { status: 404 });
      const answer = route(request, body);
      return answer instanceof Response ? answer : Response.json(answer ?? null);
    },
  };
  api.use(middleware);
  return { requests, restore: () => api.eject(middleware) };
}

/** What GET /auth/permissions answers for a user allowed `allowed` (and nothing else asked). */
export function permissions(allowed: string[]) {
  return (request: Request) => Object.fromEntries((new URL(request.url).searchParams.get("actions") ?? "").split(",")
    .map((action) => [action, { allow: allowed.includes(action), reasons: allowed.includes(action) ? [] : ["role_not_permitted"] }]));
}

/** A screen as the shell shows it: with the controls' permissions asked first (the fake's /auth/permissions), at the
 * address `at`. */
export function renderScreen(screen: ReactElement, at = "/") {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queries}>
      <MemoryRouter initialEntries={[at]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <PermissionsProvider actions={CONTROL_ACTIONS}>{(ready) => (ready ? screen : null)}</PermissionsProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

// The case worker's reads and writes, through the typed client (one place per call, so screens share its cache).
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useQueries, type QueryClient } from "@tanstack/react-query";
import { unwrap, useApi, useApiMutation } from "../../api/useApi";

export type Schemas = components["schemas"];
export type Client = Schemas["Client"];
export type Candidate = Schemas["ClientCandidate"];
// openapi-typescript reads a nullable nested object as `{} | null | object`: the consents are the object or null.
export type Summary = Omit<Schemas["ClientSummary"], "consents"> & { consents?: Schemas["ClientConsents"] | null };
export type ClientEnrollment = Schemas["ClientEnrollment"];
export type Finding = Schemas["Finding"];
export type Consent = Schemas["Consent"];
export type EnrollmentRecord = Schemas["EnrollmentRecord"];

export const summaryKey = (clientId: string) => ["clients", clientId, "summary"];

const readSummary = (clientId: string) =>
  api.GET("/api/v1/clients/{resource_id}/summary", { params: { path: { resource_id: clientId } } }) as never;

// The profile's data in one call (GET /clients/{id}/summary): the record, consents, enrollments, findings.
export function useSummary(clientId: string) {
  return useApi<Summary>(summaryKey(clientId), () => readSummary(clientId));
}

/** The client whose profile an address opens (`/clients/<id>`), if it is one. */
export function profileOf(path: string): string | undefined {
  return /^\/clients\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(path)?.[1];
}

/** When the app opens on a client's profile with a session, its one call is asked beside /auth/me, not after it (a
 * round trip less before the profile shows: docs/web.md, its time to interactive). A refusal here signs nobody out
 * and is cached for no one: the profile asks again, and /auth/me decides about the session. */
export function prefetchProfile(client: QueryClient, path: string) {
  const clientId = profileOf(path);
  if (!clientId) return Promise.resolve();
  return client.prefetchQuery({
    queryKey: summaryKey(clientId),
    queryFn: async () => {
      const { data, response } = await (readSummary(clientId) as Promise<{ data?: Summary; response: Response }>);
      if (!data) throw new Error(`the gateway answered ${response.status}`);
      return data;
    },
  });
}

export function useEnrollment(enrollmentId: string) {
  return useApi(["enrollments", enrollmentId], () =>
    api.GET("/api/v1/enrollments/{resource_id}", { params: { path: { resource_id: enrollmentId } } }));
}

// The agency's projects: its organizations (GET /organizations), then each one's projects (GET /organizations/{id};
// an agency runs one organization as a rule, so two calls).
export function useProjects() {
  const organizations = useApi(["organizations"], () => api.GET("/api/v1/organizations", {}));
  const details = useQueries({
    queries: (organizations.data ?? []).map((organization) => ({
      queryKey: ["organization", organization.organization_id],  // as the Projects screen reads it
      queryFn: () => unwrap(api.GET("/api/v1/organizations/{resource_id}",
        { params: { path: { resource_id: organization.organization_id ?? "" } } })),
    })),
  });
  return {
    isPending: organizations.isPending || details.some((detail) => detail.isPending),
    error: organizations.error ?? details.find((detail) => detail.error)?.error ?? null,
    projects: details.flatMap((detail) => detail.data?.projects ?? []),
  };
}

export function useUpdateClient(clientId: string) {
  return useApiMutation((body: Record<string, unknown>) =>
    api.PUT("/api/v1/clients/{resource_id}", { params: { path: { resource_id: clientId } }, body: body as never }),
  [summaryKey(clientId)]);
}

// A project as a person reads it: its name (2.02), or its id when the name is not known.
export function projectName(enrollment: { project_name?: string | null; project_id?: string | null }): string {
  return enrollment.project_name ?? `project ${enrollment.project_id}`;
}

export function personName(person: { first_name?: string | null; last_name?: string | null }): string {
  return [person.first_name, person.last_name].filter(Boolean).join(" ") || "Name not recorded";
}

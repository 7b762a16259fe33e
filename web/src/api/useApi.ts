// Server state through the typed client (api/client.ts, which adds the cookie's CSRF token to writes):
// `useApi` reads, `useApiMutation` writes; both unwrap the gateway's answer or throw an ApiFailure, which
// components/ApiError.tsx puts into words. A 401 means the session ended on the server: back to sign-in.
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { signedOut } from "./queries";

export interface ErrorBody {
  error?: string;
  message?: string;
  fields?: Record<string, string[]>;
  reasons?: string[];
  decision_id?: string;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ErrorBody) {
    super(body.message ?? `the gateway answered ${status}`);
    this.name = "ApiFailure";
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (response.status === 401) signedOut();
  throw new ApiFailure(response.status, (error ?? {}) as ErrorBody);
}

export function useApi<T>(key: QueryKey, read: () => Promise<Answer<T>>, enabled = true) {
  return useQuery({ queryKey: key, queryFn: () => unwrap(read()), enabled });
}

// A write; on success the queries under each of `invalidates` are read again.
export function useApiMutation<V, T>(write: (variables: V) => Promise<Answer<T>>, invalidates: QueryKey[] = []) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (variables: V) => unwrap(write(variables)),
    onSuccess: () => Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}

// The field errors of a 422 (`fields`), when `error` is one.
export function fieldErrors(error: unknown): Record<string, string[]> {
  return error instanceof ApiFailure ? error.body.fields ?? {} : {};
}

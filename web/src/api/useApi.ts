// Server state through the typed client (api/client.ts, which adds the cookie's CSRF token to writes):
// `useApi` reads, `useApiMutation` writes; both unwrap the gateway's answer or throw an ApiFailure, which
// components/ApiError.tsx puts into words. A 401 means the session ended on the server: back to sign-in.
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { signedOut } from "./queries";

// A field's rules, or, for a nested object or list (a list's items by their index), its fields' rules.
export type FieldRules = string[] | { [field: string]: FieldRules };

export interface ErrorBody {
  error?: string;
  message?: string;
  fields?: Record<string, FieldRules>;
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

// The field errors of a 422 (`fields`), when `error` is one, each by its path: a nested field's is dotted, a list
// item's by its index (`items.0.options.1.points`), as a form names its fields.
export function fieldErrors(error: unknown): Record<string, string[]> {
  return error instanceof ApiFailure ? flatFields(error.body.fields ?? {}) : {};
}

export function flatFields(fields: Record<string, FieldRules>, prefix = ""): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fields).flatMap(([field, rules]) => {
    const path = prefix ? `${prefix}.${field}` : field;
    return Array.isArray(rules) ? [[path, rules]] : Object.entries(flatFields(rules, path));
  }));
}

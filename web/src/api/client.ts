// The API client, typed by the types generated from the gateway's OpenAPI document (schema.d.ts, `make web-types`).
// The session travels in the HttpOnly cookie; every write carries the CSRF token (docs/web.md).
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { CSRF_COOKIE, CSRF_HEADER, isWrite, readCookie } from "../auth/cookies";

const csrf: Middleware = {
  onRequest({ request }) {
    const token = readCookie(CSRF_COOKIE, document.cookie);
    if (token && isWrite(request.method)) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use(csrf);

export type Principal = paths["/api/v1/auth/me"]["get"]["responses"]["200"]["content"]["application/json"];
export type Credentials = paths["/api/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"];

export interface ApiError {
  error?: string;
  message?: string;
}

// Sign-in state: who is signed in (GET /auth/me, through the cookie), login and logout.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiError, type Credentials } from "../api/client";
import { ME, signedOut } from "../api/queries";
export const IDLE_MINUTES_KEY = "hmis.idle_timeout_minutes";

export function useMe() {
  return useQuery({
    queryKey: ME,
    retry: false,
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/auth/me");
      if (response.status === 401) return null;
      if (!data) throw new Error(`the gateway answered ${response.status}`);
      return data;
    },
  });
}

export function useLogin() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      const { data, error, response } = await api.POST("/api/v1/auth/login", {
        body: credentials,
        headers: { "X-Session-Mode": "cookie" },
      });
      if (!data) throw new Error(loginRefusal(response.status, error as ApiError | undefined));
      sessionStorage.setItem(IDLE_MINUTES_KEY, String(data.idle_timeout_minutes));
      return data;
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ME }),
  });
}

export function useLogout() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.POST("/api/v1/auth/logout");
    },
    onSettled: () => signedOut(queries),
  });
}

export function loginRefusal(status: number, error?: ApiError): string {
  if (status === 401) return "Sign-in failed: check your username, password and (if you use one) your authenticator code.";
  if (status === 429) return "Too many failed sign-ins from here; wait a few minutes and try again.";
  return error?.message ?? `The server answered ${status}; try again shortly.`;
}

export function idleTimeoutMinutes(): number {
  return Number(sessionStorage.getItem(IDLE_MINUTES_KEY)) || 15;
}

// The CSRF token the gateway set at login (a readable cookie), sent back on every write (docs/web.md).
export const CSRF_COOKIE = "hmis_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

export function readCookie(name: string, cookies: string): string | undefined {
  for (const pair of cookies.split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isWrite(method: string): boolean {
  return WRITES.has(method.toUpperCase());
}

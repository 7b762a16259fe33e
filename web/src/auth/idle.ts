// Idle auto-logoff (HUD's privacy standard): a warning a minute before the session's idle timeout, then logout.
// A timeout under two minutes (a test's, set in sessionStorage: docs/web.md) is warned of halfway through instead.
export const WARNING_MS = 60_000;

export type IdlePhase = "active" | "warning" | "expired";

export function idlePhase(idleMs: number, timeoutMs: number, warningMs: number = WARNING_MS): IdlePhase {
  if (idleMs >= timeoutMs) return "expired";
  if (idleMs >= timeoutMs - Math.min(warningMs, timeoutMs / 2)) return "warning";
  return "active";
}

export function secondsLeft(idleMs: number, timeoutMs: number): number {
  return Math.max(0, Math.ceil((timeoutMs - idleMs) / 1000));
}

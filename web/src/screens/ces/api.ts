// Coordinated Entry's reads and writes (docs/ces.md), through the typed client: one place per call, so the CES
// screens share its cache. The community's settings come as data: an instrument's items and bands, a policy's sort
// keys and workflow (deadlines, decline and override reasons).
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap, useApi, useApiMutation } from "../../api/useApi";

type Schemas = components["schemas"];
export type ListEntry = Schemas["ListEntry"];
export type Opening = Schemas["Opening"];
export type Referral = Schemas["Referral"];
export type Step = Schemas["Step"];
export type OpeningCreate = Schemas["OpeningCreate"];
export type ReferralCreate = Schemas["ReferralCreate"];
export type Notice = Schemas["Notice"];

export interface Option { code: string; label: string; points: number }
export interface Item { code: string; question: string; group?: string | null; weight?: number; options: Option[] }
export interface Band { min_score: number; band: string; recommendation: string }
export interface Instrument { id: string; code: string; version: number; name: string; effective_from: string; items: Item[]; bands: Band[] }
export interface SortKey { attribute: string; direction: "asc" | "desc"; missing: "first" | "last" }
export interface Workflow {
  deadline_days: { pending: number; in_process: number };
  decline_reasons: { code: string; by: "client" | "provider" }[];
  override_reasons: string[];
}
export interface Policy { id: string; code: string; version: number; name: string; effective_from: string; created_at: string; sort_keys: SortKey[]; workflow: Workflow }

export const LIST = ["ces", "list"];
export const OPENINGS = ["ces", "openings"];
export const REFERRALS = ["ces", "referrals"];
export const NOTICES = ["ces", "notices"];
export const referralKey = (id: string) => ["ces", "referrals", id];
// How often the header's count of notices is read again: the sweep runs hourly by default, a step any time.
const NOTICES_EVERY_MS = 60_000;

export function usePrioritizationList(limit: number, offset: number) {
  return useApi([...LIST, limit, offset], () =>
    api.GET("/api/v1/ces/prioritization-list", { params: { query: { limit, offset } } }));
}

export function usePolicies() {
  return useApi<Policy[]>(["ces", "policies"], () => api.GET("/api/v1/ces/policies") as never);
}

export function useInstruments() {
  return useApi<Instrument[]>(["ces", "instruments"], () => api.GET("/api/v1/ces/instruments") as never);
}

/** The version in force on `on` (ISO date), as the service picks it: the newest whose effective date has come. */
export function inForce<T extends { effective_from: string; created_at?: string; version: number }>(versions: T[], on: string): T | undefined {
  return versions.filter((version) => version.effective_from <= on)
    .sort((a, b) => b.effective_from.localeCompare(a.effective_from) || (b.created_at ?? "").localeCompare(a.created_at ?? "")
      || b.version - a.version)[0];
}

/** The latest version of each instrument in force on `on`. */
export function instrumentsInForce(all: Instrument[], on: string): Instrument[] {
  const codes = [...new Set(all.map((instrument) => instrument.code))];
  return codes.map((code) => inForce(all.filter((instrument) => instrument.code === code), on))
    .filter((instrument): instrument is Instrument => instrument !== undefined);
}

export function useOpenings() {
  return useApi(OPENINGS, () => api.GET("/api/v1/ces/openings"));
}

export function useReferrals(status: string) {
  return useApi([...REFERRALS, "list", status], () =>
    api.GET("/api/v1/ces/referrals", { params: { query: status ? { status: status as NonNullable<Referral["status"]> } : {} } }));
}

export function useReferral(id: string) {
  return useApi(referralKey(id), () => api.GET("/api/v1/ces/referrals/{resource_id}", { params: { path: { resource_id: id } } }));
}

export function usePostOpening() {
  return useApiMutation((body: OpeningCreate) => api.POST("/api/v1/ces/openings", { body }), [OPENINGS]);
}

export function useMatch() {
  return useApiMutation(({ openingId, body }: { openingId: string; body: ReferralCreate }) =>
    api.POST("/api/v1/ces/openings/{resource_id}/referrals", { params: { path: { resource_id: openingId } }, body }),
  [OPENINGS, REFERRALS, LIST]);
}

export function useTakeStep(id: string) {
  return useApiMutation((body: Step) =>
    api.POST("/api/v1/ces/referrals/{resource_id}/steps", { params: { path: { resource_id: id } }, body }),
  [REFERRALS, OPENINGS, LIST, NOTICES]);
}

/** The signed-in user's notices (a step of their agency's stalled or near its deadline), read again every minute. */
export function useNotices() {
  return useQuery({ queryKey: NOTICES, queryFn: () => unwrap(api.GET("/api/v1/ces/notices")), refetchInterval: NOTICES_EVERY_MS });
}

export function useMarkSeen() {
  return useApiMutation((id: string) =>
    api.POST("/api/v1/ces/notices/{resource_id}/seen", { params: { path: { resource_id: id } } }), [NOTICES]);
}

// Words for the codes the service answers with.
export const STATUS: Record<string, string> = {
  pending: "pending (case worker)", in_process: "in process (provider)", accepted: "accepted", declined: "declined",
  expired: "expired", cancelled: "cancelled",
};
export const OWNER: Record<string, string> = { case_worker: "case worker", provider: "provider", ces_team: "CES team" };
export const ATTRIBUTE: Record<string, string> = {
  chronic: "Chronic", score: "Score", days_homeless_3y: "Days homeless (3 years)", unsheltered_nights: "Unsheltered nights",
  veteran: "Veteran", household_type: "Household type", assessed_on: "Assessed on", first_homeless_on: "First homeless on",
  manual_rank: "Manual rank",
};
// HUD 4.20 EventType of a referral to an opening (FY2026).
export const EVENT_TYPES: Record<number, string> = {
  10: "Referral to Emergency Shelter bed opening", 11: "Referral to Transitional Housing bed/unit opening",
  12: "Referral to Joint TH-RRH project/unit/resource opening", 13: "Referral to RRH project resource opening",
  14: "Referral to PSH project resource opening", 15: "Referral to Other PH project/unit/resource opening",
  17: "Referral to emergency housing voucher (EHV)", 18: "Referral to a Housing Stability Voucher",
};
// HUD ReferralResult (4.20.D).
export const REFERRAL_RESULT: Record<number, string> = {
  1: "Successful referral: client accepted", 2: "Unsuccessful referral: client rejected", 3: "Unsuccessful referral: provider rejected",
};

// A native select in a TextField (keyboard and screen-reader friendly, as the case worker's forms use).
export const NATIVE = { select: { native: true }, inputLabel: { shrink: true } } as const;

export function shown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value).replace(/_/g, " ");
}

export function shortId(id: string | undefined): string {
  return id ? id.slice(0, 8) : "—";
}

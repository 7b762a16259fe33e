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
export type OpeningChange = Schemas["OpeningChange"];
export type WithdrawalReason = Schemas["OpeningWithdrawal"]["reason"];
export type ReferralCreate = Schemas["ReferralCreate"];
export type Notice = Schemas["Notice"];
export type InstrumentCreate = Schemas["InstrumentCreate"];
export type PolicyCreate = Schemas["PolicyCreate"];
export type Requirement = Schemas["EligibilityRequirement"];
export type RequirementCreate = Schemas["EligibilityRequirementCreate"];
export type Sweep = Schemas["Sweep"];
export type ListStatus = Schemas["ClientStatus"]["status"];

export interface Option { code: string; label: string; points: number }
export interface Item { code: string; question: string; group?: string | null; weight?: number; options: Option[] }
export interface Band { min_score: number; band: string; recommendation: string }
export interface Instrument { id: string; code: string; version: number; name: string; effective_from: string; items: Item[]; bands: Band[] }
export interface SortKey { attribute: string; direction: "asc" | "desc"; missing: "first" | "last" }
export type Decliner = "client" | "provider";
export interface Workflow {
  deadline_days: { pending: number; in_process: number };
  stall_days: number;
  due_soon_days?: number;
  park_days?: { client: number | null; provider: number | null; expired: number | null };
  decline_reasons: { code: string; by: Decliner }[];
  override_reasons: string[];
  expiry_results?: { pending: Decliner | null; in_process: Decliner | null };
  one_active_referral?: boolean;
  release_consent?: string;
}
export interface Policy { id: string; code: string; version: number; name: string; effective_from: string; created_at: string; sort_keys: SortKey[]; seed: number; workflow: Workflow }

export const LIST = ["ces", "list"];
export const INSTRUMENTS = ["ces", "instruments"];
export const POLICIES = ["ces", "policies"];
export const REQUIREMENTS = ["ces", "requirements"];
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
  return useApi<Policy[]>(POLICIES, () => api.GET("/api/v1/ces/policies") as never);
}

export function useInstruments() {
  return useApi<Instrument[]>(INSTRUMENTS, () => api.GET("/api/v1/ces/instruments") as never);
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

// An open opening edited or withdrawn by its provider or the CES team; a withdrawn one leaves matching for good.
export function useChangeOpening(id: string) {
  return useApiMutation((body: OpeningChange) =>
    api.PATCH("/api/v1/ces/openings/{resource_id}", { params: { path: { resource_id: id } }, body }), [OPENINGS]);
}

export function useWithdrawOpening(id: string) {
  return useApiMutation((reason: WithdrawalReason) =>
    api.POST("/api/v1/ces/openings/{resource_id}/withdrawal", { params: { path: { resource_id: id } }, body: { reason } }),
  [OPENINGS]);
}

// Why an opening is withdrawn: the service's codes (ces.contract.rules.WITHDRAWAL_REASONS), in words.
export const WITHDRAWAL_REASONS: Record<WithdrawalReason, string> = {
  unit_offline: "The unit went offline", voucher_pulled: "The voucher was pulled", funding_ended: "The funding ended",
  filled_outside_ces: "Filled outside coordinated entry", entered_in_error: "Entered in error", other: "Other",
};

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

// The CES team's settings (ces:manage): a new version of an instrument or of the policy, requirements, a client's
// manual rank and place on the list, the sweep.
export function useAddInstrument() {
  return useApiMutation((body: InstrumentCreate) => api.POST("/api/v1/ces/instruments", { body }), [INSTRUMENTS]);
}

export function useAddPolicy() {
  return useApiMutation((body: PolicyCreate) => api.POST("/api/v1/ces/policies", { body }), [POLICIES, LIST]);
}

export function useRequirements() {
  return useApi(REQUIREMENTS, () => api.GET("/api/v1/ces/requirements"));
}

export function useAddRequirement() {
  return useApiMutation((body: RequirementCreate) => api.POST("/api/v1/ces/requirements", { body }), [REQUIREMENTS]);
}

export function useRemoveRequirement() {
  return useApiMutation((id: string) =>
    api.DELETE("/api/v1/ces/requirements/{resource_id}", { params: { path: { resource_id: id } } }), [REQUIREMENTS]);
}

export function useSetManualRank() {
  return useApiMutation(({ clientId, manualRank }: { clientId: string; manualRank: number | null }) =>
    api.PUT("/api/v1/ces/clients/{resource_id}/manual-rank", { params: { path: { resource_id: clientId } }, body: { manual_rank: manualRank } }),
  [LIST]);
}

export function useSetListStatus() {
  return useApiMutation(({ clientId, status }: { clientId: string; status: ListStatus }) =>
    api.PUT("/api/v1/ces/clients/{resource_id}/status", { params: { path: { resource_id: clientId } }, body: { status } }),
  [LIST]);
}

export function useSweep() {
  return useApiMutation(() => api.POST("/api/v1/ces/sweep"), [REFERRALS, OPENINGS, LIST, NOTICES]);
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
export const DECLINER: Record<Decliner, string> = { client: "the client", provider: "the provider" };
export const RELEASE_CONSENT: Record<string, string> = {
  roi_to_receiving_agency: "A release to the receiving agency (an ROI naming it, or HMIS sharing)",
  none: "None: the CoC-wide consent covers CE referrals",
};
export const LEVEL: Record<string, string> = { program: "Program", funding_source: "Funding source", project: "Project", unit: "Unit or voucher" };
export const REQUIREMENT: Record<string, string> = {
  veteran: "a veteran", chronic: "chronically homeless", disability_verified: "a verified disability", age_over: "older than",
  household_type: "a household of type", income_under_ami: "income under (% of AMI)", seen_within_days: "assessed within (days)",
};
export const HOUSEHOLD_TYPES = ["adult_only", "with_children", "youth", "child_only"];
export const LIST_STATUSES: Record<ListStatus, string> = { active: "on the list", housed: "housed", deceased: "deceased", inactive: "inactive" };
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

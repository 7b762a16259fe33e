// The dependent-field rules a HUD form carries (GET /api/v1/hud/forms/<record>, from hud.fy2026.rules), applied
// to the answers on screen: which fields show, which must be answered, which must stay empty, which options they
// offer; and whom HUD collects each field for (its data element, from hud.fy2026.elements), applied to a member.
import type { components } from "../api/schema";

export type HudField = components["schemas"]["HudField"];
export type HudForm = components["schemas"]["HudForm"];
export type HudElement = components["schemas"]["HudElement"];
export type Answers = Record<string, unknown>;

function holds(rule: HudField["rules"][number], answers: Answers): boolean {
  return rule.parents.some((parent) => {
    const value = answers[parent];
    return value !== undefined && value !== null && value !== "" && rule.answers.includes(Number(value));
  });
}

export interface FieldState {
  shown: boolean;     // every `only` rule holds (a dependent field is asked only when its parent calls for it)
  required: boolean;  // the API needs it, or a `required` rule holds
  empty: boolean;     // an `empty` rule holds: it must be left empty
  why?: string;       // the rule that makes it required or empty, in HUD's words
}

export function fieldState(field: HudField, answers: Answers): FieldState {
  const only = field.rules.filter((rule) => rule.kind === "only");
  const requiredBy = field.rules.find((rule) => rule.kind === "required" && holds(rule, answers));
  const emptyBy = field.rules.find((rule) => rule.kind === "empty" && holds(rule, answers));
  return {
    shown: only.every((rule) => holds(rule, answers)),
    required: field.required || !!requiredBy,
    empty: !!emptyBy,
    why: (emptyBy ?? requiredBy)?.message,
  };
}

// The options a choice offers now: an `options` rule's (another of HUD's lists) while its parent holds, else its own.
export function optionsFor(field: HudField, answers: Answers): components["schemas"]["HudOption"][] {
  const rule = field.rules.find((each) => each.kind === "options" && holds(each, answers));
  return rule?.options ?? field.options ?? [];
}

/** A household member as HUD's "Client(s)" rules see them: the head of household or not, and their age on the record's
 * date (null when their date of birth is not known: then they are asked as an adult, so nothing HUD wants is lost). */
export interface Member {
  head: boolean;
  age: number | null;
}

export function elementOf(field: HudField): HudElement | null {
  const element = field.element as HudElement | null | undefined;
  return element?.number ? element : null;
}

/** Whether HUD collects `field` of `member` at data-collection stage `stage` (a field of no element: always). */
export function collected(field: HudField, stage: number, member: Member): boolean {
  const element = elementOf(field);
  if (!element) return true;
  if (!element.stages.includes(stage)) return false;
  return element.collected_for === "all_clients" || member.head || member.age === null || member.age >= element.adult_age;
}

/** Whole years from `dob` to `on` (both YYYY-MM-DD), or null without a date of birth. */
export function ageOn(dob: string | null | undefined, on: string): number | null {
  if (!dob) return null;
  const [born, day] = [dob.split("-").map(Number), on.split("-").map(Number)];
  const birthdayPassed = day[1] > born[1] || (day[1] === born[1] && day[2] >= born[2]);
  return day[0] - born[0] - (birthdayPassed ? 0 : 1);
}

// The answers as the API takes them: numbers for coded and integer fields, blanks left out.
// `prefix`: the fields' names in a form holding several records (`d5__disability_response`).
export function toBody(fields: HudField[], answers: Answers, prefix = ""): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = answers[prefix + field.name];
    if (value === undefined || value === null || value === "") continue;
    body[field.name] = field.kind === "choice" || field.kind === "integer" ? Number(value) : value;
  }
  return body;
}

// A record as its form shows it: coded answers as the text of their option's value, blanks empty.
export function asAnswers(record: Record<string, unknown>): Answers {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value === null || value === undefined ? "" : String(value)]));
}

// What an edit sends (the API changes only the fields sent): each field whose answer differs from the record's, an
// answer cleared (or hidden by a rule) as null so that it is cleared too. `body` is what HudForm submits.
export function changedAnswers(fields: HudField[], record: Record<string, unknown>, body: Answers): Answers {
  const changes: Answers = {};
  for (const field of fields) {
    const after = body[field.name] ?? null;
    if (String(after ?? "") !== String(record[field.name] ?? "")) changes[field.name] = after;
  }
  return changes;
}

// An answer in words: a coded one as its option's label, none as a dash.
export function answerInWords(field: HudField, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return field.options?.find((option) => option.code === Number(value))?.label ?? String(value);
}

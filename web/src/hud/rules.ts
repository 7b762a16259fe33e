// The dependent-field rules a HUD form carries (GET /api/v1/hud/forms/<record>, from hud.fy2026.rules), applied
// to the answers on screen: which fields show, which must be answered, which must stay empty.
import type { components } from "../api/schema";

export type HudField = components["schemas"]["HudField"];
export type HudForm = components["schemas"]["HudForm"];
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

// The answers as the API takes them: numbers for coded and integer fields, blanks left out.
export function toBody(fields: HudField[], answers: Answers): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = answers[field.name];
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

// What the CES team's editors share: lists edited in place (add, remove, move), numbers typed as text and sent as
// numbers (left empty: null, which the service refuses by name where one is required), and the rule a 422 names for
// each field shown on that field, found by its path (`items.0.options.1.points`, as fieldErrors flattens them).
import type { ReactNode } from "react";
import { Box, Button, FormHelperText, TextField } from "@mui/material";
import { NATIVE } from "./api";

export type Errors = Record<string, string[]>;

export const replaced = <T,>(list: T[], index: number, value: T): T[] => list.map((item, at) => (at === index ? value : item));
export const removed = <T,>(list: T[], index: number): T[] => list.filter((_, at) => at !== index);
export function moved<T>(list: T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}

export const asNumber = (text: string): number | null => (text.trim() === "" ? null : Number(text));
export const asText = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A text field (or a native select, given options as children) with the server's rule for `path` on it. */
export function Field({ label, path, errors, value, onChange, type = "text", helper, select = false, width = 180, children }: {
  label: string; path: string; errors: Errors; value: string; onChange: (value: string) => void; type?: string; helper?: string;
  select?: boolean; width?: number; children?: ReactNode;
}) {
  const rule = errors[path]?.join("; ");
  return (
    <TextField label={label} value={value} type={type} select={select} size="small" margin="dense" sx={{ width, mr: 1 }}
      slotProps={select ? NATIVE : type === "date" ? { inputLabel: { shrink: true } } : undefined}
      error={Boolean(rule)} helperText={rule ?? helper} onChange={(event) => onChange(event.target.value)}>
      {children}
    </TextField>
  );
}

/** The server's rule for a whole list or object (its codes must be unique, say), under its heading. */
export function Rule({ path, errors }: { path: string; errors: Errors }) {
  const rule = errors[path];
  return rule ? <FormHelperText error>{rule.join("; ")}</FormHelperText> : null;
}

/** A fieldset: a group of fields with its legend, which names the group for a screen reader. */
export function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <Box component="fieldset" sx={{ border: 1, borderColor: "divider", borderRadius: 1, p: 1.5, my: 1.5 }}>
      <legend style={{ padding: "0 4px" }}>{legend}</legend>
      {children}
    </Box>
  );
}

export function Remove({ label, onClick }: { label: string; onClick: () => void }) {
  return <Button size="small" color="error" sx={{ mt: 1.5 }} aria-label={label} onClick={onClick}>Remove</Button>;
}

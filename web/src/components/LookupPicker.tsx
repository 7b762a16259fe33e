// One or several things picked by name from what the gateway finds (a user or partner key: GET /principals; the
// agencies a release of information goes to: GET /agencies/names). The gateway is asked once typing pauses, from
// `shortest` characters on, and its matches are offered as they are; several chosen show as chips, each removable.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Autocomplete, TextField } from "@mui/material";
import { ApiError } from "./ApiError";

const PAUSE_MS = 300;

type Choice<T> =
  | { multiple?: false; value: T | null; onChange: (chosen: T | null) => void }
  | { multiple: true; value: T[]; onChange: (chosen: T[]) => void };

export type LookupPickerProps<T extends { id: string }> = Choice<T> & {
  label: string;
  hint: string;                                  // the field's helper text
  lookup: string;                                // the query's key: what is looked up
  find: (typed: string) => Promise<T[]>;
  optionLabel: (option: T) => string;
  shortest: number;
  tooShort: string;                              // said until `shortest` characters are typed
  noneFound: string;
  error?: string;
};

export function LookupPicker<T extends { id: string }>(props: LookupPickerProps<T>) {
  const { label, hint, lookup, find, optionLabel, shortest, tooShort, noneFound, error } = props;
  const [typed, setTyped] = useState("");
  const [asked, setAsked] = useState("");
  useEffect(() => {
    const pause = setTimeout(() => setAsked(typed.trim()), PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  const found = useQuery({ queryKey: [lookup, asked], enabled: asked.length >= shortest, queryFn: () => find(asked) });
  const chosen = new Set(props.multiple ? props.value.map((option) => option.id) : []);
  const common = {
    sx: { minWidth: 360 },
    size: "small" as const,
    inputValue: typed,
    onInputChange: (_: unknown, text: string) => setTyped(text),
    options: asked.length >= shortest ? found.data ?? [] : [],
    filterOptions: (options: T[]) => options.filter((option) => !chosen.has(option.id)),  // the gateway matched them
    getOptionLabel: optionLabel,
    isOptionEqualToValue: (option: T, other: T) => option.id === other.id,
    loading: found.isFetching,
    noOptionsText: typed.trim().length < shortest ? tooShort : found.isFetching ? "Looking…" : noneFound,
    renderInput: (params: object) => (
      <TextField {...params} label={label} error={Boolean(error)} helperText={error ?? hint} />
    ),
  };
  return (
    <>
      {props.multiple
        ? <Autocomplete {...common} multiple value={props.value} onChange={(_, picked) => props.onChange(picked)} />
        : <Autocomplete {...common} value={props.value} onChange={(_, picked) => props.onChange(picked)} />}
      <ApiError error={found.error} />
    </>
  );
}

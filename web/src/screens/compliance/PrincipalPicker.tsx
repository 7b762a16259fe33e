// A user or partner key picked by name (GET /principals: id, kind, name and agency only; docs/security.md, "Naming a
// user in the compliance views"). The gateway is asked once typing pauses, from two characters on; an id pasted (as
// the decision log shows it) finds its user too.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Autocomplete, TextField } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";

export type Principal = components["schemas"]["PrincipalName"];
const PAUSE_MS = 300;
const SHORTEST = 2;

export function principalLabel(principal: Principal): string {
  return `${principal.name} (${principal.kind === "api_key" ? "partner key, " : ""}${principal.agency_name})`;
}

export function PrincipalPicker({ value, onChange, error }: {
  value: Principal | null; onChange: (principal: Principal | null) => void; error?: string;
}) {
  const [typed, setTyped] = useState("");
  const [asked, setAsked] = useState("");
  useEffect(() => {
    const pause = setTimeout(() => setAsked(typed.trim()), PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  const found = useQuery({
    queryKey: ["principals", asked],
    enabled: asked.length >= SHORTEST,
    queryFn: () => unwrap(api.GET("/api/v1/principals", { params: { query: { name: asked } } })),
  });
  return (
    <>
      <Autocomplete
        sx={{ minWidth: 360 }}
        size="small"
        value={value}
        onChange={(_, chosen) => onChange(chosen)}
        inputValue={typed}
        onInputChange={(_, text) => setTyped(text)}
        options={asked.length >= SHORTEST ? found.data ?? [] : []}
        filterOptions={(options) => options}  // the gateway matched them
        getOptionLabel={principalLabel}
        isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
        loading={found.isFetching}
        noOptionsText={typed.trim().length < SHORTEST ? "Type two or more letters of a name, or an id" : found.isFetching ? "Looking…" : "No user or partner key of that name"}
        renderInput={(params) => (
          <TextField {...params} label="User or partner key" error={Boolean(error)}
            helperText={error ?? "Part of a username or a partner key's name, or an id"} />
        )}
      />
      <ApiError error={found.error} />
    </>
  );
}

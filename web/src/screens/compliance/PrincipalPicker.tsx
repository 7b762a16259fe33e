// A user or partner key picked by name (GET /principals: id, kind, name and agency only; docs/security.md, "Naming a
// user in the compliance views"). The gateway is asked once typing pauses, from two characters on; an id pasted (as
// the decision log shows it) finds its user too.
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../api/useApi";
import { LookupPicker } from "../../components/LookupPicker";

export type Principal = components["schemas"]["PrincipalName"];

export function principalLabel(principal: Principal): string {
  return `${principal.name} (${principal.kind === "api_key" ? "partner key, " : ""}${principal.agency_name})`;
}

export function PrincipalPicker({ value, onChange, error }: {
  value: Principal | null; onChange: (principal: Principal | null) => void; error?: string;
}) {
  return (
    <LookupPicker<Principal>
      value={value} onChange={onChange} error={error}
      label="User or partner key" hint="Part of a username or a partner key's name, or an id" lookup="principals"
      find={(name) => unwrap(api.GET("/api/v1/principals", { params: { query: { name } } }))}
      optionLabel={principalLabel} shortest={2}
      tooShort="Type two or more letters of a name, or an id" noneFound="No user or partner key of that name" />
  );
}

// The agencies a release of information goes to, picked by name (GET /agencies/names: each active agency's id and name
// only; docs/security.md, "Naming the agencies a release goes to"): several may be chosen, each shown as a chip that
// can be removed. A case worker may not list agencies (agencies:read), only look them up by name.
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../api/useApi";
import { LookupPicker } from "../../components/LookupPicker";

export type AgencyName = components["schemas"]["AgencyName"];

export function AgencyPicker({ value, onChange, error }: {
  value: AgencyName[]; onChange: (agencies: AgencyName[]) => void; error?: string;
}) {
  return (
    <LookupPicker<AgencyName>
      multiple value={value} onChange={onChange} error={error}
      label="Agencies released to" hint="Type part of an agency's name; choose each agency the client releases to"
      lookup="agency-names"
      find={(name) => unwrap(api.GET("/api/v1/agencies/names", { params: { query: { name } } }))}
      optionLabel={(agency) => agency.name} shortest={1}
      tooShort="Type part of an agency's name" noneFound="No active agency of that name" />
  );
}

// The agencies a release of information goes to, picked by name (GET /agencies/names: each active agency's id and name
// only; docs/security.md, "Naming the agencies a release goes to"): several may be chosen, each shown as a chip that
// can be removed. A case worker may not list agencies (agencies:read), only look them up by name; the agencies a
// consent on file was released to are named by looking each id up the same way.
import { useQueries } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../api/useApi";
import { LookupPicker } from "../../components/LookupPicker";

export type AgencyName = components["schemas"]["AgencyName"];

const LOOKUP = "agency-names";

function findAgencies(name: string): Promise<AgencyName[]> {
  return unwrap(api.GET("/api/v1/agencies/names", { params: { query: { name } } }));
}

/** Each id's agency name, or the id itself while it is asked and for an agency no longer active (the route answers
 * active agencies only). */
export function useAgencyNames(ids: string[]): string[] {
  const found = useQueries({ queries: ids.map((id) => ({ queryKey: [LOOKUP, id], queryFn: () => findAgencies(id) })) });
  return ids.map((id, index) => found[index].data?.find((agency) => agency.id === id)?.name ?? id);
}

export function AgencyPicker({ value, onChange, error }: {
  value: AgencyName[]; onChange: (agencies: AgencyName[]) => void; error?: string;
}) {
  return (
    <LookupPicker<AgencyName>
      multiple value={value} onChange={onChange} error={error}
      label="Agencies released to" hint="Type part of an agency's name; choose each agency the client releases to"
      lookup={LOOKUP} find={findAgencies}
      optionLabel={(agency) => agency.name} shortest={1}
      tooShort="Type part of an agency's name" noneFound="No active agency of that name" />
  );
}

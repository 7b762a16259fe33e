// Audit rows of client-data access as a compliance officer reads them.
import type { components } from "../../api/schema";
import { DataTable, when } from "../parts";

export type Access = components["schemas"]["Access"];

export function AccessTable({ caption, rows }: { caption: string; rows: Access[] | undefined }) {
  return (
    <DataTable caption={caption} rows={rows} rowKey={(row) => `${row.source}-${row.id}`} columns={[
      { label: "When", cell: (row) => when(row.occurred_at) },
      { label: "Who", cell: (row) => row.principal_name ?? row.operator ?? row.principal_id ?? "—" },
      { label: "Agency", cell: (row) => row.agency_name ?? "—" },
      { label: "Client", cell: (row) => row.client_id?.slice(0, 8) },
      { label: "Action", cell: (row) => row.action },
      { label: "Purpose", cell: (row) => row.purpose ?? "—" },
      { label: "Break glass", cell: (row) => row.break_glass_reason?.replaceAll("_", " ") ?? "—" },
      { label: "Consent", cell: (row) => (row.consent_id ? `${row.consent_start ?? "?"} to ${row.consent_end ?? "open"}${row.consent_revoked_on ? `, revoked ${row.consent_revoked_on}` : ""}` : "own agency") },
      { label: "Outcome", cell: (row) => row.outcome },
    ]} />
  );
}

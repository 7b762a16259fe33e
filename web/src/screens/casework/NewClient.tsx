// Intake of a new client: HUD's universal data elements (3.01-3.07) with their data-quality codes, rendered from
// the Client form of the HUD catalogue; reached only from a search, whose criteria it starts from.
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { Alert, Typography } from "@mui/material";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { HudForm } from "../../hud/HudForm";
import type { Criteria } from "./ClientSearch";

export function NewClient() {
  const navigate = useNavigate();
  const searched = useLocation().state as Partial<Criteria> | null;
  const create = useApiMutation((body: Record<string, unknown>) => api.POST("/api/v1/clients", { body: body as never }));
  if (!searched) return <Navigate to="/clients" replace />;  // create only after a search
  const submit = (body: Record<string, unknown>) =>
    create.mutate(body, { onSuccess: (client) => navigate(`/clients/${client.id}`) });
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>New client: intake</Typography>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 560 }}>
        No match was chosen for your search. Record HUD's universal data elements; answer each data-quality question.
      </Alert>
      <HudForm record="Client" submitLabel="Save the client" onSubmit={submit} pending={create.isPending}
        error={create.error} defaults={{ first_name: searched.first_name ?? "", last_name: searched.last_name ?? "",
          dob: searched.dob ?? "" }} />
    </>
  );
}

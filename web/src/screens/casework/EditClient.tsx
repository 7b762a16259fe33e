// The client's intake answers, changed through the same HUD form (only the fields changed are sent). Reached from a
// data-quality finding (?field=, HUD's CSV name of the field), it names the field in words and puts the focus on it.
import { useEffect } from "react";
import { useLocation } from "react-router-dom";
import { Alert, Typography } from "@mui/material";
import { HudForm, useHudForm } from "../../hud/HudForm";
import { asAnswers } from "../../hud/rules";
import { useUpdateClient, type Client } from "./api";

export function EditClient({ client }: { client: Client }) {
  const update = useUpdateClient(client.id);
  const field = new URLSearchParams(useLocation().search).get("field");
  const definition = useHudForm("Client");  // the form's own definition (one read, shared with HudForm)
  const target = definition.data?.fields.find((each) => each.hud_name === field || each.name === field);
  useEffect(() => {
    if (target) document.getElementById(`hud-${target.name}`)?.focus();
  }, [target]);
  return (
    <>
      <Typography variant="h5" component="h2" gutterBottom>Intake answers</Typography>
      {field && <Alert severity="warning" sx={{ mb: 2, maxWidth: 560 }}>A data-quality finding is about {target?.label ?? field}: correct it below.</Alert>}
      {update.isSuccess && <Alert severity="success" sx={{ mb: 2, maxWidth: 560 }}>Saved.</Alert>}
      <HudForm record="Client" submitLabel="Save the answers" defaults={asAnswers(client)}
        onSubmit={(body) => update.mutate(body)} pending={update.isPending} error={update.error} />
    </>
  );
}

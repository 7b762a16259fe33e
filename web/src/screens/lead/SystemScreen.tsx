// The services' health for the HMIS lead: whether the gateway answers (/health), whether its database, the broker
// and the policy engine do (/ready), and each service's schema revision and events not yet published.
import { useQuery } from "@tanstack/react-query";
import { Box, Button, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Heading, Section } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

export function SystemScreen() {
  const health = useQuery({ queryKey: ["health"], queryFn: () => unwrap(api.GET("/health")) });
  // /ready answers 503 with the same body when something is down: read it either way.
  const ready = useQuery({ queryKey: ["ready"], queryFn: async () => {
    const { data, error } = await api.GET("/ready");
    return (data ?? error) as Readiness;
  } });
  const services = useQuery({ queryKey: ["system-services"], queryFn: () => unwrap(api.GET("/api/v1/system/services")) });
  const again = () => Promise.all([health.refetch(), ready.refetch(), services.refetch()]);
  const checks = Object.entries(ready.data?.checks ?? {});
  return (
    <Box>
      <Heading>Services' health</Heading>
      <ApiError error={services.error} />
      <Button variant="outlined" onClick={again}>Check again</Button>
      <Section title="Gateway">
        <Typography role="status">
          {health.isError ? "The gateway does not answer." : health.data ? `The gateway answers (${health.data.status}).` : "Asking…"}
          {ready.data && (ready.data.status === "ready" ? " Everything it depends on answers." : " Something it depends on does not answer.")}
        </Typography>
        <DataTable caption="What the gateway depends on" rows={ready.data ? checks : undefined} rowKey={([name]) => name} columns={[
          { label: "Dependency", cell: ([name]) => name.replaceAll("_", " ") },
          { label: "State", cell: ([, state]) => (state === "ok" ? "ok" : `failing: ${state}`) },
        ]} />
      </Section>
      <Section title="Services">
        <DataTable caption="Services behind the gateway" rows={services.data} rowKey={(service) => service.service} columns={[
          { label: "Service", cell: (service) => service.service },
          { label: "Schema revision", cell: (service) => service.schema_revision ?? "none" },
          { label: "Events not yet published", cell: (service) => service.outbox_backlog },
        ]} />
      </Section>
    </Box>
  );
}

type Readiness = components["schemas"]["Readiness"];

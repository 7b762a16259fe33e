// The audit trail's integrity: each audited service's hash chain checked on request (it reads the whole trail),
// as `hmis audit verify` does, saying how many rows are intact and where the first broken one is.
import { useQuery } from "@tanstack/react-query";
import { Alert, Box, Button, Typography } from "@mui/material";
import { api } from "../../api/client";
import { DataTable, Heading } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

export function AuditStatusScreen() {
  const verification = useQuery({
    queryKey: ["audit", "verification"],
    enabled: false,
    queryFn: () => unwrap(api.GET("/api/v1/audit/verification")),
  });
  const chains = verification.data;
  return (
    <Box>
      <Heading>Audit trail verification</Heading>
      <Typography sx={{ mb: 1 }}>Every read or write of client data leaves a hash-chained row under a signed head. Checking reads every row, so it takes a while on a large trail.</Typography>
      <Button variant="contained" onClick={() => verification.refetch()} disabled={verification.isFetching}>
        {verification.isFetching ? "Checking…" : "Verify now"}
      </Button>
      <ApiError error={verification.error} />
      {chains && (
        <Alert severity={chains.every((chain) => chain.intact) ? "success" : "error"} role="status" sx={{ my: 2 }}>
          {chains.every((chain) => chain.intact) ? "Every chain is intact." : "A chain is broken: see below, and tell the security officer."}
        </Alert>
      )}
      <DataTable caption="Audit chains" rows={chains} rowKey={(chain) => chain.source ?? ""} columns={[
        { label: "Service", cell: (chain) => chain.source },
        { label: "Rows intact", cell: (chain) => chain.rows },
        { label: "Chain", cell: (chain) => (chain.intact ? "intact" : `broken at row ${chain.broken_row}`) },
        { label: "Problem", cell: (chain) => chain.problem ?? "—" },
      ]} />
    </Box>
  );
}

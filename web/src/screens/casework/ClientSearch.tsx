// Search before create: partial names, date of birth, SSN's last four; "Add a new client" appears only once a
// search has been made (so the case worker has looked for the person first), carrying what was searched.
import { useState } from "react";
import { Link as RouterLink, useNavigate } from "react-router-dom";
import { Alert, Box, Button, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useForm } from "react-hook-form";
import { api } from "../../api/client";
import { useApiMutation } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { useCan } from "../../auth/permissions";
import { personName, type Candidate } from "./api";

export interface Criteria {
  first_name: string;
  last_name: string;
  dob: string;
  ssn_last4: string;
}

const EMPTY: Criteria = { first_name: "", last_name: "", dob: "", ssn_last4: "" };

export function filled(criteria: Criteria): Partial<Criteria> {
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value.trim() !== "").map(([k, v]) => [k, v.trim()]));
}

interface Props {
  onPick?: (candidate: Candidate) => void;   // pick a client (adding a household member) instead of opening them
  allowCreate?: boolean;
}

export function ClientSearch({ onPick, allowCreate = true }: Props) {
  const navigate = useNavigate();
  const mayCreate = useCan("clients:create").allow && allowCreate;
  const [searched, setSearched] = useState<Partial<Criteria> | null>(null);
  const { register, handleSubmit, formState: { errors } } = useForm<Criteria>({ defaultValues: EMPTY });
  const search = useApiMutation((criteria: Partial<Criteria>) => api.POST("/api/v1/clients/search", { body: { ...criteria, limit: 20 } }));
  const run = (criteria: Criteria) => {
    const asked = filled(criteria);
    setSearched(asked);
    search.mutate(asked);
  };
  return (
    <Stack spacing={2}>
      <Box component="form" noValidate onSubmit={handleSubmit(run)} aria-label="Search for a client">
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} alignItems="flex-start">
          <TextField label="First name" {...register("first_name")} helperText="Part of a name is enough" />
          <TextField label="Last name" {...register("last_name")} />
          <TextField label="Date of birth" type="date" slotProps={{ inputLabel: { shrink: true } }} {...register("dob")} />
          <TextField label="SSN last four" slotProps={{ htmlInput: { inputMode: "numeric", maxLength: 4 } }}
            error={!!errors.ssn_last4} helperText={errors.ssn_last4?.message}
            {...register("ssn_last4", { pattern: { value: /^\d{4}$/, message: "Four digits" } })} />
          <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={search.isPending}>Search</Button>
        </Stack>
      </Box>
      <ApiError error={search.error} />
      {search.data && (
        search.data.length === 0
          ? <Alert severity="info">No client of your agency matches. Check the spelling, or add them as a new client.</Alert>
          : <Results candidates={search.data} onPick={onPick} />
      )}
      {mayCreate && searched && search.isSuccess && (
        <Box>
          <Typography sx={{ mb: 1 }}>Not the person you are looking for?</Typography>
          <Button variant="outlined" onClick={() => navigate("/clients/new", { state: searched })}>Add a new client</Button>
        </Box>
      )}
    </Stack>
  );
}

function Results({ candidates, onPick }: { candidates: Candidate[]; onPick?: (candidate: Candidate) => void }) {
  return (
    <Table size="small" aria-label="Matching clients">
      <TableHead>
        <TableRow><TableCell>Name</TableCell><TableCell>Date of birth</TableCell><TableCell>Match</TableCell><TableCell>Matched on</TableCell><TableCell /></TableRow>
      </TableHead>
      <TableBody>
        {candidates.map((candidate) => (
          <TableRow key={candidate.id}>
            <TableCell>{personName(candidate)}</TableCell>
            <TableCell>{candidate.dob ?? "—"}</TableCell>
            <TableCell>{Math.round(candidate.score * 100)}%</TableCell>
            <TableCell>{candidate.matched_on.join(", ").replace(/_/g, " ")}</TableCell>
            <TableCell>
              {onPick
                ? <Button size="small" onClick={() => onPick(candidate)}>Add {personName(candidate)}</Button>
                : <Link component={RouterLink} to={`/clients/${candidate.id}`}>Open {personName(candidate)}</Link>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ClientSearchScreen() {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>Find a client</Typography>
      <Typography sx={{ mb: 2 }}>Search before you add anyone, so one person has one record.</Typography>
      <ClientSearch />
    </>
  );
}

// Eligibility requirements (docs/ces.md, "Eligibility"), for the CES team: each attached to a program, a funding
// source, a project or a unit (an opening inherits those of all four, ANDed), saying must or must not of one fact
// about the client, with a value when the fact takes one. A requirement is added or removed, never edited; referrals
// keep a snapshot of those they were matched under. A refusal is shown on its field.
import { useState } from "react";
import { Box, Button } from "@mui/material";
import { fieldErrors } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section, when } from "../parts";
import {
  HOUSEHOLD_TYPES, LEVEL, REQUIREMENT, shown, useAddRequirement, useRemoveRequirement, useRequirements, type Requirement,
  type RequirementCreate,
} from "./api";
import { Field, asNumber } from "./editing";

// The facts a requirement tests that take a value: a number, or (household type) a code.
const NUMBERS = ["age_over", "income_under_ami", "seen_within_days"];
const TARGET_HELP: Record<string, string> = {
  program: "The program's code, e.g. coc_psh", funding_source: "The funding source's code, e.g. hud_coc",
  project: "The project's HUD ID", unit: "The unit or voucher, as openings name it",
};

export function said(requirement: Pick<Requirement, "rule" | "attribute" | "value">): string {
  const value = requirement.value === null || requirement.value === undefined ? "" : ` ${shown(requirement.value)}`;
  return `${requirement.rule === "must_not" ? "must not be" : "must be"} ${REQUIREMENT[requirement.attribute ?? ""] ?? requirement.attribute}${value}`;
}

export function Requirements() {
  const requirements = useRequirements();
  const remove = useRemoveRequirement();
  return (
    <Box>
      <Heading>Eligibility requirements</Heading>
      <ApiError error={requirements.error ?? remove.error} />
      <DataTable caption="Requirements" rows={requirements.data} rowKey={(requirement) => requirement.id ?? ""} columns={[
        { label: "Level", cell: (requirement) => LEVEL[requirement.level ?? ""] ?? requirement.level },
        { label: "Of", cell: (requirement) => requirement.target },
        { label: "The client", cell: said },
        { label: "Added", cell: (requirement) => when(requirement.created_at) },
        { label: "Remove", cell: (requirement) => (
          <Button size="small" color="error" disabled={remove.isPending} onClick={() => remove.mutate(requirement.id ?? "")}
            aria-label={`Remove: ${LEVEL[requirement.level ?? ""]} ${requirement.target}, ${said(requirement)}`}>
            Remove
          </Button>
        ) },
      ]} />
      <NewRequirement />
    </Box>
  );
}

function NewRequirement() {
  const [level, setLevel] = useState("program");
  const [target, setTarget] = useState("");
  const [attribute, setAttribute] = useState("veteran");
  const [rule, setRule] = useState("must");
  const [value, setValue] = useState("");
  const [added, setAdded] = useState<string>();
  const add = useAddRequirement();
  const errors = fieldErrors(add.error);
  const takes = NUMBERS.includes(attribute) ? "number" : attribute === "household_type" ? "code" : null;
  const body = {
    level, target: target.trim(), attribute, rule, value: takes === "number" ? asNumber(value) : takes === "code" ? value || null : null,
  } as RequirementCreate;
  return (
    <Section title="Add a requirement">
      <Box component="form" aria-label="Add a requirement" noValidate onSubmit={(event) => {
        event.preventDefault();
        setAdded(undefined);
        add.mutate(body, { onSuccess: (made) => { setTarget(""); setValue(""); setAdded(`Added: ${LEVEL[made.level ?? ""]} ${made.target}, ${said(made)}.`); } });
      }}>
        <Field label="Level" path="level" errors={errors} select value={level} onChange={setLevel}>
          {Object.entries(LEVEL).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </Field>
        <Field label="Of" path="target" errors={errors} value={target} onChange={setTarget} width={260} helper={TARGET_HELP[level]} />
        <Field label="The client" path="rule" errors={errors} select value={rule} onChange={setRule} width={150}>
          <option value="must">must be</option>
          <option value="must_not">must not be</option>
        </Field>
        <Field label="What" path="attribute" errors={errors} select value={attribute} width={240}
          onChange={(changed) => { setAttribute(changed); setValue(""); }}>
          {Object.entries(REQUIREMENT).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </Field>
        {takes === "number" && <Field label="Value" path="value" errors={errors} type="number" value={value} onChange={setValue} width={120} />}
        {takes === "code" && (
          <Field label="Value" path="value" errors={errors} select value={value} onChange={setValue}>
            <option value="">Choose a household type</option>
            {HOUSEHOLD_TYPES.map((household) => <option key={household} value={household}>{shown(household)}</option>)}
          </Field>
        )}
        <Button type="submit" variant="contained" sx={{ mt: 1.5 }} disabled={add.isPending}>Add requirement</Button>
        <ApiError error={add.error} />
        {added && <Box role="status" sx={{ my: 1 }}>{added}</Box>}
      </Box>
    </Section>
  );
}

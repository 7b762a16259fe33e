// The community's assessment instruments (docs/ces.md, "Instruments and scoring"), for the CES team: every version,
// and a new version, of an instrument or of a new one: its items (the question, a weight, answer options with their
// points), its bands (from a minimum score, a band and the recommendation it gives) and the date it takes effect. No
// version is ever changed; an assessment names the version it used. The service checks the rules and a refusal is
// shown on the field it names.
import { useState } from "react";
import { Box, Button, Stack, Typography } from "@mui/material";
import { fieldErrors } from "../../api/useApi";
import { ApiError } from "../../components/ApiError";
import { DataTable, Heading, Section } from "../parts";
import { useAddInstrument, useInstruments, type Instrument, type InstrumentCreate } from "./api";
import { Field, Group, Remove, Rule, asNumber, asText, removed, replaced, today, type Errors } from "./editing";

interface OptionDraft { code: string; label: string; points: string }
interface ItemDraft { code: string; question: string; group: string; weight: string; options: OptionDraft[] }
interface BandDraft { min_score: string; band: string; recommendation: string }
interface Draft { code: string; name: string; effective_from: string; items: ItemDraft[]; bands: BandDraft[] }

const NEW_OPTION: OptionDraft = { code: "", label: "", points: "0" };
const NEW_ITEM: ItemDraft = { code: "", question: "", group: "", weight: "1", options: [NEW_OPTION] };
const NEW_BAND: BandDraft = { min_score: "", band: "", recommendation: "" };
const blank = (): Draft => ({ code: "", name: "", effective_from: today(), items: [NEW_ITEM], bands: [NEW_BAND] });

/** A draft of the next version of `instrument`, in effect from today. */
function draftOf(instrument: Instrument): Draft {
  return {
    code: instrument.code, name: instrument.name, effective_from: today(),
    items: instrument.items.map((item) => ({
      code: item.code, question: item.question, group: item.group ?? "", weight: asText(item.weight ?? 1),
      options: item.options.map((option) => ({ code: option.code, label: option.label, points: asText(option.points) })),
    })),
    bands: instrument.bands.map((band) => ({ min_score: asText(band.min_score), band: band.band, recommendation: band.recommendation })),
  };
}

function bodyOf(draft: Draft): InstrumentCreate {
  return {
    code: draft.code.trim(), name: draft.name.trim(), effective_from: draft.effective_from,
    items: draft.items.map((item) => ({
      code: item.code.trim(), question: item.question.trim(), group: item.group.trim() || null, weight: asNumber(item.weight),
      options: item.options.map((option) => ({ code: option.code.trim(), label: option.label.trim(), points: asNumber(option.points) })),
    })),
    bands: draft.bands.map((band) => ({ min_score: asNumber(band.min_score), band: band.band.trim(), recommendation: band.recommendation.trim() })),
  } as InstrumentCreate;  // a number left empty goes as null: the service names the field
}

/** The newest version of each instrument. */
function newest(all: Instrument[]): Instrument[] {
  const byCode = new Map<string, Instrument>();
  for (const instrument of all) {
    const known = byCode.get(instrument.code);
    if (!known || known.version < instrument.version) byCode.set(instrument.code, instrument);
  }
  return [...byCode.values()];
}

export function Instruments() {
  const instruments = useInstruments();
  return (
    <Box>
      <Heading>Instruments</Heading>
      <ApiError error={instruments.error} />
      <DataTable caption="Instruments" rows={instruments.data} rowKey={(instrument) => instrument.id} columns={[
        { label: "Code", cell: (instrument) => instrument.code },
        { label: "Version", cell: (instrument) => instrument.version },
        { label: "Name", cell: (instrument) => instrument.name },
        { label: "In effect from", cell: (instrument) => instrument.effective_from },
        { label: "Items", cell: (instrument) => instrument.items.length },
        { label: "Bands", cell: (instrument) => instrument.bands.map((band) => `${band.band} from ${band.min_score}: ${band.recommendation}`).join("; ") },
      ]} />
      {instruments.data && <Editor instruments={newest(instruments.data)} />}
    </Box>
  );
}

function Editor({ instruments }: { instruments: Instrument[] }) {
  const [from, setFrom] = useState("");
  const [draft, setDraft] = useState<Draft>(blank);
  const [saved, setSaved] = useState<string>();
  const add = useAddInstrument();
  const errors = fieldErrors(add.error);
  const start = (code: string) => {
    setFrom(code);
    const instrument = instruments.find((candidate) => candidate.code === code);
    setDraft(instrument ? draftOf(instrument) : blank());
  };
  const item = (index: number, changes: Partial<ItemDraft>) =>
    setDraft({ ...draft, items: replaced(draft.items, index, { ...draft.items[index], ...changes }) });
  return (
    <Section title="A new version">
      <Box component="form" aria-label="New instrument version" noValidate onSubmit={(event) => {
        event.preventDefault();
        setSaved(undefined);
        add.mutate(bodyOf(draft), { onSuccess: (made) => setSaved(`Saved ${made.code} version ${made.version}, in effect from ${made.effective_from}.`) });
      }}>
        <Field label="Start from" path="" errors={{}} value={from} onChange={start} select width={260}
          helper="The newest version of an instrument, or a new one">
          <option value="">A new instrument</option>
          {instruments.map((instrument) => (
            <option key={instrument.code} value={instrument.code}>{instrument.code} (version {instrument.version})</option>
          ))}
        </Field>
        <Box>
          <Field label="Code" path="code" errors={errors} value={draft.code} onChange={(code) => setDraft({ ...draft, code })}
            helper="The same code makes a new version" />
          <Field label="Name" path="name" errors={errors} value={draft.name} width={320} onChange={(name) => setDraft({ ...draft, name })} />
          <Field label="In effect from" path="effective_from" errors={errors} type="date" value={draft.effective_from}
            onChange={(effective) => setDraft({ ...draft, effective_from: effective })} />
        </Box>
        <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>Items</Typography>
        <Rule path="items" errors={errors} />
        {draft.items.map((current, index) => (
          <ItemEditor key={index} index={index} item={current} errors={errors} onChange={(changes) => item(index, changes)}
            onRemove={() => setDraft({ ...draft, items: removed(draft.items, index) })} />
        ))}
        <Button size="small" onClick={() => setDraft({ ...draft, items: [...draft.items, NEW_ITEM] })}>Add an item</Button>
        <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>Bands</Typography>
        <Typography variant="body2">A score falls in the band with the highest minimum at or below it.</Typography>
        <Rule path="bands" errors={errors} />
        {draft.bands.map((band, index) => (
          <Group key={index} legend={`Band ${index + 1}`}>
            <Field label="Minimum score" path={`bands.${index}.min_score`} errors={errors} type="number" value={band.min_score} width={140}
              onChange={(min) => setDraft({ ...draft, bands: replaced(draft.bands, index, { ...band, min_score: min }) })} />
            <Field label="Band" path={`bands.${index}.band`} errors={errors} value={band.band}
              onChange={(name) => setDraft({ ...draft, bands: replaced(draft.bands, index, { ...band, band: name }) })} />
            <Field label="Recommendation" path={`bands.${index}.recommendation`} errors={errors} value={band.recommendation}
              helper="e.g. diversion, rrh, psh"
              onChange={(recommendation) => setDraft({ ...draft, bands: replaced(draft.bands, index, { ...band, recommendation }) })} />
            <Remove label={`Remove band ${index + 1}`} onClick={() => setDraft({ ...draft, bands: removed(draft.bands, index) })} />
          </Group>
        ))}
        <Button size="small" onClick={() => setDraft({ ...draft, bands: [...draft.bands, NEW_BAND] })}>Add a band</Button>
        <ApiError error={add.error} />
        {saved && <Box role="status" sx={{ my: 1 }}>{saved}</Box>}
        <Stack direction="row" sx={{ mt: 2 }}>
          <Button type="submit" variant="contained" disabled={add.isPending}>Save the new version</Button>
        </Stack>
      </Box>
    </Section>
  );
}

function ItemEditor({ index, item, errors, onChange, onRemove }: {
  index: number; item: ItemDraft; errors: Errors; onChange: (changes: Partial<ItemDraft>) => void; onRemove: () => void;
}) {
  const path = `items.${index}`;
  const option = (at: number, changes: Partial<OptionDraft>) =>
    onChange({ options: replaced(item.options, at, { ...item.options[at], ...changes }) });
  return (
    <Group legend={`Item ${index + 1}`}>
      <Field label="Code" path={`${path}.code`} errors={errors} value={item.code} onChange={(code) => onChange({ code })} />
      <Field label="Question" path={`${path}.question`} errors={errors} value={item.question} width={360}
        onChange={(question) => onChange({ question })} />
      <Field label="Group" path={`${path}.group`} errors={errors} value={item.group} helper="Optional"
        onChange={(group) => onChange({ group })} />
      <Field label="Weight" path={`${path}.weight`} errors={errors} type="number" value={item.weight} width={100}
        helper="0 to 100" onChange={(weight) => onChange({ weight })} />
      <Remove label={`Remove item ${index + 1}`} onClick={onRemove} />
      <Rule path={`${path}.options`} errors={errors} />
      {item.options.map((current, at) => (
        <Group key={at} legend={`Item ${index + 1}, option ${at + 1}`}>
          <Field label="Code" path={`${path}.options.${at}.code`} errors={errors} value={current.code} width={140}
            onChange={(code) => option(at, { code })} />
          <Field label="Label" path={`${path}.options.${at}.label`} errors={errors} value={current.label} width={240}
            onChange={(label) => option(at, { label })} />
          <Field label="Points" path={`${path}.options.${at}.points`} errors={errors} type="number" value={current.points} width={100}
            onChange={(points) => option(at, { points })} />
          <Remove label={`Remove option ${at + 1} of item ${index + 1}`} onClick={() => onChange({ options: removed(item.options, at) })} />
        </Group>
      ))}
      <Button size="small" onClick={() => onChange({ options: [...item.options, NEW_OPTION] })}>Add an option to item {index + 1}</Button>
    </Group>
  );
}

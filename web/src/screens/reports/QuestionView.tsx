// One question of a report run as HUD's table: row labels, value columns, shaded cells; a cell with people behind
// it is a button that lists them (HUD ids, and names where the user may read the client).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from "@mui/material";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { DataTable, Section } from "../parts";
import { ApiError } from "../../components/ApiError";
import { reasonInWords } from "../../components/reasons";
import { unwrap } from "../../api/useApi";
import { useCan } from "../../auth/permissions";

type Question = components["schemas"]["ReportQuestion"];
type Cell = components["schemas"]["ReportCell"];

export function QuestionView({ runId, questionId }: { runId: string; questionId: string }) {
  const mayDrill = useCan("reports:drill_down").allow;
  const question = useQuery({
    queryKey: ["report-run", runId, "question", questionId],
    queryFn: () => unwrap(api.GET("/api/v1/report-runs/{resource_id}/questions/{question_id}", { params: { path: { resource_id: runId, question_id: questionId } } })),
  });
  const [cell, setCell] = useState<Cell>();
  if (!question.data) return <ApiError error={question.error} />;
  return (
    <Box>
      <QuestionTable question={question.data} onDrill={mayDrill ? setCell : undefined} />
      <Chart question={question.data} />
      {cell && <Members runId={runId} question={question.data} cell={cell} />}
    </Box>
  );
}

export function QuestionTable({ question, onDrill }: { question: Question; onDrill?: (cell: Cell) => void }) {
  const at = new Map(question.cells.map((cell) => [`${cell.row}:${cell.column}`, cell]));
  return (
    <TableContainer tabIndex={0} role="region" aria-label={`${question.id} table, scrolls sideways`}>
      <Table size="small" aria-label={`${question.id}: ${question.title}`}>
        <TableHead>
          <TableRow>{question.columns.map((label, index) => <TableCell key={index} component="th" scope="col">{label}</TableCell>)}</TableRow>
        </TableHead>
        <TableBody>
          {question.rows.map((label, row) => (
            <TableRow key={row}>
              <TableCell component="th" scope="row">{label}</TableCell>
              {question.columns.slice(1).map((column, index) => {
                const cell = at.get(`${row + 1}:${index + 1}`);
                const shown = cell?.text ?? cell?.value ?? "";
                return (
                  <TableCell key={index} sx={cell?.shaded ? { bgcolor: "grey.300" } : undefined}>
                    {onDrill && cell && (cell.members ?? 0) > 0
                      ? <Button size="small" onClick={() => onDrill(cell)} aria-label={`${shown}: people behind ${label}, ${column}`}>{shown}</Button>
                      : shown}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** A bar per row of the first value column, when it holds numbers: a glance before the reading. */
export function Chart({ question }: { question: Question }) {
  const bars = question.rows.map((label, row) => {
    const cell = question.cells.find((candidate) => candidate.row === row + 1 && candidate.column === 1);
    return { label, value: cell && !cell.shaded && cell.value !== null && cell.value !== undefined ? Number(cell.value) : NaN };
  }).filter((bar) => Number.isFinite(bar.value) && !/total/i.test(bar.label));
  const top = Math.max(0, ...bars.map((bar) => bar.value));
  if (bars.length < 2 || top === 0) return null;
  return (
    <figure style={{ margin: "16px 0" }}>
      <figcaption><Typography variant="subtitle2" component="span">{question.columns[1]} by {question.columns[0] || "row"}</Typography></figcaption>
      {bars.map((bar) => (
        <Box key={bar.label} sx={{ display: "flex", alignItems: "center", gap: 1, my: 0.5 }}>
          <Typography sx={{ width: 280, flexShrink: 0 }} variant="body2">{bar.label}</Typography>
          <Box aria-hidden sx={{ height: 14, width: `${(bar.value / top) * 50}%`, bgcolor: "primary.main" }} />
          <Typography variant="body2">{bar.value}</Typography>
        </Box>
      ))}
    </figure>
  );
}

function Members({ runId, question, cell }: { runId: string; question: Question; cell: Cell }) {
  const [page, setPage] = useState(1);
  const members = useQuery({
    queryKey: ["report-run", runId, "members", question.id, cell.row, cell.column, page],
    queryFn: () => unwrap(api.GET("/api/v1/report-runs/{resource_id}/questions/{question_id}/cells/{row}/{column}/members/names", {
      params: { path: { resource_id: runId, question_id: question.id, row: String(cell.row), column: String(cell.column) }, query: { page, per_page: 50 } },
    })),
  });
  return (
    <Section title={`People behind ${question.rows[cell.row - 1]}, ${question.columns[cell.column]}`}>
      <ApiError error={members.error} />
      {members.data && <Typography>{members.data.total} people you may see; page {members.data.page} of {Math.max(1, members.data.pages)}.</Typography>}
      <DataTable caption="People behind the cell" rows={members.data?.members} rowKey={(member) => `${member.member_no}-${member.enrollment_id}`} columns={[
        { label: "Name", cell: (member) => (member.first_name || member.last_name ? `${member.first_name ?? ""} ${member.last_name ?? ""}`.trim()
          : `withheld${member.name_withheld?.length ? `: ${member.name_withheld.map(reasonInWords).join("; ")}` : ""}`) },
        { label: "PersonalID", cell: (member) => member.personal_id },
        { label: "EnrollmentID", cell: (member) => member.enrollment_id ?? "—" },
        { label: "HouseholdID", cell: (member) => member.household_id ?? "—" },
        { label: "ProjectID", cell: (member) => member.project_id ?? "—" },
      ]} />
      {members.data && members.data.pages > 1 && (
        <Box sx={{ display: "flex", gap: 1 }}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous page</Button>
          <Button disabled={page >= members.data.pages} onClick={() => setPage(page + 1)}>Next page</Button>
        </Box>
      )}
    </Section>
  );
}

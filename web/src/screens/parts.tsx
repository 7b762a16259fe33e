// What the role screens share: headings, a plain table, a download link (the session cookie goes with it, so a CSV
// or a zip needs no script) and times in the user's locale.
import type { ReactNode } from "react";
import { Link, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from "@mui/material";

export function Heading({ children }: { children: ReactNode }) {
  return <Typography variant="h5" component="h1" gutterBottom>{children}</Typography>;
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ marginTop: 24 }}>
      <Typography variant="h6" component="h2" gutterBottom>{title}</Typography>
      {children}
    </section>
  );
}

export interface Column<Row> {
  label: string;
  cell: (row: Row) => ReactNode;
}

/** A table of rows with a caption for screen readers; "none" when empty. */
export function DataTable<Row>({ caption, columns, rows, rowKey }: {
  caption: string; columns: Column<Row>[]; rows: Row[] | undefined; rowKey: (row: Row, index: number) => string;
}) {
  if (!rows) return null;
  if (rows.length === 0) return <Typography sx={{ my: 1 }}>None.</Typography>;
  return (
    <TableContainer>
      <Table size="small" aria-label={caption}>
        <TableHead>
          <TableRow>{columns.map((column) => <TableCell key={column.label} component="th" scope="col">{column.label}</TableCell>)}</TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={rowKey(row, index)}>
              {columns.map((column) => <TableCell key={column.label}>{column.cell(row)}</TableCell>)}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** A link that downloads what the API answers at `path` (with `query`), e.g. a view as CSV. */
export function Download({ path, query = {}, children }: { path: string; query?: Record<string, string>; children: ReactNode }) {
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== "")).toString();
  return <Link href={`/api/v1${path}${search ? `?${search}` : ""}`} download>{children}</Link>;
}

export function when(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : "—";
}


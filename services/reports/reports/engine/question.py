"""The question contract: what each HUD report's question writers give the engine (COMMON design of issue 14).

A question is one table of HUD's shell: its labels, the cells the shell leaves blank (shaded), and the SQL that
fills the others from the run's TEMP TABLE `universe` and the warehouse tables. The SQL answers
`SELECT row_no, column_no, value, members`: one row per non-empty cell, `row_no` 1-based into `rows`,
`column_no` 1-based into the value columns (`columns[1:]`), `value` numeric (a count, a percentage as a fraction
with 4 decimals, an average) and `members` the DISTINCT universe member_nos behind it (int[]; NULL for a computed
cell with no members). It may use the parameters `%(start)s`, `%(end)s` and `%(sources)s`. A cell it does not
answer is 0 with no members; a shaded cell is blank.

Two additions carry a table of text such as Q4a (project identifiers: a row per project, names, codes and dates):
- `rows_sql`, for a table whose rows are only known at the run: `SELECT row_no, label`, run after the universe is
  built and before `sql`; the labels, in row_no order, are the table's rows (`rows` is then empty);
- `text`: the SQL answers a fifth column, `text`, a cell's text (its value then NULL). A cell has a value or a
  text; one with neither is shaded.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: str                        # "Q7a": the Sage CSV is Q7a.csv
    title: str                     # the shell's title
    columns: tuple[str, ...]       # the shell's column labels, left to right; columns[0] is the row-label column's header (often "")
    rows: tuple[str, ...]          # the shell's row labels, top to bottom
    sql: str                       # SELECT row_no, column_no, value, members FROM ... (over `universe` and the warehouse tables)
    shaded: frozenset[tuple[int, int]] = frozenset()   # (row_no, column_no) cells the shell leaves blank
    rows_sql: str | None = None    # SELECT row_no, label: the rows of a table of a row per thing (rows then empty)
    text: bool = False             # sql answers a fifth column, text: the cell's text (its value NULL)

"""A HUD report's question: its table shell and the SQL that fills it."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: str                        # "Q7a": the Sage CSV is Q7a.csv
    title: str                     # the shell's title
    columns: tuple[str, ...]       # the shell's column labels, left to right; columns[0] is the row-label column's header (often "")
    rows: tuple[str, ...]          # the shell's row labels, top to bottom
    sql: str                       # SELECT row_no, column_no, value, members FROM ... (over `universe` and the warehouse tables)
    shaded: frozenset[tuple[int, int]] = frozenset()   # (row_no, column_no) cells the shell leaves blank

"""The SQL shape most APR tables share: count the members of a subject who meet a row's predicate and a
column's predicate, one cell per (row, column), each with the member_nos behind it.

A subject is a SELECT over `universe` (and whatever it joins) with a `member_no` column; rows and
columns are SQL predicates over it, aliased `s`. A row given as None is a heading row of the shell
(HUD leaves it blank across). Everything here only writes SQL text; the engine runs it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

# The household-type columns of most APR tables (HUD's "Determining Each Client's Household Type").
HOUSEHOLD_TYPES = ("without_children", "with_children_and_adults", "with_only_children", "unknown")
HOUSEHOLD_COLUMNS = ("", "Total", "Without Children", "With Children and Adults", "With Only Children",
                     "Unknown Household Type")
HOUSEHOLD_PREDICATES = ("TRUE",) + tuple(f"s.household_type = '{kind}'" for kind in HOUSEHOLD_TYPES)
# Veterans' tables leave out households with only children.
ADULT_HOUSEHOLD_COLUMNS = ("", "Total", "Without Children", "With Children and Adults", "Unknown Household Type")
ADULT_HOUSEHOLD_PREDICATES = ("TRUE", "s.household_type = 'without_children'",
                              "s.household_type = 'with_children_and_adults'", "s.household_type = 'unknown'")


def heading_cells(rows: Sequence[str | None], column_count: int) -> frozenset[tuple[int, int]]:
    """The cells of the heading rows (given as None), shaded across every value column."""
    return frozenset((row_no, column_no) for row_no, predicate in enumerate(rows, 1) if predicate is None
                     for column_no in range(1, column_count + 1))


def _numbered(predicates: Sequence[str | None]) -> str:
    return ", ".join(f"({number}, {predicate})" for number, predicate in enumerate(predicates, 1)
                     if predicate is not None)


def count_cells(subject: str, rows: Sequence[str | None], columns: Sequence[str | None],
                skip: Iterable[tuple[int, int]] = (), value: str = "count(DISTINCT s.member_no)") -> str:
    """SELECT row_no, column_no, value, members: the distinct members of `subject` meeting each row's and
    each column's predicate (None: no cell), counted unless `value` says another aggregate over them
    (an average: `round(avg(s.days), 2)`); the cells in `skip` (shaded, or computed elsewhere) are left out."""
    skipped = sorted(set(skip))
    leave_out = ("WHERE (r.row_no, c.column_no) NOT IN (" + ", ".join(f"({row}, {column})" for row, column in skipped)
                 + ")") if skipped else ""
    return f"""SELECT r.row_no, c.column_no, ({value})::numeric AS value,
       array_agg(DISTINCT s.member_no ORDER BY s.member_no) AS members
FROM ({subject}) s
JOIN LATERAL (VALUES {_numbered(rows)}) r(row_no, hit) ON r.hit
JOIN LATERAL (VALUES {_numbered(columns)}) c(column_no, hit) ON c.hit
{leave_out}
GROUP BY r.row_no, c.column_no"""


def with_ctes(ctes: Sequence[str], *selects: str) -> str:
    """One statement: the named CTEs (each "name AS (...)") before the SELECTs joined by UNION ALL."""
    body = "\nUNION ALL\n".join(f"({select})" for select in selects)
    return (f"WITH {', '.join(ctes)}\n{body}" if ctes else body)


def share(numerator: str, denominator: str) -> str:
    """A percentage as HUD's tables give it: a fraction to 4 decimals, 0 when the denominator is 0."""
    return f"COALESCE(round(({numerator})::numeric / NULLIF({denominator}, 0), 4), 0)"

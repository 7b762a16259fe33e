"""The shapes of SQL HUD's table shells share, built once: a question names its rows and columns as
predicates over the universe and these build the SELECT returning `row_no, column_no, value, members`.

A predicate is a SQL boolean over the alias `u` (a `universe` row) and whatever the question joins
(`source`, `where`; any alias but `shell_row` and `shell_column`); NULL counts as false.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

TOTAL = "true"
# The shells' labels for HUD's two non-answers.
DK_PNTA = "Client Doesn’t Know/Prefers Not to Answer"
DATA_NOT_COLLECTED = "Data Not Collected"

ADULT = "u.age >= 18"
CHILD = "u.age < 18"
# An unknown age: the date of birth withheld (DOBDataQuality 8, 9), else not collected (any other reason).
AGE_DK_PNTA = "(u.age IS NULL AND u.dob IS NULL AND u.dob_data_quality IN (8, 9))"
AGE_NOT_COLLECTED = "(u.age IS NULL AND NOT (u.dob IS NULL AND coalesce(u.dob_data_quality, 99) IN (8, 9)))"

# HUD's household-type columns: Total, Without Children, With Children and Adults, With Only Children,
# Unknown Household Type.
HOUSEHOLD_TYPE_LABELS = ("Total", "Without Children", "With Children and Adults", "With Only Children",
                         "Unknown Household Type")
HOUSEHOLD_TYPES = (TOTAL, "u.household_type = 'without_children'",
                   "u.household_type = 'with_children_and_adults'", "u.household_type = 'with_only_children'",
                   "u.household_type = 'unknown'")


def _numbered(predicates: Sequence[str], alias: str, number: str) -> str:
    """A lateral `alias(number, hit)`: each predicate's 1-based number and its value for the row joined.

    An array unnested, not a VALUES list: PostgreSQL prepares a lateral VALUES list's expressions again for each
    row it is joined to, which at a CoC's size cost several times what evaluating them does."""
    hits = ", ".join(f"({predicate})" for predicate in predicates)
    return (f"LATERAL (SELECT numbered.n::int AS {number}, numbered.hit "
            f"FROM unnest(ARRAY[{hits}]::boolean[]) WITH ORDINALITY AS numbered(hit, n)) AS {alias}")


def grid(rows: Sequence[str], columns: Sequence[str], source: str = "universe u", where: str = TOTAL,
         skip: Iterable[tuple[int, int]] = ()) -> str:
    """Each cell counts the distinct members for whom its row's and its column's predicates both hold
    (`members`: their member_nos); `skip` leaves cells out (the shell's shaded ones)."""
    skipped = ", ".join(f"({row}, {column})" for row, column in sorted(skip))
    leave_out = f" AND (shell_row.row_no, shell_column.column_no) NOT IN ({skipped})" if skipped else ""
    return (f"SELECT shell_row.row_no, shell_column.column_no, count(DISTINCT u.member_no) AS value, "
            f"array_agg(DISTINCT u.member_no) AS members "
            f"FROM {source} "
            f"CROSS JOIN {_numbered(rows, 'shell_row', 'row_no')} "
            f"CROSS JOIN {_numbered(columns, 'shell_column', 'column_no')} "
            f"WHERE ({where}) AND shell_row.hit AND shell_column.hit{leave_out} "
            f"GROUP BY shell_row.row_no, shell_column.column_no")


def by_household_type(rows: Sequence[str], source: str = "universe u", where: str = TOTAL,
                      skip: Iterable[tuple[int, int]] = ()) -> str:
    """Rows by predicate, columns HUD's Total and four household types (`HOUSEHOLD_TYPE_LABELS`)."""
    return grid(rows, HOUSEHOLD_TYPES, source, where, skip)


def union(*selects: str) -> str:
    """Several parts of one table's cells (each `row_no, column_no, value, members`) as one SELECT."""
    return " UNION ALL ".join(f"({select})" for select in selects)


def offset_rows(select: str, by: int) -> str:
    """A part's cells moved `by` rows down (a block of a table built like another block)."""
    return (f"SELECT part.row_no + {by} AS row_no, part.column_no, part.value, part.members "
            f"FROM ({select}) AS part")


def in_column(select: str, column_no: int) -> str:
    """A one-column part's cells put in column `column_no` (a table whose columns read different records)."""
    return (f"SELECT part.row_no, {column_no} AS column_no, part.value, part.members "
            f"FROM ({select}) AS part")


def cells(predicates: Mapping[tuple[int, int], str], source: str = "universe u", where: str = TOTAL) -> str:
    """Each named cell `(row_no, column_no)` counts the distinct members for whom its own predicate holds
    (a table whose cells are not a row's predicate crossed with a column's)."""
    listed = sorted(predicates.items())
    row_nos = ", ".join(str(row) for (row, _), _ in listed)
    column_nos = ", ".join(str(column) for (_, column), _ in listed)
    hits = ", ".join(f"({predicate})" for _, predicate in listed)
    return (f"SELECT shell_cell.row_no, shell_cell.column_no, count(DISTINCT u.member_no) AS value, "
            f"array_agg(DISTINCT u.member_no) AS members "
            f"FROM {source} CROSS JOIN LATERAL unnest(ARRAY[{row_nos}]::int[], ARRAY[{column_nos}]::int[], "
            f"ARRAY[{hits}]::boolean[]) AS shell_cell(row_no, column_no, hit) "
            f"WHERE ({where}) AND shell_cell.hit GROUP BY shell_cell.row_no, shell_cell.column_no")


def share(select: str, row_no: int, of_column: int, into_column: int, population: str,
          source: str = "universe u") -> str:
    """A rate cell: the count in (`row_no`, `of_column`) of `select` over the members of `population`, as
    a fraction with 4 decimals (no members); no cell when the population is empty."""
    return (f"SELECT {row_no} AS row_no, {into_column} AS column_no, "
            f"round(coalesce(max(part.value) FILTER (WHERE part.row_no = {row_no} AND part.column_no = {of_column}), 0)"
            f"::numeric / whole.total, 4) AS value, NULL::int[] AS members "
            f"FROM (SELECT count(DISTINCT u.member_no) AS total FROM {source} WHERE {population}) AS whole "
            f"LEFT JOIN ({select}) AS part ON true WHERE whole.total > 0 GROUP BY whole.total")


def rate(numerator: str, population: str, row_no: int, column_no: int, source: str = "universe u") -> str:
    """A rate cell: the members of `population` for whom `numerator` holds, over all of them, as a fraction
    with 4 decimals (no members); no cell when the population is empty."""
    return (f"SELECT {row_no} AS row_no, {column_no} AS column_no, "
            f"round((count(DISTINCT u.member_no) FILTER (WHERE {numerator}))::numeric "
            f"/ count(DISTINCT u.member_no), 4) AS value, NULL::int[] AS members "
            f"FROM {source} WHERE {population} HAVING count(*) > 0")


# What a cell of `grid` holds; `measured_grid` puts another aggregate in its place.
_COUNTED = "count(DISTINCT u.member_no) AS value"


def measured_grid(value: str, rows: Sequence[str], columns: Sequence[str], source: str = "universe u",
                  where: str = TOTAL, skip: Iterable[tuple[int, int]] = ()) -> str:
    """`grid` with another aggregate than the count as each cell's value (an average of days, a share:
    `round(avg(u.days), 2)`), over the same members: grid's statement with its count replaced."""
    counted = grid(rows, columns, source, where, skip)
    assert _COUNTED in counted, "grid no longer counts as measured_grid expects"
    return counted.replace(_COUNTED, f"({value})::numeric AS value", 1)


def percentage_row(row_no: int, numerator: str, denominator: str, columns: Sequence[str],
                   source: str = "universe u", where: str = TOTAL) -> str:
    """One row of percentages: in each column, the members meeting `numerator` as a fraction (4 decimals, 0
    when none meet `denominator`) of those meeting `denominator`; the cell's members are the numerator's."""
    return (f"SELECT {row_no} AS row_no, c.column_no, "
            f"coalesce(round(count(DISTINCT u.member_no) FILTER (WHERE {numerator})::numeric "
            f"/ NULLIF(count(DISTINCT u.member_no) FILTER (WHERE {denominator}), 0), 4), 0) AS value, "
            f"array_agg(DISTINCT u.member_no) FILTER (WHERE {numerator}) AS members "
            f"FROM {source} CROSS JOIN {_numbered(columns, 'c', 'column_no')} "
            f"WHERE ({where}) AND c.hit GROUP BY c.column_no")

"""The shapes of SQL HUD's table shells share, built once: a question names its rows and columns as
predicates over the universe and these build the SELECT returning `row_no, column_no, value, members`.

A predicate is a SQL boolean over the alias `u` (a `universe` row) and whatever the question joins
(`source`, `where`; any alias but those starting `shell_`); NULL counts as false.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

TOTAL = "true"
# A predicate that never holds (a heading row, or a row or column another part of the table computes): a grid
# gathers no cell of it, which would have no members.
NEVER = "false"
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


def _hit(number: int) -> str:
    """The value of the `number`th (1-based) predicate `_gathered` evaluated for a row."""
    return f"shell_hits.hit_{number}"


def _gathered(cells: Sequence[tuple[int, int, str]], predicates: Sequence[str], source: str, where: str) -> str:
    """Each cell `(row_no, column_no, hit)` with the distinct members for whom `hit` holds, `hit` a boolean over
    the `predicates` evaluated once a row of `source` (`_hit(n)`, a column each: reading a column costs a
    fraction of reading an array's element, and a table of 164 cells reads two a cell a row); a cell without
    members is left out.

    One pass gathers every cell's members (`array_agg(DISTINCT ...) FILTER`) from the rows as `source` gives
    them: no row is repeated for each cell it counts in, and nothing is sorted but each cell's own members (in
    ascending order). The count is the members'. (`OFFSET 0` keeps the rows a subquery of their own, so that
    the planner joins `source` as it would alone and the predicates are evaluated once a row, not once a cell.)"""
    hits = ", ".join(f"({predicate}) AS hit_{number}" for number, predicate in enumerate(predicates, start=1))
    gathered = ", ".join(f"array_agg(DISTINCT shell_hits.member_no) FILTER (WHERE {hit}) AS cell_{number}"
                         for number, (_, _, hit) in enumerate(cells))
    listed = ", ".join(f"({row}, {column}, shell_gathered.cell_{number})"
                       for number, (row, column, _) in enumerate(cells))
    return (f"SELECT shell_cell.row_no, shell_cell.column_no, cardinality(shell_cell.members) AS value, "
            f"shell_cell.members "
            f"FROM (SELECT {gathered} "
            f"FROM (SELECT u.member_no, {hits} FROM {source} WHERE ({where}) OFFSET 0) "
            f"AS shell_hits) AS shell_gathered "
            f"CROSS JOIN LATERAL (VALUES {listed}) AS shell_cell(row_no, column_no, members) "
            f"WHERE shell_cell.members IS NOT NULL")


def grid(rows: Sequence[str], columns: Sequence[str], source: str = "universe u", where: str = TOTAL,
         skip: Iterable[tuple[int, int]] = ()) -> str:
    """Each cell counts the distinct members for whom its row's and its column's predicates both hold
    (`members`: their member_nos); `skip` leaves cells out (the shell's shaded ones), and so does a row or column
    that is `NEVER`."""
    skipped = set(skip)
    cells = [(row, column, f"{_hit(row)} AND {_hit(len(rows) + column)}")
             for row in range(1, len(rows) + 1) for column in range(1, len(columns) + 1)
             if (row, column) not in skipped and NEVER not in (rows[row - 1], columns[column - 1])]
    return _gathered(cells, (*rows, *columns), source, where)


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
    return _gathered([(row, column, _hit(number))
                      for number, ((row, column), _) in enumerate(listed, start=1)],
                     [predicate for _, predicate in listed], source, where)


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


def measured_grid(value: Callable[[str], str], rows: Sequence[str], columns: Sequence[str],
                  source: str = "universe u", where: str = TOTAL, skip: Iterable[tuple[int, int]] = ()) -> str:
    """`grid` with another aggregate than the count as each cell's value, over the same members (each row of
    `source` that meets the cell's predicates): `value(cell)` is the aggregate over the rows for which the boolean
    `cell` holds, each aggregate FILTERed by it (`lambda cell: f"round(avg(u.days) FILTER (WHERE {cell}), 2)"`).

    As `grid`, one pass: the predicates evaluated once a row (a column each, `OFFSET 0`), every cell's value and
    members aggregated from the rows as `source` gives them, no row repeated for each cell it counts in; a cell
    without members is left out. `source`'s alias must be `u`: the value reads its columns there."""
    skipped = set(skip)
    cells = [(row, column, f"u.shell_hit_{row} AND u.shell_hit_{len(rows) + column}")
             for row in range(1, len(rows) + 1) for column in range(1, len(columns) + 1)
             if (row, column) not in skipped and NEVER not in (rows[row - 1], columns[column - 1])]
    hits = ", ".join(f"({predicate}) AS shell_hit_{number}" for number, predicate in enumerate((*rows, *columns), 1))
    measured = ", ".join(f"({value(cell)})::numeric AS value_{number}, "
                         f"array_agg(DISTINCT u.member_no) FILTER (WHERE {cell}) AS cell_{number}"
                         for number, (_, _, cell) in enumerate(cells))
    listed = ", ".join(f"({row}, {column}, shell_measured.value_{number}, shell_measured.cell_{number})"
                       for number, (row, column, _) in enumerate(cells))
    return (f"SELECT shell_cell.row_no, shell_cell.column_no, shell_cell.value, shell_cell.members "
            f"FROM (SELECT {measured} FROM (SELECT u.*, {hits} FROM {source} WHERE ({where}) OFFSET 0) AS u) "
            f"AS shell_measured "
            f"CROSS JOIN LATERAL (VALUES {listed}) AS shell_cell(row_no, column_no, value, members) "
            f"WHERE shell_cell.members IS NOT NULL")


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

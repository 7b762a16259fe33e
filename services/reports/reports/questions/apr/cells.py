"""What the APR tables of Q17-Q27 share beyond `reports.questions.shapes`: shaded heading rows, HUD's
percentages, CTEs before a table's parts, and the veterans' household-type columns.
"""
from __future__ import annotations

from collections.abc import Sequence

from reports.questions.shapes import HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, NEVER, union

NONE = NEVER  # a row or column with no counted cells (a heading, or one computed by another part)

# Veterans' tables (Q25) leave out households with only children.
VETERAN_HOUSEHOLD_LABELS = tuple(label for label in HOUSEHOLD_TYPE_LABELS if label != "With Only Children")
VETERAN_HOUSEHOLD_TYPES = tuple(kind for kind in HOUSEHOLD_TYPES if "with_only_children" not in kind)


def heading_cells(rows: Sequence[str], column_count: int) -> frozenset[tuple[int, int]]:
    """The cells of heading rows (predicate `NONE`), shaded across every value column."""
    return frozenset((row_no, column_no) for row_no, predicate in enumerate(rows, 1) if predicate == NONE
                     for column_no in range(1, column_count + 1))


def with_ctes(ctes: Sequence[str], *parts: str) -> str:
    """One statement: the CTEs (each "name AS (...)") before a table's parts (`shapes.union`)."""
    return f"WITH {', '.join(ctes)} {union(*parts)}" if ctes else union(*parts)


def fraction(numerator: str, denominator: str) -> str:
    """A percentage as HUD's tables give it: a fraction to 4 decimals, 0 when the denominator is 0."""
    return f"coalesce(round(({numerator})::numeric / nullif({denominator}, 0), 4), 0)"

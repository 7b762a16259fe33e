"""HUD's exit destination table (APR Q23c, and its veteran and youth variants Q25i and Q27f1) and the
subsidy types of exits to a rental with an ongoing subsidy (Q23d, Q25j, Q27f2), as rows over a universe
row `u` (its `destination`, `destination_subsidy_type` and `project_type`).

The positive and excluded destinations of the last three rows follow HUD's Appendix A by project type
(FY2024 onwards, unchanged in FY2026): street outreach counts most temporary and institutional exits as
positive; ES, TH count the permanent ones and host homes; every other project type the permanent ones.
"""
from __future__ import annotations

from hud.fy2026.spec import LISTS
from reports.engine.question import Question
from reports.questions.apr.cells import NONE, fraction, heading_cells
from reports.questions.shapes import DATA_NOT_COLLECTED, DK_PNTA, grid, measured_grid, union

_HOMELESS = (("Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway "
              "station/airport or anywhere outside)", 116),
             ("Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home "
              "shelter", 101),
             ("Safe Haven", 118))
_INSTITUTIONAL = (("Foster care home or foster care group home", 215),
                  ("Hospital or other residential non-psychiatric medical facility", 206),
                  ("Jail, prison, or juvenile detention facility", 207),
                  ("Long-term care facility or nursing home", 225),
                  ("Psychiatric hospital or other psychiatric facility", 204),
                  ("Substance abuse treatment facility or detox center", 205))
_TEMPORARY = (("Transitional housing for homeless persons (including homeless youth)", 302),
              ("Residential project or halfway house with no homeless criteria", 329),
              ("Hotel or motel paid for without emergency shelter voucher", 314),
              ("Host Home (non-crisis)", 332),
              ("Staying or living with family, temporary tenure (e.g., room, apartment, or house)", 312),
              ("Staying or living with friends, temporary tenure (e.g., room, apartment, or house)", 313),
              ("Moved from one HOPWA funded project to HOPWA TH", 327))
_PERMANENT = (("Staying or living with family, permanent tenure", 422),
              ("Staying or living with friends, permanent tenure", 423),
              ("Moved from one HOPWA funded project to HOPWA PH", 426),
              ("Rental by client, no ongoing housing subsidy", 410),
              ("Rental by client, with ongoing housing subsidy", 435),
              ("Owned by client, with ongoing housing subsidy", 421),
              ("Owned by client, no ongoing housing subsidy", 411))
_OTHER = (("No Exit Interview completed", (30,)), ("Other", (17,)), ("Deceased", (24,)),
          (DK_PNTA, (8, 9)), (DATA_NOT_COLLECTED, (99,)))

STREET_OUTREACH = 4
_PERMANENT_CODES = tuple(code for _, code in _PERMANENT)
_POSITIVE = {
    "outreach": (101, 118, 215, 204, 205, 225, 314, 312, 313, 302, 327, 332) + _PERMANENT_CODES,
    "shelter": (332,) + _PERMANENT_CODES,
    "other": _PERMANENT_CODES,
}
_EXCLUDED = {"outreach": (206, 329, 24), "other": (215, 206, 225, 24)}


def _in(codes) -> str:
    return "(" + ", ".join(str(code) for code in codes) + ")"


def _positive() -> str:
    return (f"(u.project_type = {STREET_OUTREACH} AND u.destination IN {_in(_POSITIVE['outreach'])}) "
            f"OR (u.project_type IN (0, 1, 2) AND u.destination IN {_in(_POSITIVE['shelter'])}) "
            f"OR (u.project_type NOT IN (0, 1, 2, {STREET_OUTREACH}) AND u.destination IN {_in(_POSITIVE['other'])})")


def _excluded() -> str:
    return (f"(u.project_type = {STREET_OUTREACH} AND u.destination IN {_in(_EXCLUDED['outreach'])}) "
            f"OR (u.project_type <> {STREET_OUTREACH} AND u.destination IN {_in(_EXCLUDED['other'])})")


def _block(heading: str, subtotal: str, entries) -> list[tuple[str, str]]:
    rows = [(heading, NONE)] + [(label, f"u.destination = {code}") for label, code in entries]
    codes = tuple(code for _, code in entries)
    return rows + [(subtotal, f"u.destination IN {_in(codes)}")]


def _rows() -> list[tuple[str, str]]:
    other_codes = tuple(code for _, codes in _OTHER for code in codes)
    return (_block("Homeless Situations", "Subtotal", _HOMELESS)
            + _block("Institutional Situations", "Subtotal", _INSTITUTIONAL)
            + _block("Temporary Situations", "Subtotal", _TEMPORARY)
            + _block("Permanent Situations", "Subtotal", _PERMANENT)
            + [("Other Situations", NONE)]
            + [(label, f"u.destination IN {_in(codes)}") for label, codes in _OTHER]
            + [("Subtotal", f"(u.destination IN {_in(other_codes)} OR u.destination IS NULL)"),
               ("Total", "true"),
               ("Total persons exiting to positive housing destinations", f"({_positive()})"),
               ("Total persons exiting to destinations that excluded them from the calculation", f"({_excluded()})"),
               ("Percentage of persons exiting to positive housing destinations", NONE)])


DESTINATION_ROWS = tuple(_rows())
DESTINATION_LABELS = tuple(label for label, _ in DESTINATION_ROWS)
DESTINATION_PREDICATES = tuple(predicate for _, predicate in DESTINATION_ROWS)
PERCENTAGE_ROW = len(DESTINATION_ROWS)


def destination_shaded(column_count: int) -> frozenset[tuple[int, int]]:
    """The heading rows; the percentage row is a computed cell, not a shaded one."""
    return heading_cells(DESTINATION_PREDICATES[:-1], column_count)


def positive_share(columns, source: str) -> str:
    """The last row: positive exits as a share of all exits but the excluded ones, per column."""
    rows = (NONE,) * (PERCENTAGE_ROW - 1) + ("true",)
    return measured_grid(lambda cell: fraction(
        f"count(*) FILTER (WHERE {cell} AND ({_positive()}))",
        f"count(*) FILTER (WHERE {cell}) - count(*) FILTER (WHERE {cell} AND ({_excluded()}))"), rows, columns, source)


# HUD's order of the rental subsidy types (3.12.A), labels from the FY2026 lists.
_SUBSIDY_ORDER = (428, 419, 431, 433, 434, 420, 436, 437, 438, 439, 440)
SUBSIDY_LABELS = tuple(LISTS["RentalSubsidyType"][code] for code in _SUBSIDY_ORDER) + ("Total",)
SUBSIDY_PREDICATES = tuple(f"u.destination_subsidy_type = {code}" for code in _SUBSIDY_ORDER) + (
    f"u.destination_subsidy_type IN {_in(_SUBSIDY_ORDER)}",)
RENTAL_WITH_SUBSIDY = 435


def destination_question(question_id: str, title: str, population: str, column_labels: tuple[str, ...],
                         columns: tuple[str, ...]) -> Question:
    """Q23c, Q25i, Q27f1: the leavers of `population` (a predicate over universe `u`) by destination."""
    source = f"(SELECT * FROM universe u WHERE u.is_leaver AND {population}) u"
    shaded = destination_shaded(len(columns))
    return Question(id=question_id, title=title, columns=("",) + column_labels, rows=DESTINATION_LABELS,
                    sql=union(grid(DESTINATION_PREDICATES, columns, source, skip=shaded),
                              positive_share(columns, source)),
                    shaded=shaded)


def subsidy_question(question_id: str, title: str, population: str, column_labels: tuple[str, ...],
                     columns: tuple[str, ...]) -> Question:
    """Q23d, Q25j, Q27f2: the leavers of `population` who exited to a rental with an ongoing subsidy
    (destination 435), by the subsidy's type."""
    source = (f"(SELECT * FROM universe u WHERE u.is_leaver AND u.destination = {RENTAL_WITH_SUBSIDY} "
              f"AND {population}) u")
    return Question(id=question_id, title=title, columns=("",) + column_labels, rows=SUBSIDY_LABELS,
                    sql=grid(SUBSIDY_PREDICATES, columns, source))

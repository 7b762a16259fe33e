"""The prioritization order in PostgreSQL: the policy's sort keys as an ORDER BY over the list, ending in the
seeded tie-breaker (the same order as prioritization.ordered, which tests/integration/test_ces_ranking.py holds
it to). The whole list is ranked in the database: no client's row leaves it to be sorted."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ces import prioritization
from ces.contract.rules import ON_LIST
from ces.models import list_entries


def tiebreak(seed: int, client_id):
    """prioritization.tiebreak in SQL, compared byte by byte (the "C" collation), as Python compares it."""
    return sa.func.md5(sa.literal(f"{seed}:") + sa.cast(client_id, sa.Text)).collate("C")


def _column(key: dict, columns):
    column = columns[key["attribute"]]
    if list_entries.c[key["attribute"]].type.python_type is str:
        return column.collate("C")  # text compares as Python compares it, whatever the database's collation
    return column


def order_by(policy: dict, columns=list_entries.c) -> list:
    clauses = []
    for key in policy["sort_keys"]:
        column = _column(key, columns)
        ordered = column.asc() if key["direction"] == "asc" else column.desc()
        clauses.append(ordered.nulls_first() if key["missing"] == "first" else ordered.nulls_last())
    return [*clauses, tiebreak(policy["seed"], columns.client_id)]


def on_list(today: date):
    """Who is on the list: active, and not parked (a park ends on its date)."""
    return sa.and_(list_entries.c.status == ON_LIST,
                   sa.or_(list_entries.c.parked_until.is_(None), list_entries.c.parked_until <= today))


def ranked(policy: dict, today: date):
    """Every client on the list with their rank (1 first), as a subquery."""
    return (sa.select(list_entries, sa.func.row_number().over(order_by=order_by(policy)).label("rank"))
            .where(on_list(today)).subquery("ranked"))


def _key_before(key: dict, column, value):
    """Rows whose value for one key sorts strictly before `value` (None: missing)."""
    if value is None:
        return column.is_not(None) if key["missing"] == "last" else sa.false()
    value = sa.literal(value)  # a boolean too compares as a value (SQLAlchemy would read `< True` as a mistake)
    known = column > value if key["direction"] == "desc" else column < value
    return sa.or_(column.is_(None), known) if key["missing"] == "first" else known


def ahead_of(policy: dict, row: dict, columns=list_entries.c):
    """Rows that sort strictly before `row` (its values) in the policy's order: its rank is one more than their
    count, found in one scan instead of ranking the whole list."""
    ahead, equal = [], []
    for key in policy["sort_keys"]:
        column, value = _column(key, columns), row[key["attribute"]]
        ahead.append(sa.and_(*equal, _key_before(key, column, value)))
        equal.append(column.is_(None) if value is None else column == sa.literal(value))
    mine = prioritization.tiebreak(policy["seed"], row["client_id"])
    ahead.append(sa.and_(*equal, tiebreak(policy["seed"], columns.client_id) < mine))
    return sa.or_(*ahead)


def rank_of(connection, policy: dict, row: dict, today: date) -> int:
    return 1 + connection.execute(sa.select(sa.func.count()).select_from(list_entries).where(
        on_list(today), ahead_of(policy, row))).scalar_one()

"""One filter builder for the searches over the decision log and the audit trail (hmis_kit.db.filtered)."""
from datetime import datetime, timezone

import sqlalchemy as sa

from hmis_kit.db import filtered

rows = sa.table("rows", sa.column("who"), sa.column("what"), sa.column("at"))
SINCE = datetime(2026, 12, 1, tzinfo=timezone.utc)


def where_of(statement: sa.Select) -> str:
    return str(statement.whereclause.compile(compile_kwargs={"literal_binds": True})) \
        if statement.whereclause is not None else ""


def test_each_given_filter_narrows_and_time_is_a_half_open_range():
    statement = filtered(sa.select(rows), {"who": "u1", "what": None, "since": SINCE, "until": SINCE},
                         {"who": rows.c.who, "what": rows.c.what}, rows.c.at)
    where = where_of(statement)
    assert "rows.who = 'u1'" in where and "what" not in where
    assert "rows.at >= '2026-12-01" in where and "rows.at < '2026-12-01" in where


def test_no_filter_narrows_nothing():
    assert where_of(filtered(sa.select(rows), {}, {"who": rows.c.who}, rows.c.at)) == ""

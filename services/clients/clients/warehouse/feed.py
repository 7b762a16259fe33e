"""What the warehouse feed reads: a file's rows as fed (clients.contract.warehouse.feed_columns), by keys or
all of them as a COPY, the records tied to those by HUD's rules across records (clients.data_quality.tied_scopes),
the records' findings, and the service's sources.

Client.csv's verdicts are decided here, from what the service stores: a name is missing when FirstName or
LastName is blank; the SSN is missing when none is stored; it is invalid when one is stored but the keyed
hash of the whole number is not, which pii.ssn_forms computes only for a number SSA could have issued
(hud.fy2026.rules.valid_ssn, the test of the `dq.ssn.invalid` rule, whose SQL reads the same hash).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import data_quality
from clients.contract.warehouse import FINDINGS, FOLLOWERS, feed_columns, key_column
from clients.models import HUD_TABLES, data_quality_findings, sources
from hud.fy2026.spec import FILES
from hud.fy2026.tables import CLIENT

VERDICTS = {
    "name_missing": "(coalesce(btrim(r.first_name), '') = '' OR coalesce(btrim(r.last_name), '') = '')",
    "ssn_missing": "(r.ssn_ciphertext IS NULL)",
    "ssn_invalid": "(r.ssn_ciphertext IS NOT NULL AND r.ssn_hash IS NULL)",
}


def _table(what: str) -> str:
    return data_quality_findings.name if what == FINDINGS else HUD_TABLES[what].name


def _money(what: str) -> frozenset[str]:
    return frozenset() if what == FINDINGS else \
        frozenset(column.db_name for column in FILES[what].columns if column.kind == "money")


def _select(what: str, source: str) -> str:
    """SQL: the rows of a file (or the findings) as fed, from `r`, the source number as `source` (SQL). Money
    is written as text, as the contract gives it (`12.50`, the same in a CSV), never as a JSON number."""
    verdicts, money = VERDICTS if what == CLIENT else {}, _money(what)
    expressions = [f"{source} AS source" if name == "source" else f"{verdicts[name]} AS {name}" if name in verdicts
                   else f"r.{name}::text AS {name}" if name in money else f"r.{name}" for name in feed_columns(what)]
    return f"SELECT {', '.join(expressions)} FROM {_table(what)} r"


def copy_sql(what: str, numbers: dict[int, int]) -> str:
    """The COPY streaming a file's rows (or the findings) of the sources `numbers` names, each carrying the
    number it maps to. The numbers are ints (clients.contract.warehouse.parse_sources), so written inline."""
    given = ", ".join(str(int(number)) for number in numbers)
    wanted = ", ".join(str(int(number)) for number in numbers.values())
    source = f"(ARRAY[{wanted}])[array_position(ARRAY[{given}], r.source)]"
    return f"COPY ({_select(what, source)} WHERE r.source IN ({given})) TO STDOUT (FORMAT csv)"


def _by_keys(what: str, key: str) -> str:
    return (f"{_select(what, 'r.source')} JOIN unnest(%(ids)s::text[], %(sources)s::int[]) AS k(id, source) "
            f"ON r.{key} = k.id AND r.source = k.source")


def rows(session: Session, file: str, keys: list[dict]) -> list[dict]:
    """The stored rows of the keys (`{id, source}`) that exist, as fed."""
    return _read(session, _by_keys(file, key_column(file)), keys)


def followers(session: Session, file: str, keys: list[dict]) -> dict[str, list[dict]]:
    """The rows of the files following `file` that belong to the records with these keys, by file."""
    return {follower: _read(session, _by_keys(follower, key_column(file)), keys) for follower in FOLLOWERS.get(file, ())}


def tied(session: Session, file: str, keys: list[dict]) -> list[dict]:
    """The records HUD's rules across records tie to the records of `file` with these keys, but those: `{file, id,
    source}` each (clients.contract.warehouse.WarehouseTiedSchema)."""
    asked = "unnest(%(ids)s::text[], %(sources)s::int[])"
    changed = f"FROM {_table(file)} r WHERE (r.{key_column(file)}, r.source) IN (SELECT * FROM {asked})"
    selected = [f"""SELECT '{of}' AS file, r.{key_column(of)} AS id, r.source FROM {_table(of)} r WHERE {scope}
                    {f"AND (r.{key_column(of)}, r.source) NOT IN (SELECT * FROM {asked})" if of == file else ""}"""
                for of, scope in data_quality.tied_scopes(file, changed)]
    return _read(session, " UNION ".join(selected), keys) if selected else []


def findings(session: Session, file: str, keys: list[dict], tied_records: list[dict] = ()) -> list[dict]:
    """Every finding of the records of `file` with these keys, and of the `tied_records` (`tied`)."""
    records = [{"file": file, **key} for key in keys] + list(tied_records)
    return _read(session, f"""{_select(FINDINGS, 'r.source')}
        JOIN unnest(%(files)s::text[], %(ids)s::text[], %(sources)s::int[]) AS k(file, id, source)
        ON r.file = k.file AND r.record_id = k.id AND r.source = k.source""", records,
                 files=[record["file"] for record in records])


def _read(session: Session, sql: str, keys: list[dict], **params) -> list[dict]:
    """The rows `sql` selects, as the contract gives them: PostgreSQL writes them as JSON (dates and date-times
    in ISO 8601, as marshmallow would), which psycopg2 reads with the C json module; a thousand rows dumped by
    marshmallow cost about a quarter of a second of the service's core."""
    return session.connection().exec_driver_sql(
        f"SELECT coalesce(json_agg(fed), '[]') FROM ({sql}) fed",
        {"ids": [key["id"] for key in keys], "sources": [key["source"] for key in keys], **params}).scalar_one()


def known_sources(session: Session) -> list[dict]:
    listed = session.execute(sa.select(sources.c.id.label("source"), sources.c.implementation_id,
                                       sources.c.source_id, sources.c.source_name).order_by(sources.c.id))
    return [dict(row._mapping) for row in listed]

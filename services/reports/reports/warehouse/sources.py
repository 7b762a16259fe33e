"""Where the warehouse's rows come from (`warehouse_sources`): each source of the clients service is an HMIS
source of its own, found or made the first time its rows arrive; an export loaded beside them is an export
source. Reports select sources by their ids (`source = ANY(%(sources)s)`), by default the HMIS ones."""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from reports.warehouse.tables import EXPORT, HMIS, warehouse_sources as sources


def hmis_sources(connection: sa.Connection, labels: dict[int, str]) -> dict[int, int]:
    """The warehouse source of each of the clients service's source numbers in `labels` (made when missing,
    with that label), by number."""
    if labels:
        adding = insert(sources).values([{"kind": HMIS, "clients_source": number, "label": label}
                                         for number, label in labels.items()])
        connection.execute(adding.on_conflict_do_nothing(index_elements=[sources.c.clients_source]))
    found = connection.execute(sa.select(sources.c.clients_source, sources.c.id)
                               .where(sources.c.clients_source.in_(list(labels))))
    return {number: source for number, source in found}


def numbered(numbers: Iterable[int]) -> dict[int, str]:
    """Labels for clients sources known by their numbers only (a live change names no more)."""
    return {number: f"clients source {number}" for number in numbers}


def relabel(connection: sa.Connection, labels: dict[int, str]) -> None:
    for number, label in labels.items():
        connection.execute(sources.update().where(sources.c.clients_source == number).values(label=label))


def hmis_source_ids(connection: sa.Connection) -> list[int]:
    return list(connection.execute(sa.select(sources.c.id).where(sources.c.kind == HMIS).order_by(sources.c.id))
                .scalars())


def add_export(connection: sa.Connection, label: str) -> int:
    return connection.execute(sources.insert().values(kind=EXPORT, label=label).returning(sources.c.id)).scalar_one()

"""Transactional outbox: an event exists if and only if the change that caused it committed.

A service calls `record_event(session, ...)` inside the transaction that makes the change; a bulk write
builds its events in SQL instead (`batched_events_sql`, `insert_rows_sql`), in the same envelope, or, when
rendering them would cost its transaction too much, records a bundle (`record_bundle`): one row naming a
renderer the service gave its relay and that renderer's parameters, whose events the relay renders when
it reaches the row (`rendered`), from the service's tables as they stand then. The relay (`OutboxRelay`,
started with every service) publishes unpublished rows in order with publisher confirms and
`mandatory`, and marks them published in the same database transaction that claimed them (`FOR UPDATE
SKIP LOCKED`, so several instances of a service share the work); a bundle is marked once all its events
are confirmed. A crash between publish and commit republishes the row, a bundle's events with the same
ids: delivery is at least once and consumers deduplicate (see inbox.py). Published rows stay as the
service's event log, from which read models can rebuild; a bundle stays as itself, and renders the
records as they stand when read (`outbox_events`).
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta

import eventlet
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, UUID
from sqlalchemy.orm import Session

from hmis_kit import config, logs
from hmis_kit.background import BackgroundLoop
from hmis_kit.events import CORRELATION_PARAM, Event, EventType, envelope_sql
from hmis_kit.messaging import ConfirmedPublisher, UnroutableEvent

log = logging.getLogger(__name__)

# Every service database holds these two tables; each service's first migration creates them.
messaging_metadata = sa.MetaData()

outbox = sa.Table(
    "outbox",
    messaging_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("routing_key", sa.Text, nullable=False),
    # json, not jsonb: an envelope is written once and read whole, so PostgreSQL need not parse it (a CSV
    # import writes a hundred megabytes of them; parsing into jsonb took 40% of their cost).
    sa.Column("envelope", JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Index("outbox_unpublished", "id", postgresql_where=sa.text("published_at IS NULL")),
)

inbox = sa.Table(
    "inbox",
    messaging_metadata,
    sa.Column("consumer", sa.Text, primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

MAX_BACKOFF_SECONDS = 300


def record_event(session: Session, event_type: EventType, data: dict) -> Event:
    """Add an event of a declared type to the outbox as part of the caller's transaction; a payload its
    schema does not load is refused (ValueError), so no field the contract does not name is published."""
    event = Event.of(event_type, data, logs.current_correlation_id())
    session.execute(
        outbox.insert().values(event_id=event.event_id, routing_key=event.type, envelope=event.dump())
    )
    return event


# An outbox row as a bulk write prepares it: the columns, and their definition for a table that holds
# such rows until they are copied into the outbox.
ROW_COLUMNS = "event_id, routing_key, envelope"
ROW_DEFINITION = "event_id uuid NOT NULL, routing_key text NOT NULL, envelope json NOT NULL"


def batched_events_sql(event_type: EventType, items_sql: str, key: str, batch: int,
                       bundled_by: str | None = None) -> str:
    """A SELECT of the outbox rows (ROW_COLUMNS) of events of `event_type` whose payload is
    `{key: [item, ...]}`, up to `batch` items an event, gathering the json column `item` of the rows
    `items_sql` selects. It reads the correlation id from the bound parameter
    hmis_kit.events.CORRELATION_PARAM.

    The events of a bundle's renderer (`bundled_by`: a column of `items_sql`, unique among its rows, that
    numbers them) are the same each time it is rendered: the same items make the same batches, each
    event's id is derived from the bundle's and its batch's number, and it occurred when the bundle was
    recorded (the bound parameters BUNDLE_PARAM and BUNDLED_AT_PARAM, which `rendered` gives). So a
    republish after a crash carries the ids consumers have seen, and their inboxes drop it."""
    if bundled_by is None:
        event_id, occurred_at, numbering = "gen_random_uuid()", "clock_timestamp()", ""
    else:
        event_id = f"md5(%({BUNDLE_PARAM})s::text || '/' || batch::text)::uuid"
        occurred_at, numbering = f"%({BUNDLED_AT_PARAM})s::timestamptz", f"ORDER BY {bundled_by}"
    return f"""
        SELECT event_id, '{event_type}' AS routing_key,
               {envelope_sql(event_type, f"json_build_object('{key}', items)", occurred_at_sql=occurred_at)}
               AS envelope
        FROM (SELECT {event_id} AS event_id, json_agg(item) AS items
              FROM (SELECT item, (row_number() OVER ({numbering}) - 1) / {int(batch)} AS batch
                    FROM ({items_sql}) items) numbered
              GROUP BY batch) batches"""


def insert_rows_sql(rows_sql: str) -> str:
    """An INSERT into the outbox of the rows (ROW_COLUMNS) `rows_sql` selects."""
    return f"INSERT INTO {outbox.name} ({ROW_COLUMNS}) {rows_sql}"


# A bundle (`record_bundle`) is an outbox row whose envelope is `{BUNDLE_KEY: {"renderer": name, "parameters":
# {...}}, "correlation_id": ...}` rather than an event's: small, whatever the number of events it stands for.
BUNDLE_KEY = "bundle"
# The bound parameters a bundle's renderer's SQL reads (besides its own parameters and CORRELATION_PARAM):
# the bundle's event id and when it was recorded (see batched_events_sql).
BUNDLE_PARAM = "bundle_event_id"
BUNDLED_AT_PARAM = "bundled_at"
# Events of a bundle fetched from the database at a time: a bundle of millions of changes streams through
# the relay, a few events (up to a few hundred kilobytes each) in memory at once.
STREAMED_EVENTS = 4
# A renderer, by the name a bundle gives: from the bundle's parameters, the SELECT of its events' outbox rows
# (ROW_COLUMNS), built by batched_events_sql with `bundled_by`; the SQL may read the parameters as bound
# parameters (`%(name)s`).
Renderer = Callable[[dict], str]


class UnknownRenderer(LookupError):
    """A bundle names a renderer the relay was not given."""


def record_bundle(connection: sa.Connection | Session, event_type: EventType, renderer: str,
                  parameters: dict) -> uuid.UUID:
    """Add a bundle of events of `event_type` to the outbox as part of the caller's transaction: the relay
    renders them, by the renderer named `renderer` and `parameters` (JSON), when it reaches the bundle.
    Returns the bundle's event id, from which its events' ids derive."""
    event_id = uuid.uuid4()
    connection.execute(outbox.insert().values(
        event_id=event_id, routing_key=event_type,
        envelope={BUNDLE_KEY: {"renderer": renderer, "parameters": parameters},
                  "correlation_id": logs.current_correlation_id()}))
    return event_id


def is_bundle(envelope: dict) -> bool:
    return BUNDLE_KEY in envelope


@contextmanager
def rendered(connection: sa.Connection, row, renderers: Mapping[str, Renderer]) -> Iterator[sa.CursorResult]:
    """The events (ROW_COLUMNS) of a bundle (`row`: an outbox row's event_id, envelope and created_at),
    rendered now by its renderer, read through a server-side cursor a few at a time (STREAMED_EVENTS)."""
    bundle = row.envelope[BUNDLE_KEY]
    if bundle["renderer"] not in renderers:
        raise UnknownRenderer(f"no renderer named {bundle['renderer']!r}")
    parameters = {**bundle["parameters"], CORRELATION_PARAM: row.envelope.get("correlation_id"),
                  BUNDLE_PARAM: str(row.event_id), BUNDLED_AT_PARAM: row.created_at}
    events = connection.exec_driver_sql(renderers[bundle["renderer"]](bundle["parameters"]), parameters,
                                        execution_options={"yield_per": STREAMED_EVENTS})
    try:
        yield events
    finally:
        events.close()


def outbox_events(connection: sa.Connection, renderers: Mapping[str, Renderer],
                  routing_key: str | None = None) -> Iterator[tuple[uuid.UUID, str, dict]]:
    """Every event in the outbox (of `routing_key`, when given), in order, published or not, as
    (event_id, routing_key, envelope): an event's row as it is, a bundle's events as the relay would
    render them now; both read a few at a time."""
    rows = sa.select(outbox.c.event_id, outbox.c.routing_key, outbox.c.envelope, outbox.c.created_at)
    if routing_key is not None:
        rows = rows.where(outbox.c.routing_key == routing_key)
    for row in connection.execute(rows.order_by(outbox.c.id), execution_options={"yield_per": STREAMED_EVENTS}):
        if not is_bundle(row.envelope):
            yield row.event_id, row.routing_key, row.envelope
            continue
        with rendered(connection, row, renderers) as events:
            for event in events:
                yield event.event_id, event.routing_key, event.envelope


def _publish(publisher: ConfirmedPublisher, event_id, routing_key: str, envelope: dict) -> None:
    headers = {f"nameko.{logs.CORRELATION_KEY}": envelope.get("correlation_id") or ""}
    publisher.publish(routing_key, envelope, headers=headers, message_id=str(event_id))


def relay_once(engine: sa.Engine, publisher: ConfirmedPublisher, batch: int = 200,
               renderers: Mapping[str, Renderer] | None = None) -> int:
    """Publish one batch of due outbox rows (a bundle's events rendered by `renderers`); returns how many
    rows were published.

    A row the broker cannot route (or a bundle any of whose events it cannot route, or whose renderer
    the relay lacks) is kept and retried with exponential backoff, so an event is never dropped because
    its consumer's queue did not exist yet. A broker outage raises: the transaction rolls back, nothing
    is marked, and the caller retries.
    """
    published = 0
    with Session(engine) as session, session.begin():
        rows = session.execute(
            sa.select(outbox.c.id, outbox.c.event_id, outbox.c.routing_key, outbox.c.envelope, outbox.c.attempts,
                      outbox.c.created_at)
            .where(outbox.c.published_at.is_(None), outbox.c.next_attempt_at <= sa.func.now())
            .order_by(outbox.c.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            try:
                if is_bundle(row.envelope):
                    with rendered(session.connection(), row, renderers or {}) as events:
                        for event in events:
                            _publish(publisher, event.event_id, event.routing_key, event.envelope)
                else:
                    _publish(publisher, row.event_id, row.routing_key, row.envelope)
            except (UnroutableEvent, UnknownRenderer) as error:
                delay = min(2 ** row.attempts, MAX_BACKOFF_SECONDS)
                log.warning("event not published, will retry",
                            extra={"event_id": str(row.event_id), "routing_key": row.routing_key, "retry_in_s": delay,
                                   "error": type(error).__name__})
                session.execute(
                    outbox.update().where(outbox.c.id == row.id).values(
                        attempts=row.attempts + 1,
                        last_error=str(error),
                        next_attempt_at=sa.func.now() + timedelta(seconds=delay),
                    )
                )
                continue
            session.execute(
                outbox.update().where(outbox.c.id == row.id).values(
                    published_at=sa.func.now(), attempts=row.attempts + 1, last_error=None
                )
            )
            published += 1
    return published


def unpublished_count(session: Session) -> int:
    return session.execute(
        sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
    ).scalar_one()


def relay_forever(engine: sa.Engine, settings: config.Settings, running: Callable[[], bool],
                  renderers: Mapping[str, Renderer] | None = None) -> None:
    """Publish due rows until `running()` turns false, outliving broker and database restarts."""
    publisher = ConfirmedPublisher(settings)
    failures = 0
    try:
        while running():
            try:
                published = relay_once(engine, publisher, renderers=renderers)
                if not published:
                    publisher.keep_alive()
                failures = 0
            except Exception as error:  # noqa: BLE001
                # The relay must outlive broker and database restarts: log, back off, reconnect.
                failures += 1
                publisher.close()
                log.warning("outbox relay failed, retrying", extra={"error": type(error).__name__, "failures": failures})
                eventlet.sleep(min(0.5 * 2 ** failures, 10))
                continue
            if not published:
                eventlet.sleep(settings.outbox_poll_seconds)
    finally:
        publisher.close()


class OutboxRelay(BackgroundLoop):
    """Runs the relay loop beside a service for as long as its container runs, over the outbox of the
    database named like the service (or `database`, as hmis_kit.db.Database), on one connection
    (`relay_once`'s session), rendering bundles by the service's `renderers` (by name)."""

    identifier = "outbox_relay"

    def __init__(self, database: str | None = None, renderers: Mapping[str, Renderer] | None = None):
        super().__init__(database)
        self.renderers = dict(renderers or {})

    def loop(self) -> None:
        relay_forever(self.engine, self.settings, lambda: self.running, self.renderers)

    def get_dependency(self, worker_ctx):
        return None

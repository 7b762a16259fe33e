"""Transactional outbox: an event exists if and only if the change that caused it committed.

A service calls `record_event(session, ...)` inside the transaction that makes the change; a bulk write
builds its events in SQL instead (`batched_events_sql`, `insert_rows_sql`), in the same envelope. The relay
(`OutboxRelay`, started with every service) publishes unpublished rows in order with publisher
confirms and `mandatory`, and marks them published in the same database transaction that claimed
them (`FOR UPDATE SKIP LOCKED`, so several instances of a service share the work). A crash between
publish and commit republishes the row: delivery is at least once and consumers deduplicate
(see inbox.py). Published rows stay as the service's event log, from which read models can rebuild.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import eventlet
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, UUID
from sqlalchemy.orm import Session

from hmis_kit import config, logs
from hmis_kit.background import BackgroundLoop
from hmis_kit.events import Event, EventType, envelope_sql
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


def batched_events_sql(event_type: EventType, items_sql: str, key: str, batch: int) -> str:
    """A SELECT of the outbox rows (ROW_COLUMNS) of events of `event_type` whose payload is
    `{key: [item, ...]}`, up to `batch` items an event, gathering the json column `item` of the rows
    `items_sql` selects. It reads the correlation id from the bound parameter
    hmis_kit.events.CORRELATION_PARAM."""
    return f"""
        SELECT event_id, '{event_type}' AS routing_key,
               {envelope_sql(event_type, f"json_build_object('{key}', items)")} AS envelope
        FROM (SELECT gen_random_uuid() AS event_id, json_agg(item) AS items
              FROM (SELECT item, (row_number() OVER () - 1) / {int(batch)} AS batch FROM ({items_sql}) items) numbered
              GROUP BY batch) batches"""


def insert_rows_sql(rows_sql: str) -> str:
    """An INSERT into the outbox of the rows (ROW_COLUMNS) `rows_sql` selects."""
    return f"INSERT INTO {outbox.name} ({ROW_COLUMNS}) {rows_sql}"


def relay_once(engine: sa.Engine, publisher: ConfirmedPublisher, batch: int = 200) -> int:
    """Publish one batch of due outbox rows; returns how many were published.

    A row the broker cannot route is kept and retried with exponential backoff, so an event is never
    dropped because its consumer's queue did not exist yet. A broker outage raises: the transaction
    rolls back, nothing is marked, and the caller retries.
    """
    published = 0
    with Session(engine) as session, session.begin():
        rows = session.execute(
            sa.select(outbox.c.id, outbox.c.event_id, outbox.c.routing_key, outbox.c.envelope, outbox.c.attempts)
            .where(outbox.c.published_at.is_(None), outbox.c.next_attempt_at <= sa.func.now())
            .order_by(outbox.c.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            headers = {f"nameko.{logs.CORRELATION_KEY}": row.envelope.get("correlation_id") or ""}
            try:
                publisher.publish(row.routing_key, row.envelope, headers=headers, message_id=str(row.event_id))
            except UnroutableEvent as error:
                delay = min(2 ** row.attempts, MAX_BACKOFF_SECONDS)
                log.warning("event unroutable, will retry",
                            extra={"event_id": str(row.event_id), "routing_key": row.routing_key, "retry_in_s": delay})
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


def relay_forever(engine: sa.Engine, settings: config.Settings, running: Callable[[], bool]) -> None:
    """Publish due rows until `running()` turns false, outliving broker and database restarts."""
    publisher = ConfirmedPublisher(settings)
    failures = 0
    try:
        while running():
            try:
                published = relay_once(engine, publisher)
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
    (`relay_once`'s session)."""

    identifier = "outbox_relay"

    def loop(self) -> None:
        relay_forever(self.engine, self.settings, lambda: self.running)

    def get_dependency(self, worker_ctx):
        return None

"""The delivery promises of the shared kit, against the real PostgreSQL and RabbitMQ."""
import json
import logging
import os
import uuid

import pika
import pytest
import sqlalchemy as sa
from marshmallow import Schema, fields
from nameko.containers import ServiceContainer

from support import eventually
from hmis_kit.db import Database, Transactions, make_engine
from clients.contract import events as clients_events
from hmis_kit.events import Event, EventType
from hmis_kit.inbox import handles, replay_dead_letters
from hmis_kit.messaging import ConfirmedPublisher, UnroutableEvent, dead_letter_queue_name
from hmis_kit.outbox import batched_events_sql, outbox, outbox_events, record_bundle, record_event, relay_once
from hmis_kit.service import ServiceBase

pytestmark = pytest.mark.integration
NUMBERED = Schema.from_dict({"n": fields.Integer()}, name="Numbered")


def a_test_event(routing_key: str) -> EventType:
    return EventType(routing_key, NUMBERED, "a test's event")


@pytest.fixture
def clients_db(settings):
    engine = make_engine(settings.database_url("clients"))
    yield Transactions(engine)
    engine.dispose()


@pytest.fixture
def listener(settings):
    """A private queue bound to one routing key on the events exchange, read with pika."""
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_uri))
    channel = connection.channel()
    channel.exchange_declare(settings.events_exchange, exchange_type="topic", durable=True)

    def listen(routing_key: str) -> str:
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, settings.events_exchange, routing_key)
        return queue

    def received(queue: str) -> list[dict]:
        bodies = []
        while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
            bodies.append(json.loads(message[2]))
        return bodies

    yield listen, received
    connection.close()


def _drain_outbox(settings, engine) -> None:
    with ConfirmedPublisher(settings) as publisher:
        published = relay_once(engine, publisher)
        while published:
            published = relay_once(engine, publisher)


def test_event_is_published_only_when_its_transaction_commits(settings, clients_db, listener):
    listen, received = listener
    routing_key = f"test.outbox.{uuid.uuid4().hex[:8]}"
    queue = listen(routing_key)

    with pytest.raises(RuntimeError):
        with clients_db.transaction() as session:
            rolled_back = record_event(session, a_test_event(routing_key), {"n": 1})
            raise RuntimeError("the change fails after the event was recorded")
    with clients_db.transaction() as session:
        committed = record_event(session, a_test_event(routing_key), {"n": 2})

    _drain_outbox(settings, clients_db.engine)

    bodies = eventually(lambda: received(queue))
    assert [body["event_id"] for body in bodies] == [str(committed.event_id)]
    with clients_db.transaction() as session:
        assert session.execute(sa.select(outbox).where(outbox.c.event_id == rolled_back.event_id)).first() is None
        row = session.execute(sa.select(outbox).where(outbox.c.event_id == committed.event_id)).one()
    assert row.published_at is not None


def test_unroutable_publish_raises_instead_of_vanishing(settings):
    lonely_exchange = f"test.unbound.{uuid.uuid4().hex[:8]}"
    with ConfirmedPublisher(settings, exchange=lonely_exchange) as publisher:
        publisher._open_channel().exchange_declare(lonely_exchange, exchange_type="topic", auto_delete=True)
        with pytest.raises(UnroutableEvent):
            publisher.publish("nobody.listens.here", {"hello": "world"})


@pytest.fixture
def relayless_db(settings):
    """The gateway's database: it has an outbox table but no service relays it, so only the test does."""
    engine = make_engine(settings.database_url("gateway"))
    yield Transactions(engine)
    engine.dispose()


def test_relay_keeps_an_unroutable_event_and_retries_it_later(settings, relayless_db):
    routing_key = f"test.nobody.{uuid.uuid4().hex[:8]}"
    with relayless_db.transaction() as session:
        event = record_event(session, a_test_event(routing_key), {})
    with ConfirmedPublisher(settings, exchange=f"test.unbound.{uuid.uuid4().hex[:8]}") as publisher:
        publisher._open_channel().exchange_declare(publisher.exchange, exchange_type="topic", auto_delete=True)
        relay_once(relayless_db.engine, publisher)
    with relayless_db.transaction() as session:
        row = session.execute(sa.select(outbox).where(outbox.c.event_id == event.event_id)).one()
        session.execute(outbox.delete().where(outbox.c.event_id == event.event_id))
    assert row.published_at is None
    assert row.attempts == 1
    assert "no queue bound" in row.last_error
    assert row.next_attempt_at > row.created_at


def _publish(settings, event: Event) -> None:
    with ConfirmedPublisher(settings) as publisher:
        publisher.publish(event.type, event.dump(), message_id=str(event.event_id))


def a_client_created(agency_id: str) -> Event:
    client_id = uuid.uuid4()
    return Event.of(clients_events.CHANGED["Client"], clients_events.changes("Client", clients_events.CREATED, {
        "id": client_id, "personal_id": client_id.hex, "source": 1, "agency_id": agency_id}))


def test_same_event_delivered_twice_has_one_effect(settings, platform, client_counts):
    agency_id = str(uuid.uuid4())
    event = a_client_created(agency_id)
    _publish(settings, event)
    _publish(settings, event)
    eventually(lambda: client_counts(agency_id) == 1)
    second = a_client_created(agency_id)
    _publish(settings, second)
    # The second, distinct event arriving proves the duplicate was consumed (and ignored) before it.
    eventually(lambda: client_counts(agency_id) == 2)


@pytest.fixture
def client_counts(settings):
    engine = make_engine(settings.database_url("reports"))

    def count(agency_id: str) -> int:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT clients FROM agency_client_counts WHERE agency_id = :a"),
                                      {"a": agency_id}).scalar() or 0

    yield count
    engine.dispose()


class AlwaysFailing(ServiceBase):
    """A consumer whose handler always raises, to watch a message reach the dead-letter queue."""

    name = "test_always_failing"
    db = Database("reports")

    @handles("test.poison.arrived")
    def swallow(self, session, event):
        raise ValueError("this handler never succeeds")


def test_handler_that_keeps_failing_dead_letters_the_message_with_its_error(settings, listener):
    container = ServiceContainer(AlwaysFailing, settings.nameko_config() | {"WEB_SERVER_ADDRESS": "127.0.0.1:0"})
    container.start()
    try:
        event = Event.new("test.poison.arrived", "test", {"n": 1})
        _publish(settings, event)
        queue = "test_always_failing.swallow"
        connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_uri))
        channel = connection.channel()

        def dead_lettered():
            method, properties, body = channel.basic_get(dead_letter_queue_name(queue), auto_ack=False)
            return (method, properties, body) if method else None

        method, properties, body = eventually(dead_lettered)
        assert json.loads(body)["event_id"] == str(event.event_id)
        assert "ValueError: this handler never succeeds" in properties.headers["x-error"]
        assert properties.headers["x-attempts"] == settings.handler_max_attempts
        channel.basic_nack(method.delivery_tag, requeue=True)
        connection.close()
    finally:
        container.stop()

    # Replay puts it back on the consumer's queue (no consumer runs now, so it waits there).
    assert replay_dead_letters(settings, queue) == 1
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_uri))
    try:
        method, _, body = connection.channel().basic_get(queue, auto_ack=True)
        assert method is not None and json.loads(body)["event_id"] == str(event.event_id)
    finally:
        connection.close()


def test_a_failed_statement_does_not_carry_its_values_into_the_logs(clients_db, capsys):
    """PostgreSQL quotes offending values in its errors; the service logs must withhold them."""
    import logging

    from hmis_kit import logs

    secret = "Zelda-Quintanilla-1961"
    with pytest.raises(sa.exc.DBAPIError) as failure:
        with clients_db.transaction() as session:
            session.execute(sa.text("SELECT CAST(:value AS integer)"), {"value": secret})
    assert "SQL parameters hidden" in str(failure.value)
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        logs.configure("test")
        # As nameko logs a worker's unexpected error: the exception both as an argument and as exc_info.
        logging.getLogger("nameko.containers").error("error handling worker %s: %s", "worker", failure.value,
                                                     exc_info=(type(failure.value), failure.value, None))
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    logged = capsys.readouterr().out
    assert "DataError (message withheld)" in logged and "message withheld" in logged
    assert secret not in logged


@pytest.fixture
def own_outbox(settings):
    """A database of its own holding only an outbox, so no running service's relay publishes from it."""
    from dataclasses import replace

    from hmis_kit.db import create_database, drop_database
    from hmis_kit.outbox import messaging_metadata

    url = settings.database_url("clients").rsplit("/", 1)[0] + f"/{settings.db_prefix}_relay_{uuid.uuid4().hex[:6]}"
    create_database(url)
    engine = make_engine(url)
    messaging_metadata.create_all(engine)
    yield engine, replace(settings, amqp_heartbeat_seconds=1)
    engine.dispose()
    drop_database(url)


def test_relay_keeps_its_idle_connection_alive_past_the_heartbeat(own_outbox, listener, caplog):
    """An idle relay answers the broker's heartbeats, so its first publish after a quiet spell goes out at
    once: no dropped connection, no failure, no backoff (a revocation must not wait for a reconnect)."""
    import eventlet

    from hmis_kit.outbox import relay_forever

    engine, settings = own_outbox
    listen, received = listener
    routing_key = f"test.idle.{uuid.uuid4().hex[:8]}"
    queue = listen(routing_key)
    running = [True]
    relay = eventlet.spawn(relay_forever, engine, settings, lambda: running[0])
    try:
        with Transactions(engine).transaction() as session:
            record_event(session, a_test_event(routing_key), {"n": 1})
        eventually(lambda: received(queue))  # the connection is open
        eventlet.sleep(5 * settings.amqp_heartbeat_seconds)  # the broker drops a peer silent for two heartbeats
        with Transactions(engine).transaction() as session:
            late = record_event(session, a_test_event(routing_key), {"n": 2})
        assert [body["event_id"] for body in eventually(lambda: received(queue))] == [str(late.event_id)]
    finally:
        running[0] = False
        relay.wait()
    troubles = [record for record in caplog.records if record.levelno >= logging.WARNING
                and record.name.startswith(("pika", "hmis_kit.outbox", "hmis_kit.messaging"))]
    assert not troubles, [(record.name, record.getMessage()) for record in troubles]


def numbers(parameters: dict) -> str:
    """A test's renderer: events of the type `parameters["type"]` announcing the numbers 1 to
    `parameters["rows"]`, each `{"n": n, "pad": <pad bytes>}`, `parameters["batch"]` an event."""
    items = f"""SELECT json_build_object('n', n, 'pad', repeat('x', {int(parameters.get('pad', 0))})) AS item, n
                FROM generate_series(1, %(rows)s) n"""
    return batched_events_sql(a_test_event(parameters["type"]), items, "changes", parameters["batch"], bundled_by="n")


RENDERERS = {"test.numbers": numbers}


def a_bundle(db, routing_key: str, rows: int, batch: int, renderer: str = "test.numbers", pad: int = 0) -> uuid.UUID:
    with db.transaction() as session:
        return record_bundle(session, a_test_event(routing_key), renderer,
                             {"type": routing_key, "rows": rows, "batch": batch, "pad": pad})


def outbox_row(db, event_id: uuid.UUID):
    with db.transaction() as session:
        return session.execute(sa.select(outbox).where(outbox.c.event_id == event_id)).one()


def forget(db, *event_ids: uuid.UUID) -> None:
    with db.transaction() as session:
        session.execute(outbox.delete().where(outbox.c.event_id.in_(event_ids)))


def test_the_relay_publishes_a_bundles_events_in_order_with_ids_a_republish_repeats(settings, relayless_db, listener):
    listen, received = listener
    routing_key = f"test.bundle.{uuid.uuid4().hex[:8]}"
    queue = listen(routing_key)
    bundle = a_bundle(relayless_db, routing_key, rows=25, batch=10)
    with relayless_db.transaction() as session:
        after = record_event(session, a_test_event(routing_key), {"n": 26})
    with relayless_db.engine.connect() as connection:
        rendered = [(str(event_id), envelope) for event_id, key, envelope in outbox_events(connection, RENDERERS)
                    if key == routing_key]

    with ConfirmedPublisher(settings) as publisher:
        relay_once(relayless_db.engine, publisher, renderers=RENDERERS)
    first = eventually(lambda: received(queue))
    assert [body["event_id"] for body in first] == [event_id for event_id, _ in rendered]
    assert [sorted(change["n"] for change in body["data"]["changes"]) for body in first[:3]] == \
        [list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]
    assert first[3]["event_id"] == str(after.event_id)
    assert len({body["event_id"] for body in first} | {str(bundle)}) == 5
    assert outbox_row(relayless_db, bundle).published_at is not None

    with relayless_db.transaction() as session:  # as if the relay had crashed before its commit
        session.execute(outbox.update().where(outbox.c.event_id == bundle).values(published_at=None))
    with ConfirmedPublisher(settings) as publisher:
        relay_once(relayless_db.engine, publisher, renderers=RENDERERS)
    again = eventually(lambda: received(queue))
    forget(relayless_db, bundle, after.event_id)
    assert again == first[:3]  # the same events, ids and all: consumers' inboxes drop them


def test_a_bundle_is_kept_and_retried_when_an_event_is_unroutable_or_its_renderer_unknown(settings, relayless_db):
    routing_key = f"test.nobody.{uuid.uuid4().hex[:8]}"
    unroutable = a_bundle(relayless_db, routing_key, rows=3, batch=1)
    unknown = a_bundle(relayless_db, routing_key, rows=3, batch=1, renderer="test.nobody.knows")
    with ConfirmedPublisher(settings, exchange=f"test.unbound.{uuid.uuid4().hex[:8]}") as publisher:
        publisher._open_channel().exchange_declare(publisher.exchange, exchange_type="topic", auto_delete=True)
        relay_once(relayless_db.engine, publisher, renderers=RENDERERS)
    rows = [outbox_row(relayless_db, bundle) for bundle in (unroutable, unknown)]
    forget(relayless_db, unroutable, unknown)
    assert [(row.published_at, row.attempts) for row in rows] == [(None, 1), (None, 1)]
    assert "no queue bound" in rows[0].last_error and "test.nobody.knows" in rows[1].last_error


def test_a_bundles_events_stream_through_the_relay_a_few_at_a_time(relayless_db):
    """200 events of about 300 kB each: rendered through a server-side cursor, so the relay's memory
    holds a few of them, never all 60 MB."""
    routing_key = f"test.bundle.{uuid.uuid4().hex[:8]}"
    bundle = a_bundle(relayless_db, routing_key, rows=200_000, batch=1000, pad=300)
    rss, cursors, events, size = [resident_bytes()], set(), 0, 0
    try:
        with relayless_db.engine.connect() as connection:
            for _, key, envelope in outbox_events(connection, RENDERERS, routing_key):
                events += 1
                size += len(json.dumps(envelope))
                rss.append(resident_bytes())
                cursors.add(connection.exec_driver_sql("SELECT count(*) FROM pg_cursors").scalar())
    finally:
        forget(relayless_db, bundle)
    assert events == 200 and size > 60_000_000
    assert cursors == {2}  # read through server-side cursors: the outbox's, and the bundle's events
    assert max(rss) - rss[0] < size / 4


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

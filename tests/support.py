"""Helpers the tests share."""
import csv
import json
import os
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pika
from alembic import command
from pika.exceptions import ChannelClosedByBroker
from sqlalchemy.engine import make_url

from clients.csv import announcements
from clients.models import HUD_TABLES, organization_agencies
from hmis_kit import migrations
from hmis_kit.db import create_database, drop_database, make_engine
from hmis_kit.events import Event, EventType
from hmis_kit.messaging import ConfirmedPublisher, declare_exchanges
from hmis_kit.outbox import outbox_events

# How many clients the shared generated HMIS CSV export holds.
GENERATED_CLIENTS = 60
# HUD's FY2026 LSA sample export (255,203 rows), where this machine and CI keep the project's test data.
HUD_SAMPLE = Path(os.environ.get("HMIS_HUD_SAMPLE", "/work/shared/data/hud-fy2026-lsa-sample/Sample HMIS Data.zip"))


@contextmanager
def migrated_database(settings, service: str, name: str):
    """A private database of `service`'s, migrated to head (named `<prefix>_<name>`): its engine, dropped after."""
    url = make_url(settings.database_url(service)).set(database=f"{settings.db_prefix}_{name}")
    url = url.render_as_string(hide_password=False)
    create_database(url)
    command.upgrade(migrations.alembic_config(service, url), "head")
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(url)


def eventually(check, timeout: float = 15.0, interval: float = 0.05):
    """Call `check` until it returns a truthy value (returned) or the time is up (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {check}")
        time.sleep(interval)


def outbox_envelopes(engine, routing_key: str | None = None) -> list[dict]:
    """The envelopes of the events in the outbox of the clients service's database at `engine` (of
    `routing_key`, when given), in order: an import's bundles rendered as the relay renders them."""
    with engine.connect() as connection:
        return [envelope for _, _, envelope in outbox_events(connection, announcements.RENDERERS, routing_key)]


def announced_changes(engine, event_type: EventType, field: str | None = None, value=None) -> list[dict]:
    """The changes (`clients.<record>.changed`) in the outbox of `engine`'s database (those whose `field` is
    `value`, when a field is named), in the order announced; every event of the type found must load as an
    envelope of its schema's version and its payload through its contract schema."""
    found = []
    for envelope in outbox_envelopes(engine, str(event_type)):
        event = Event.load(envelope)
        assert event.schema_version == event_type.version, envelope
        event_type.check(event.data)
        found += [change for change in event.data["changes"] if field is None or change.get(field) == value]
    return found


def flask_caller(client):
    """hmis_platform.onboarding's `call` over Flask's test client."""
    def call(method: str, path: str, headers: dict | None = None, json: dict | None = None):
        response = client.open(path, method=method, headers=headers or {}, json=json)
        return response.status_code, response.get_json(silent=True)
    return call


def access_for(agency_id: str, decision_id: str | None = None) -> dict:
    """The `access` context the gateway hands a service, for calling one directly."""
    return {"principal": {"kind": "user", "id": str(uuid.uuid4()), "agency_id": agency_id, "roles": ["case_manager"]},
            "action": "clients:read", "decision_id": decision_id or str(uuid.uuid4()), "purpose": None,
            "break_glass_reason": None, "consent": None}


def add_project(engine, agency_id: str, victim_service_provider: int = 0) -> str:
    """A project of an organization the agency runs, as an import would leave it."""
    organization_id, project_id = (f"{kind}{uuid.uuid4().hex[:12]}" for kind in "OP")
    stamp = {"date_created": datetime(2025, 1, 1), "date_updated": datetime(2025, 1, 1), "user_id": "u1",
             "export_id": "e1"}
    with engine.begin() as connection:
        connection.execute(HUD_TABLES["Organization"].insert().values(
            organization_id=organization_id, organization_name="Harbor House", victim_service_provider=victim_service_provider,
            **stamp))
        connection.execute(HUD_TABLES["Project"].insert().values(
            project_id=project_id, organization_id=organization_id, project_name="Harbor ES",
            operating_start_date=date(2025, 1, 1), continuum_project=1, project_type=0, **stamp))
        connection.execute(organization_agencies.insert().values(organization_id=organization_id, agency_id=agency_id))
    return project_id


def read_csv(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as source:
        return list(csv.reader(source))


def write_csv(path, table, line_ending: str = "\r\n") -> None:
    """Rows to a CSV file, with CRLF line endings as HUD's spec has them."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator=line_ending).writerows(table)


class EventTap:
    """Every event on this run's events exchange, kept in a private queue bound to `#` (read with pika)."""

    def __init__(self, settings):
        self._connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_uri))
        self._channel = self._connection.channel()
        declare_exchanges(self._channel, settings)
        self._queue = self._channel.queue_declare("", exclusive=True).method.queue
        self._channel.queue_bind(self._queue, settings.events_exchange, "#")

    def take(self) -> list[dict]:
        """The events that arrived since the last take, oldest first."""
        bodies = []
        while (message := self._channel.basic_get(self._queue, auto_ack=True))[0] is not None:
            bodies.append(json.loads(message[2]))
        return bodies

    def consumers(self, queue: str) -> int:
        """How many consumers a queue has (0 when it does not exist)."""
        channel = self._connection.channel()  # a passive declare of a missing queue closes its channel
        try:
            return channel.queue_declare(queue, passive=True).method.consumer_count
        except ChannelClosedByBroker:
            return 0
        finally:
            if channel.is_open:
                channel.close()

    def close(self) -> None:
        self._connection.close()


class OneService:
    """One service running alone (the `service` fixture): call its RPCs, see what each call published, and
    feed it the events it follows as another service would publish them."""

    def __init__(self, name: str, rpc, tap: EventTap, settings):
        self.name, self.rpc, self._tap, self._settings = name, rpc, tap, settings
        self._fed: set[str] = set()

    def published(self) -> list[dict]:
        """The events it published since the last look: its outbox relayed to the last row, then read."""
        eventually(lambda: self.rpc.status()["outbox_backlog"] == 0)
        return [body for body in self._tap.take() if body.get("event_id") not in self._fed]

    def call(self, method: str, *args) -> tuple[object, list[dict]]:
        """An RPC's answer, and the events the call published."""
        self.published()
        answer = getattr(self.rpc, method)(*args)
        return answer, self.published()

    def feed(self, event_type: str, source: str, data: dict) -> Event:
        """Publish an event of another service on the broker, as its outbox relay would."""
        event = Event.new(event_type, source, data)
        self._fed.add(str(event.event_id))
        with ConfirmedPublisher(self._settings) as publisher:
            publisher.publish(event.type, event.dump(), message_id=str(event.event_id))
        return event

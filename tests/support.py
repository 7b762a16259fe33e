"""Helpers the tests share."""
import csv
import time
import uuid
from datetime import date, datetime

from clients.models import HUD_TABLES, organization_agencies
from hmis_kit.events import Event, EventType

# How many clients the shared generated HMIS CSV export holds.
GENERATED_CLIENTS = 60


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


def announced_changes(engine, event_type: EventType, field: str | None = None, value=None) -> list[dict]:
    """The changes (`clients.<record>.changed`) in the outbox of `engine`'s database (those whose `field` is
    `value`, when a field is named), in the order announced; every event of the type found must load as an
    envelope of its schema's version and its payload through its contract schema."""
    found = []
    with engine.connect() as connection:
        for envelope in connection.exec_driver_sql("SELECT envelope FROM outbox WHERE routing_key = %(type)s ORDER BY id",
                                                   {"type": str(event_type)}).scalars():
            event = Event.load(envelope)
            assert event.schema_version == event_type.version, envelope
            event_type.check(event.data)
            found += [change for change in event.data["changes"] if field is None or change.get(field) == value]
    return found


def flask_caller(client):
    """hmis_kit.onboarding's `call` over Flask's test client."""
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

"""Helpers the tests share."""
import csv
import time
import uuid
from datetime import date, datetime

from clients.models import HUD_TABLES, organization_agencies

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

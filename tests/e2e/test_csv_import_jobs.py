"""HMIS CSV import through the API: a zip uploaded, imported in the background by a worker process, its
progress and report read back; a failed import leaves nothing and says why; only the HMIS lead may. A
job whose worker cannot start fails with the reason after its retries; a job not finished can be cancelled."""
import csv
import io
import shutil
import zipfile
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from clients.csv import generator
from clients.models import clients
from e2e.conftest import new_agency
from hmis_kit import jobs
from hmis_kit.db import make_engine
from support import GENERATED_CLIENTS, eventually

pytestmark = pytest.mark.e2e
PATH = "/api/v1/csv-imports"


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    generator.generate(folder, GENERATED_CLIENTS, seed=23, problems=generator.CLEAN)
    return shutil.make_archive(str(folder / "export"), "zip", folder)


@pytest.fixture(scope="module")
def clients_database(settings):
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


def with_clients_changed(export_zip, change) -> bytes:
    """The export zipped again with `change(table)` applied to Client.csv's rows (the header first)."""
    changed = io.BytesIO()
    with zipfile.ZipFile(export_zip) as source, zipfile.ZipFile(changed, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "Client.csv":
                table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
                change(table)
                out = io.StringIO()
                csv.writer(out, lineterminator="\r\n").writerows(table)
                data = out.getvalue().encode()
            target.writestr(name, data)
    return changed.getvalue()


def finished(client, headers, job_id, timeout: float = 120):
    def check():
        job = client.get(f"{PATH}/{job_id}", headers=headers).get_json()
        return job if job["status"] in ("succeeded", "failed", "cancelled") else None
    return eventually(check, timeout=timeout)


def start(client, lead, agency_id, body):
    started = client.post(f"{PATH}?agency_id={agency_id}", headers=lead.headers, data=body,
                          content_type="application/zip")
    assert started.status_code == 202, started.get_json()
    return started.get_json()["id"]


def clients_of(engine, agency_id) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(clients)
                                  .where(clients.c.agency_id == agency_id)).scalar()


def test_the_hmis_lead_imports_a_zip_in_the_background_and_follows_it(app, call, lead, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Importing")
    with open(export_zip, "rb") as body:
        started = client.post(f"{PATH}?strictness=warn&agency_id={agency_id}", headers=lead.headers, data=body,
                              content_type="application/zip")
    assert started.status_code == 202, started.get_json()
    assert started.get_json()["status"] == "queued" and started.get_json()["agency_id"] == agency_id
    job = finished(client, lead.headers, started.get_json()["id"])
    assert job["status"] == "succeeded", job["report"]
    assert job["progress"] == 1.0 and job["bytes_read"] == job["bytes_total"] > 0
    assert job["report"]["files"]["Client.csv"]["inserted"] == GENERATED_CLIENTS
    assert job["report"]["errors"] == 0 and job["finished_at"] >= job["started_at"]


def test_an_import_job_audits_each_client_for_the_user_who_asked_under_their_decision(app, call, lead, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Audited")
    since = datetime.now(timezone.utc)

    def updated_now(table):  # so every client is written, whatever imports of the export came before
        for row in table[1:]:
            row[table[0].index("DateUpdated")] = since.strftime("%Y-%m-%d %H:%M:%S")
    started = client.post(f"{PATH}?agency_id={agency_id}", headers=lead.headers,
                          data=with_clients_changed(export_zip, updated_now), content_type="application/zip").get_json()
    assert finished(client, lead.headers, started["id"])["status"] == "succeeded"
    trail = client.get(f"/api/v1/audit/principals/{lead.user_id}", headers=lead.headers,
                       query_string={"since": since.isoformat()}).get_json()
    imported = [row for row in trail if row["file"] == f"csv-imports/{started['id']}"]
    assert len(imported) == len({row["client_id"] for row in imported}) == GENERATED_CLIENTS
    decisions = client.get("/api/v1/decisions", headers=lead.headers, query_string={
        "principal_id": lead.user_id, "action": "csv:import", "since": since.isoformat(), "limit": 1000}).get_json()
    start_decision = decisions[-1]["decision_id"]  # newest first: the first is the POST's
    assert {(row["action"], row["principal_kind"], row["decision_id"], row["source"]) for row in imported} == \
        {("import", "user", start_decision, "clients")}


def test_a_rejected_import_fails_with_its_report_and_writes_nothing(app, call, lead, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Rejected")
    def break_the_first(table):
        table[1][table[0].index("NameDataQuality")] = "7"
    started = client.post(f"{PATH}?agency_id={agency_id}", headers=lead.headers,
                          data=with_clients_changed(export_zip, break_the_first), content_type="application/zip")
    job = finished(client, lead.headers, started.get_json()["id"])
    assert job["status"] == "failed" and job["report"]["errors"] == 1
    assert job["report"]["files"]["Client.csv"]["listed"][0]["message"] == "not in list NameDataQuality"
    assert job["report"]["inserted"] == 0


def test_an_upload_that_is_not_a_zip_is_refused_naming_the_body(app, lead):
    refused = app.test_client().post(PATH, headers=lead.headers, data=b"PersonalID,FirstName\r\n",
                                     content_type="text/csv")
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"body": ["must be a zip of the export's CSV files"]}


def test_a_bad_strictness_is_refused_naming_the_field(app, lead):
    refused = app.test_client().post(f"{PATH}?strictness=lenient", headers=lead.headers, data=b"PK\x03\x04")
    assert refused.status_code == 422 and "strictness" in refused.get_json()["fields"]


def test_only_the_hmis_lead_imports(app, network, export_zip):
    with open(export_zip, "rb") as body:
        refused = app.test_client().post(PATH, headers=network.a_admin.headers, data=body)
    assert refused.status_code == 403


def test_a_job_whose_worker_cannot_reach_the_database_fails_with_the_reason_after_its_retries(
        app, call, lead, export_zip, clients_database, monkeypatch):
    # The worker process reads its database from the environment; this one refuses every connection.
    monkeypatch.setenv("CLIENTS_DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:1/refused")
    monkeypatch.setattr(jobs, "WORKER_RETRY_SECONDS", 0.1)
    client, agency_id = app.test_client(), new_agency(call, lead, "Unreachable")
    with open(export_zip, "rb") as body:
        job = finished(client, lead.headers, start(client, lead, agency_id, body), timeout=60)
    assert job["status"] == "failed" and job["finished_at"] is not None
    assert job["report"] == {"error": jobs.WORKER_NEVER_STARTED.format(kind="import", starts=jobs.WORKER_STARTS,
                                                                       status=1, service="clients")}
    assert clients_of(clients_database, agency_id) == 0


def test_a_running_job_is_cancelled_and_writes_nothing(app, call, lead, export_zip, clients_database):
    client, agency_id = app.test_client(), new_agency(call, lead, "Cancelled")
    with clients_database.connect() as holder:
        # The import waits for this lock as soon as it begins: it is running, and stays so until cancelled.
        holder.exec_driver_sql(f"LOCK TABLE {clients.name} IN ACCESS EXCLUSIVE MODE")
        with open(export_zip, "rb") as body:
            job_id = start(client, lead, agency_id, body)
        eventually(lambda: client.get(f"{PATH}/{job_id}", headers=lead.headers).get_json()["status"] == "running",
                   timeout=60)
        cancelled = client.post(f"{PATH}/{job_id}/cancel", headers=lead.headers)
        assert cancelled.status_code == 200, cancelled.get_json()
        assert cancelled.get_json()["status"] == "cancelled" and cancelled.get_json()["finished_at"]
        eventually(lambda: not worker_connections(clients_database, job_id), timeout=60)  # its queries cancelled
        holder.rollback()
    job = client.get(f"{PATH}/{job_id}", headers=lead.headers).get_json()
    assert job["status"] == "cancelled" and job["report"] is None
    assert clients_of(clients_database, agency_id) == 0


def worker_connections(engine, job_id) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = %(name)s",
                                          {"name": jobs.worker_name(job_id)}).scalar()


def test_a_finished_job_cannot_be_cancelled(app, call, lead, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Finished")
    with open(export_zip, "rb") as body:
        job_id = start(client, lead, agency_id, body)
    assert finished(client, lead.headers, job_id)["status"] == "succeeded"
    refused = client.post(f"{PATH}/{job_id}/cancel", headers=lead.headers)
    assert refused.status_code == 409 and refused.get_json()["fields"] == {"import_id": ["the job is succeeded"]}
    assert client.get(f"{PATH}/{job_id}", headers=lead.headers).get_json()["status"] == "succeeded"


def test_only_the_hmis_lead_cancels(app, call, lead, network, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Not theirs")
    with open(export_zip, "rb") as body:
        job_id = start(client, lead, agency_id, body)
    refused = client.post(f"{PATH}/{job_id}/cancel", headers=network.a_admin.headers)
    assert refused.status_code == 403
    finished(client, lead.headers, job_id)


def test_a_zip_without_the_files_every_export_has_fails_naming_them(app, call, lead, clients_database):
    client, agency_id = app.test_client(), new_agency(call, lead, "Not an export")
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as out:
        out.writestr("Project.csv", "ProjectID\r\n")
    job = finished(client, lead.headers, start(client, lead, agency_id, upload.getvalue()))
    assert job["status"] == "failed"
    assert job["report"] == {"error": "not an HMIS CSV export: Export.csv and Client.csv missing (every export has "
                                      "Export.csv and Client.csv); nothing was written"}
    assert clients_of(clients_database, agency_id) == 0


def test_a_zip_bomb_fails_its_job_before_anything_is_read_naming_the_rule(app, call, lead, clients_database):
    client, agency_id = app.test_client(), new_agency(call, lead, "Zip bomb")
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Export.csv", "ExportID\r\n")
        out.writestr("Client.csv", "PersonalID\r\n")
        with out.open("Enrollment.csv", "w") as member:  # 100 MB of zeros, about 100 KB compressed
            for _ in range(100):
                member.write(bytes(1 << 20))
    job = finished(client, lead.headers, start(client, lead, agency_id, upload.getvalue()), timeout=30)
    assert job["status"] == "failed"
    assert job["report"]["error"].startswith("Enrollment.csv expands from ")
    assert job["report"]["error"].endswith(f" to {100 << 20} bytes: a zip member may expand at most 200:1 "
                                           "(HMIS_IMPORT_MAX_RATIO); more is a zip bomb; nothing was written")
    assert job["bytes_read"] == 0
    assert clients_of(clients_database, agency_id) == 0

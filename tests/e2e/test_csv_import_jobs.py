"""HMIS CSV import through the API: a zip uploaded, imported in the background by a worker process, its
progress and report read back; a failed import leaves nothing and says why; only the HMIS lead may."""
import csv
import io
import shutil
import zipfile
from datetime import datetime, timezone

import pytest

from clients.csv import generator
from e2e.conftest import new_agency
from support import GENERATED_CLIENTS, eventually

pytestmark = pytest.mark.e2e
PATH = "/api/v1/csv-imports"


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    generator.generate(folder, GENERATED_CLIENTS, seed=23)
    return shutil.make_archive(str(folder / "export"), "zip", folder)


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


def finished(client, headers, job_id):
    def check():
        job = client.get(f"{PATH}/{job_id}", headers=headers).get_json()
        return job if job["status"] in ("succeeded", "failed") else None
    return eventually(check, timeout=120)


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
    assert job["report"]["files"]["Client.csv"]["errors"][0]["rule"] == "not in list NameDataQuality"
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

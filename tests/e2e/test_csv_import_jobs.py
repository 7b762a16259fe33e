"""HMIS CSV import through the API: a zip uploaded, imported in the background by a worker process, its
progress and report read back; a failed import leaves nothing and says why; only the HMIS lead may."""
import csv
import io
import shutil
import zipfile

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


def test_a_rejected_import_fails_with_its_report_and_writes_nothing(app, call, lead, export_zip):
    client, agency_id = app.test_client(), new_agency(call, lead, "Rejected")
    broken = io.BytesIO()
    with zipfile.ZipFile(export_zip) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "Client.csv":
                table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
                table[1][table[0].index("NameDataQuality")] = "7"
                out = io.StringIO()
                csv.writer(out, lineterminator="\r\n").writerows(table)
                data = out.getvalue().encode()
            target.writestr(name, data)
    started = client.post(f"{PATH}?agency_id={agency_id}", headers=lead.headers, data=broken.getvalue(),
                          content_type="application/zip")
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

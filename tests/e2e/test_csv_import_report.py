"""An API import's full report, through the gateway: every row left out or flagged, a page at a time and as a CSV
download, for whoever may follow the import and for no one else."""
import csv
import io

import pytest

from e2e.conftest import new_agency
from e2e.test_csv_import_jobs import PATH, export_zip, finished, start, with_clients_changed  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e
BROKEN = 25  # clients whose NameDataQuality is outside its list: under warn each is left out, with its records
COLUMNS = ["file", "line", "record_id", "field", "rule_id", "value", "message", "outcome"]


def break_clients(table):
    for row in table[1:BROKEN + 1]:
        row[table[0].index("NameDataQuality")] = "7"


@pytest.fixture(scope="module")
def left_out_import(app, call, lead, export_zip):  # noqa: F811
    """A warn import through the API that left BROKEN clients, and the records under them, out."""
    client, agency_id = app.test_client(), new_agency(call, lead, "Reported")
    started = client.post(f"{PATH}?strictness=warn&agency_id={agency_id}", headers=lead.headers,
                          data=with_clients_changed(export_zip, break_clients), content_type="application/zip")
    assert started.status_code == 202, started.get_json()
    job = finished(client, lead.headers, started.get_json()["id"])
    assert job["status"] == "succeeded", job["report"]
    return job


def pages(client, headers, import_id, per_page):
    page, entries = 1, []
    while True:
        answer = client.get(f"{PATH}/{import_id}/report", headers=headers,
                            query_string={"page": page, "per_page": per_page})
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        entries += body["entries"]
        if page >= body["pages"]:
            return body, entries
        page += 1


def test_the_full_report_is_served_a_page_at_a_time(app, lead, left_out_import):
    import_id, summary = left_out_import["id"], left_out_import["report"]
    assert summary["full_report"] == f"{PATH}/{import_id}/report"
    assert summary["files"]["Client.csv"]["rules"]["structural.list"] == {"left_out": BROKEN}
    last, entries = pages(app.test_client(), lead.headers, import_id, per_page=7)
    assert last["total"] == len(entries) == summary["entries"] and last["pages"] == -(-len(entries) // 7)
    broken = [entry for entry in entries if entry["message"] == "not in list NameDataQuality"]
    assert [(entry["file"], entry["line"], entry["field"], entry["value"], entry["outcome"]) for entry in broken] == \
        [("Client.csv", line, "NameDataQuality", "7", "left_out") for line in range(2, BROKEN + 2)]
    assert len({entry["record_id"] for entry in broken}) == BROKEN
    # the generated answers of 99 (not collected) are stored, and flagged as data-quality findings
    flagged = [entry for entry in entries if entry["outcome"] == "flagged" and entry["rule_id"]]
    assert flagged and len(flagged) == sum(outcomes.get("flagged", 0) for file in summary["files"].values()
                                           for rule, outcomes in file["rules"].items() if rule.startswith("dq."))
    past_the_end = app.test_client().get(f"{PATH}/{import_id}/report", headers=lead.headers,
                                         query_string={"page": last["pages"] + 1}).get_json()
    assert past_the_end["entries"] == [] and past_the_end["total"] == len(entries)


def test_the_full_report_downloads_as_csv(app, lead, left_out_import):
    import_id = left_out_import["id"]
    download = app.test_client().get(f"{PATH}/{import_id}/report", headers=lead.headers,
                                     query_string={"format": "csv"})
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert f"import-{import_id}-report.csv" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    _, entries = pages(app.test_client(), lead.headers, import_id, per_page=1000)
    assert rows[0] == COLUMNS
    assert rows[1:] == [["" if entry[column] is None else str(entry[column]) for column in COLUMNS]
                        for entry in entries]


def test_another_agency_cannot_read_an_import_report(app, network, left_out_import):
    for person in (network.a_admin, network.b_worker):
        for query in ({}, {"format": "csv"}):
            refused = app.test_client().get(f"{PATH}/{left_out_import['id']}/report", headers=person.headers,
                                            query_string=query)
            assert refused.status_code == 403, (person, query)


def test_a_bad_page_is_refused_naming_it(app, lead, left_out_import):
    refused = app.test_client().get(f"{PATH}/{left_out_import['id']}/report", headers=lead.headers,
                                    query_string={"page": 0, "per_page": 5000})
    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"page", "per_page"}


def test_a_rejected_import_serves_its_report_too(app, call, lead, export_zip):  # noqa: F811
    client, agency_id = app.test_client(), new_agency(call, lead, "Rejected report")
    job = finished(client, lead.headers, start(client, lead, agency_id, with_clients_changed(export_zip, break_clients)))
    assert job["status"] == "failed" and job["report"]["full_report"] == f"{PATH}/{job['id']}/report"
    _, entries = pages(client, lead.headers, job["id"], per_page=10)
    assert [entry["line"] for entry in entries if entry["outcome"] == "rejected"] == list(range(2, BROKEN + 2))

"""The Data Quality report (reports.questions.data_quality) on hand-built warehouse rows: HUD's tables are
the APR's under the report's numbers, and the findings the import and the API keep are counted by rule for
the report's people and projects."""
from datetime import date, datetime, timezone

import pytest

from hud.fy2026.catalogue import RULES
from reports.catalogue import REPORTS
from reports.questions.data_quality import HUD_TABLES
from reports.questions.findings import DATA_QUALITY_RULES, FINDINGS, TOTAL_ROW
from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

START, END = date(2025, 1, 1), date(2025, 12, 31)
FINDINGS_COLUMN, RECORDS, CLIENTS, SHARE = 1, 2, 3, 4
FOUND = datetime(2025, 6, 1, tzinfo=timezone.utc)


@pytest.fixture
def findings(warehouse):
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE data_quality_findings")
    return warehouse


def row_of(rule_id: str) -> int:
    return [rule.id for rule in DATA_QUALITY_RULES].index(rule_id) + 1


def finding(warehouse, file, record_id, rule_id, field, personal_id=None, project_id=None, enrollment_id=None,
            source=1):
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO data_quality_findings (file, record_id, source, personal_id, enrollment_id, project_id, "
            "rule_id, field, found_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (file, record_id, source, personal_id, enrollment_id, project_id, rule_id, field, FOUND))


def test_findings_rows_are_the_catalogues_data_quality_rules():
    assert [label.split(":")[0] for label in FINDINGS.rows[:-1]] == [r.id for r in RULES if not r.structural]
    assert FINDINGS.rows[-1] == "Total" and TOTAL_ROW == len(FINDINGS.rows)


def test_findings_are_counted_by_rule_for_the_reports_people_and_projects(findings):
    warehouse = findings
    warehouse.project("P1", project_type=0)
    warehouse.project("P2", project_type=0)
    warehouse.client("A", dob=date(1980, 1, 1))
    warehouse.client("B", dob=date(1990, 1, 1))
    warehouse.enrollment("EA", "A", "P1", date(2025, 2, 1))
    warehouse.enrollment("EB", "B", "P1", date(2025, 3, 1))
    warehouse.enrollment("EA-old", "A", "P2", date(2023, 1, 1))
    warehouse.exit("EA-old", date(2023, 6, 1))
    # A: a veteran status not collected (their client record) and a refused disabling condition, twice on
    # one enrollment record; B: a refused disabling condition.
    finding(warehouse, "Client", "A", "dq.missing.not_collected", "VeteranStatus", personal_id="A")
    finding(warehouse, "Enrollment", "EA", "dq.missing.refused", "DisablingCondition", "A", "P1", "EA")
    finding(warehouse, "Enrollment", "EA", "dq.missing.refused", "RelationshipToHoH", "A", "P1", "EA")
    finding(warehouse, "Enrollment", "EB", "dq.missing.refused", "DisablingCondition", "B", "P1", "EB")
    # the report's project itself: no member
    finding(warehouse, "Project", "P1", "dq.missing.not_collected", "HousingType", project_id="P1")
    # not the report's: A's stay in a project the report does not cover, a person not in it, another source
    finding(warehouse, "Enrollment", "EA-old", "dq.missing.refused", "DisablingCondition", "A", "P2", "EA-old")
    finding(warehouse, "Client", "Z", "dq.missing.refused", "VeteranStatus", personal_id="Z")
    finding(warehouse, "Client", "A", "dq.dob.early", "DOB", personal_id="A", source=2)

    cells = answer(warehouse, FINDINGS, START, END, project_ids=["P1"])

    refused, not_collected = row_of("dq.missing.refused"), row_of("dq.missing.not_collected")
    assert value(cells, refused, FINDINGS_COLUMN) == 3 and value(cells, refused, RECORDS) == 2
    assert value(cells, refused, CLIENTS) == 2 and members(cells, refused, CLIENTS) == ["A", "B"]
    assert value(cells, refused, SHARE) == 1
    assert value(cells, not_collected, FINDINGS_COLUMN) == 2 and value(cells, not_collected, CLIENTS) == 1
    assert members(cells, not_collected, FINDINGS_COLUMN) == ["A"] and value(cells, not_collected, SHARE) == 0.5
    assert value(cells, row_of("dq.dob.early"), FINDINGS_COLUMN) == 0
    assert value(cells, TOTAL_ROW, FINDINGS_COLUMN) == 5 and value(cells, TOTAL_ROW, RECORDS) == 4
    assert members(cells, TOTAL_ROW, CLIENTS) == ["A", "B"]


def test_a_finding_of_each_rule_is_counted_in_its_row(findings):
    warehouse = findings
    warehouse.project("P1", project_type=0)
    warehouse.client("A", dob=date(1980, 1, 1))
    warehouse.enrollment("EA", "A", "P1", date(2025, 2, 1))
    for number, rule in enumerate(DATA_QUALITY_RULES):
        finding(warehouse, "Enrollment", "EA", rule.id, f"Field{number}", "A", "P1", "EA")

    cells = answer(warehouse, FINDINGS, START, END)

    for rule in DATA_QUALITY_RULES:
        assert value(cells, row_of(rule.id), FINDINGS_COLUMN) == 1, rule.id
        assert members(cells, row_of(rule.id), CLIENTS) == ["A"], rule.id
    assert value(cells, TOTAL_ROW, FINDINGS_COLUMN) == len(DATA_QUALITY_RULES)
    assert value(cells, TOTAL_ROW, RECORDS) == 1 and value(cells, TOTAL_ROW, SHARE) == 1

def test_hud_tables_are_the_apr_tables_under_the_reports_numbers():
    report = REPORTS["data-quality"]
    apr = {question.id: question for question in REPORTS["apr"]}

    assert [question.id for question in report] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Findings"]
    for question, (number, _, apr_id) in zip(report, HUD_TABLES):
        assert question.id == number and question.sql == apr[apr_id].sql and question.rows == apr[apr_id].rows
        assert question.shaded == apr[apr_id].shaded
    assert report[-1] is FINDINGS


def test_a_missing_or_refused_answer_is_counted_in_its_cell_over_its_denominator(warehouse):
    q1, q2, q3, q4 = REPORTS["data-quality"][:4]
    dk, missing, total, rate = 1, 2, 4, 5
    warehouse.project("ES", project_type=0)
    warehouse.client("A", dob=date(1980, 1, 1), name_data_quality=8)          # name: doesn't know
    warehouse.client("B", dob=date(1980, 1, 1), ssn_data_quality=99)          # SSN: not collected
    warehouse.client("C", dob_data_quality=9)                                 # date of birth: refused
    warehouse.client("D", dob=date(2015, 1, 1), veteran_status=99)            # a child: veteran status not asked
    warehouse.client("E", dob=date(1980, 1, 1), veteran_status=9)             # veteran status: refused
    for personal_id in ("F", "G", "H"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    for personal_id in ("A", "B", "C", "D", "E", "F", "G", "H"):
        warehouse.enrollment(f"E{personal_id}", personal_id, "ES", date(2025, 2, 1),
                             disabling_condition=99 if personal_id == "E" else 0)
    warehouse.exit("EF", date(2025, 5, 1), destination=99)                    # destination: not collected
    warehouse.exit("EG", date(2025, 5, 1), destination=8)                     # destination: doesn't know
    warehouse.exit("EH", date(2025, 5, 1), destination=410)

    cells = {question.id: answer(warehouse, question, START, END) for question in (q1, q2, q3, q4)}

    assert value(cells["Q1"], 1, 1) == 8 and value(cells["Q1"], 5, 1) == 3    # everyone; the leavers
    assert members(cells["Q2"], 1, dk) == ["A"] and value(cells["Q2"], 1, rate) == 0.125  # of all 8
    assert members(cells["Q2"], 2, missing) == ["B"] and value(cells["Q2"], 2, rate) == 0.125
    assert members(cells["Q2"], 3, dk) == ["C"] and members(cells["Q2"], 3, total) == ["C"]
    assert members(cells["Q3"], 1, dk) == ["E"] and members(cells["Q3"], 1, missing) == []  # D is a child
    assert value(cells["Q3"], 1, rate) == 0.1429                             # of the 7 of known age
    assert members(cells["Q3"], 5, missing) == ["E"] and value(cells["Q3"], 5, rate) == 0.125
    assert members(cells["Q4"], 1, dk) == ["G"] and members(cells["Q4"], 1, missing) == ["F"]
    assert value(cells["Q4"], 1, total) == 2 and value(cells["Q4"], 1, rate) == 0.6667  # of the 3 leavers

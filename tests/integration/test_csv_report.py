"""The full import report: every row an import rejects, leaves out, repairs or flags, however many, in
the CSV `hmis csv import --report FILE` writes, counted per file and rule in the summary; never a
person's name, SSN or date of birth, nor free text, as a value."""
import csv
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from clients.csv import commands, generator, importer, report
from hmis_platform.cli import main as hmis
from hud.fy2026 import catalogue
from support import read_csv, write_csv

pytestmark = pytest.mark.integration
BROKEN_CLIENTS = 1_200  # more than the 1,000 problems a file's report once listed at most
NOT_IN_LIST = "not in list NameDataQuality"
FUTURE_DOB_LINE = BROKEN_CLIENTS + 2  # the first client kept


@pytest.fixture(scope="module")
def broken_export(tmp_path_factory):
    """A generated export of 1,300 clients, the first BROKEN_CLIENTS with a NameDataQuality outside its
    list (a structural break: under warn the row is left out, and every record under it with it), and
    the next with a DOB in the future (a data-quality break: stored, and flagged)."""
    folder = tmp_path_factory.mktemp("broken")
    generator.generate(folder, BROKEN_CLIENTS + 100, seed=13, problems=generator.CLEAN)
    table = read_csv(folder / "Client.csv")
    header = table[0]
    for row in table[1:BROKEN_CLIENTS + 1]:
        row[header.index("NameDataQuality")] = "7"
    table[FUTURE_DOB_LINE - 1][header.index("DOB")] = "2999-01-01"
    write_csv(folder / "Client.csv", table)
    return folder


def read_report(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return rows


def test_the_report_file_holds_every_row_left_out_and_the_summary_counts_them_per_rule(
        engine, broken_export, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    report_file = tmp_path / "report.csv"
    result = CliRunner().invoke(hmis, ["csv", "import", str(broken_export), "--strictness", "warn",
                                       "--report", str(report_file)])
    assert result.exit_code == commands.LEFT_OUT, result.output
    rows = read_report(report_file)
    assert list(rows[0]) == list(report.COLUMNS)
    personal_ids = [row[0] for row in read_csv(broken_export / "Client.csv")[1:]]
    not_in_list = [row for row in rows if row["file"] == "Client.csv" and row["message"] == NOT_IN_LIST]
    assert [(int(row["line"]), row["record_id"], row["field"], row["value"], row["outcome"]) for row in not_in_list] \
        == [(line, personal_ids[line - 2], "NameDataQuality", "7", "left_out")
            for line in range(2, BROKEN_CLIENTS + 2)]
    dob = [row for row in rows if row["field"] == "DOB"]
    assert [(int(row["line"]), row["rule_id"], row["outcome"], row["value"]) for row in dob] == \
        [(FUTURE_DOB_LINE, "dq.date.future", "flagged", "")]  # no DOB
    # every enrollment of a client left out is left out too, and reported
    enrollments = read_csv(broken_export / "Enrollment.csv")
    left_out_clients = set(personal_ids[:BROKEN_CLIENTS])
    orphaned = {row[0] for row in enrollments[1:] if row[enrollments[0].index("PersonalID")] in left_out_clients}
    assert {row["record_id"] for row in rows if row["file"] == "Enrollment.csv" and row["field"] == "PersonalID"
            and row["rule_id"] == "structural.key.foreign"} == orphaned

    # the summary counts the same entries per file and rule, and says where they all are
    lines = result.stdout.splitlines()
    in_file = Counter((row["file"], row["rule_id"] or row["message"], row["outcome"]) for row in rows)
    assert in_file[("Client.csv", "structural.list", "left_out")] == BROKEN_CLIENTS
    assert in_file[("Client.csv", "dq.date.future", "flagged")] == 1
    # the per-file table, each column read by its heading, counts what the summary line counts
    heading = next(line.split() for line in lines if line.split()[:2] == ["file", "rows"])
    client_row = dict(zip(heading, next(line.split() for line in lines if line.split()[:1] == ["Client.csv"])))
    flagged = sum(count for (file, _, outcome), count in in_file.items() if (file, outcome) == ("Client.csv", "flagged"))
    assert (int(client_row["left_out"]), int(client_row["flagged"])) == (BROKEN_CLIENTS, flagged)
    assert heading[3:7] == ["updated", "left_out", "repaired", "flagged"]  # the summary line's order
    for (file, rule, outcome), count in in_file.items():
        assert any(line.split()[:1] == [file] and rule[:40] in line and str(count) in line.split() for line in lines), \
            (file, rule, outcome, count)
    assert f"the full report ({len(rows)} entries" in result.output and str(report_file) in result.output
    left_out_rows = {(row["file"], row["line"]) for row in rows if row["outcome"] == "left_out" and int(row["line"]) > 1}
    assert lines[-1].startswith(f"WARNING: {len(left_out_rows)} rows were left out and not written")


def test_the_summary_the_importer_returns_counts_what_the_full_report_holds(engine, broken_export):
    reports = report.Reports()
    try:
        summary = importer.import_export(engine, broken_export, "warn", reports=reports)
        entries = list(reports.entries())
    finally:
        reports.close()
    assert summary["entries"] == len(entries) > BROKEN_CLIENTS
    client = summary["files"]["Client.csv"]
    assert client["rules"]["structural.list"] == {"left_out": BROKEN_CLIENTS}
    assert client["rules"]["dq.date.future"] == {"flagged": 1}
    assert client["left_out"] == BROKEN_CLIENTS and client["inserted"] == 100
    assert len(client["listed"]) == report.LISTED_PER_FILE
    per_rule = Counter((file, rule, outcome) for file, _, _, _, rule_id, _, message, outcome in entries
                       for rule in [rule_id or message])
    assert per_rule == Counter({(filename, rule, outcome): count for filename, file in summary["files"].items()
                                for rule, outcomes in file["rules"].items() for outcome, count in outcomes.items()})


def test_a_reject_import_writes_its_report_too_and_fails(engine, broken_export, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    report_file = tmp_path / "rejected.csv"
    result = CliRunner().invoke(hmis, ["csv", "import", str(broken_export), "--report", str(report_file)])
    assert result.exit_code == 1 and result.stdout.startswith("FAILED, nothing was written")
    rows = read_report(report_file)
    assert sum(row["message"] == NOT_IN_LIST and row["outcome"] == "rejected" for row in rows) == BROKEN_CLIENTS


def test_an_import_that_leaves_no_row_out_exits_zero_and_reports_its_findings(engine, generated, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(hmis, ["csv", "import", str(generated), "--strictness", "warn"])
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.output
    # the generated answers of 99 (data not collected) are data-quality findings: the report flags them
    report_file = Path(result.output.split("the full report (")[1].split(" is in ")[1].split()[0])
    entries = read_report(report_file)
    report_file.unlink()
    assert entries and {row["outcome"] for row in entries} == {"flagged"}
    assert {row["rule_id"] for row in entries} <= {rule.id for rule in catalogue.RULES if not rule.structural}


def test_an_import_with_nothing_to_report_writes_no_report_unasked(engine, generated, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    for path in generated.glob("*.csv"):  # the files' headers, and the export's own row
        table = read_csv(path)
        write_csv(tmp_path / path.name, table if path.name == "Export.csv" else table[:1])
    result = CliRunner().invoke(hmis, ["csv", "import", str(tmp_path), "--strictness", "warn"])
    assert result.exit_code == 0, result.output
    assert "full report" not in result.output and "WARNING" not in result.output


def test_a_report_entry_never_holds_a_value_of_a_pii_or_free_text_field():
    file_report = report.FileReport()
    withheld = ("FirstName", "LastName", "SSN", "dob", "NameSuffix", "MiddleName", "Address1", "OtherDestination",
                "UserPhone", "AssessmentAnswer")
    for field in withheld:
        file_report.add(2, field, "a rule", "flagged", record_id="P1", value="secret")
    for field, value in (("NameDataQuality", "7"), ("CoCCode", "XX-501"), ("EntryDate", "2026-13-01")):
        file_report.add(3, field, "a rule", "flagged", value=value)
    try:
        assert [entry[4] for entry in file_report.entries()] == [""] * len(withheld) + ["7", "XX-501", "2026-13-01"]
    finally:
        file_report.close()
    with pytest.raises(ValueError, match="outcome"):
        report.FileReport().add(2, "Sex", "a rule", "warning")


def test_findings_reported_in_sql_are_the_entries_added_one_by_one(engine):
    """An import's findings become entries in SQL (`FileReport.flag_found`), thousands at a time: the same entries,
    counts and listing as adding each, by line, a PII field's value withheld, a value with a comma and a quote kept."""
    rules = [rule for rule in catalogue.RULES if not rule.structural][:3]
    findings = [(line, f"R{line}", field, rules[line % 3].id, value)
                for line in range(report.LISTED_PER_FILE + 30, 1, -1)  # out of order
                for field, value in (("DOB", "1990-01-01"), ("Sex", '9, "refused"'))]
    one_by_one, in_sql = report.FileReport(), report.FileReport()
    for file_report in (one_by_one, in_sql):
        file_report.add(1, "Sex", "a rule of the file", "flagged", rule_id="dq.file")
    for line, record_id, field, rule_id, value in sorted(findings, key=lambda f: (f[0], f[3], f[2])):
        one_by_one.add(line, field, catalogue.rule(rule_id).message, "flagged", record_id=record_id, rule_id=rule_id,
                       value=value)
    with engine.begin() as connection:
        values = ", ".join(f"({line}, '{record_id}', '{field}', '{rule_id}', $${value}$$)"
                           for line, record_id, field, rule_id, value in findings)
        in_sql.flag_found(connection, f"SELECT * FROM (VALUES {values}) f")
    try:
        assert list(in_sql.entries()) == list(one_by_one.entries())
        assert in_sql.counts == one_by_one.counts and in_sql.listed == one_by_one.listed
        assert {entry[4] for entry in in_sql.entries() if entry[2] == "DOB"} == {""}
    finally:
        one_by_one.close()
        in_sql.close()

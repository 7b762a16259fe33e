"""HUD's own FY2026 LSA sample export (255,203 rows, written by no one on this project), imported under each
strictness: every row is stored, and what is wrong with the data is found, counted per rule, as the
file's own values say it should be (the expectations are read from the CSV files here, not from the
importer)."""
import csv
import io
import zipfile
from collections import Counter

import pytest

from clients.csv import importer
from hud.fy2026 import checks
from hud.fy2026.spec import FILES, LISTS
from support import HUD_SAMPLE

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not HUD_SAMPLE.exists(), reason=f"HUD's sample export is not at {HUD_SAMPLE}")]
NOT_COLLECTED = {"8", "9", "99"}


@pytest.fixture(scope="module")
def sample() -> dict[str, list[dict]]:
    """The sample's files, as HUD's file names to their records."""
    files = {}
    with zipfile.ZipFile(HUD_SAMPLE) as archive:
        for member in archive.namelist():
            name = member.rsplit("/", 1)[-1].removesuffix(".csv")
            if name in FILES:
                with archive.open(member) as raw:
                    files[name] = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))
    return files


def expected_findings(sample) -> dict[tuple[str, str, str], int]:
    """(file, rule, field) -> findings, for the rules whose breaks are read straight off the files."""
    clients, exits = sample["Client"], sample["Exit"]
    stages = Counter((row["EnrollmentID"], row["DataCollectionStage"], row["DisabilityType"])
                     for row in sample["Disabilities"] if row["DataCollectionStage"] in ("1", "3") and not row["DateDeleted"])
    bed_nights = [row for row in sample["Services"] if row["RecordType"] == "200" and not row["DateDeleted"]]
    nights = Counter((row["EnrollmentID"], row["DateProvided"]) for row in bed_nights)
    exit_dates = {row["EnrollmentID"]: row["ExitDate"] for row in exits if not row["DateDeleted"]}
    return {
        ("Client", "dq.missing.not_collected", "Sex"): sum(row["Sex"] in ("", "99") for row in clients),
        ("Client", "dq.ssn.not_collected", "SSN"): sum(row["SSNDataQuality"] in NOT_COLLECTED and bool(row["SSN"])
                                                       for row in clients),
        ("Client", "dq.dob.not_collected", "DOB"): sum(row["DOBDataQuality"] in NOT_COLLECTED and bool(row["DOB"])
                                                       for row in clients),
        ("Exit", "dq.missing.refused", "Destination"): sum(row["Destination"] in ("8", "9") for row in exits),
        ("Disabilities", "dq.stage.duplicate", "DataCollectionStage"): sum(n for n in stages.values() if n > 1),
        ("Disabilities", "dq.answer_list", "DisabilityResponse"): sum(
            row["DisabilityType"] != "10" and row["DisabilityResponse"] in ("2", "3") for row in sample["Disabilities"]),
        # the sample has some: a bed night twice on a date, each kept with its finding
        ("Services", "dq.bed_night.duplicate", "DateProvided"): sum(n for n in nights.values() if n > 1),
        ("Services", "dq.bed_night.after_exit", "DateProvided"): sum(
            row["DateProvided"] >= exit_dates.get(row["EnrollmentID"], "9999") for row in bed_nights),
        **dated_outside(sample, exit_dates),
    }


def dated_outside(sample, exit_dates: dict[str, str]) -> dict[tuple[str, str, str], int]:
    """An enrollment's records dated before its entry, or after its exit (but post-exit records and bed nights), and
    project exit or post-exit records of an enrollment without one (the sample has one assessment dated the day before
    its enrollment's entry); the sample has no annual assessment, and no event."""
    entry_dates = {row["EnrollmentID"]: row["EntryDate"] for row in sample["Enrollment"]}
    expected = {}
    for file, column in checks.DATED_WITHIN.items():
        rows = [row for row in sample.get(file, []) if not row["DateDeleted"]]
        after = [row for row in rows if row.get("DataCollectionStage") != "6" and row.get("RecordType") != "200"]
        expected[(file, "dq.record.before_entry", column)] = sum(
            row[column] < entry_dates[row["EnrollmentID"]] for row in rows)
        expected[(file, "dq.record.after_exit", column)] = sum(
            row[column] > exit_dates.get(row["EnrollmentID"], "9999") for row in after)
        expected[(file, "dq.stage.needs_exit", "DataCollectionStage")] = sum(
            row.get("DataCollectionStage") in ("3", "6") and row["EnrollmentID"] not in exit_dates for row in rows)
        assert not any(row.get("DataCollectionStage") == "5" for row in rows)
    assert not sample.get("Event")
    return expected


@pytest.mark.parametrize("strictness", ["reject", "warn", "repair"])
def test_every_row_of_hud_sample_is_stored_and_its_data_quality_found(engine, sample, strictness):
    rows = sum(len(records) for records in sample.values())
    report = importer.import_export(engine, HUD_SAMPLE, strictness)
    assert report["errors"] == 0
    assert report["rows"] == report["inserted"] == rows == 255_203
    assert all(file["left_out"] == 0 for file in report["files"].values())
    # Destination 419, 434, 440: rental subsidy codes, read as 435 with that subsidy type
    subsidies = {str(code) for code in LISTS["RentalSubsidyType"]}
    mapped = [row["ExitID"] for row in sample["Exit"] if row["Destination"] in subsidies]
    assert report["files"]["Exit.csv"]["repaired"] == len(mapped) > 0
    with engine.connect() as connection:
        stored = dict(((file, rule, field), count) for file, rule, field, count in connection.exec_driver_sql(
            "SELECT file, rule_id, field, count(*) FROM data_quality_findings GROUP BY 1, 2, 3"))
        assert connection.exec_driver_sql("SELECT count(*) FROM clients WHERE sex IS NULL").scalar_one() == \
            sum(row["Sex"] == "" for row in sample["Client"])  # a blank stays blank
        assert sorted(connection.exec_driver_sql(
            "SELECT exit_id, destination, destination_subsidy_type::text FROM hud_exit WHERE exit_id = ANY(%(ids)s)",
            {"ids": mapped}).all()) == sorted((row["ExitID"], 435, row["Destination"]) for row in sample["Exit"]
                                              if row["ExitID"] in mapped)
    for key, count in expected_findings(sample).items():
        assert stored.get(key, 0) == count, key
    per_rule = Counter()
    for (file, rule, _), count in stored.items():
        per_rule[(FILES[file].filename, rule)] += count
    assert per_rule == Counter({(filename, rule): outcomes["flagged"] for filename, file in report["files"].items()
                                for rule, outcomes in file["rules"].items() if rule.startswith("dq.")})

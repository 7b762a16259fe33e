"""The import's data-quality findings are the same whichever connection finds them: for files loaded into
empty tables the stager finds them over the staged files as they will be stored; the API's path
(`data_quality.evaluate`) runs the same rules over the stored records, and must find exactly those."""
import shutil
import threading
import time

import pytest

from clients import data_quality
from clients.csv import generator, importer, staging, writing
from clients.csv.report import Reports
from clients.csv.source import ExportSource
from clients.csv.turns import FindingsTurns
from hud.fy2026.spec import FILES
from support import read_csv, write_csv

pytestmark = pytest.mark.integration
# Every problem the generator makes, often enough that each rule has findings among a few hundred clients.
PROBLEMS = generator.Problems(missing_answer=0.1, ssn_disagrees=0.05, dob_disagrees=0.05, duplicate_stage=0.1,
                              no_head=0.05, two_heads=0.05, overlapping_stay=0.1, late_entry=0.1, dependent_answer=0.1)
FINDING = "file, record_id, source, personal_id, enrollment_id, project_id, rule_id, field, value"


def findings(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"SELECT {FINDING} FROM data_quality_findings ORDER BY {FINDING}").all()


def _stored_prepared(monkeypatch) -> list[str]:
    """The files whose findings the stager prepared (the import stores them as prepared, or finds them itself over
    the staged files as the stager would have)."""
    stored_prepared = []
    prepared = FindingsTurns.prepared
    monkeypatch.setattr(FindingsTurns, "prepared", lambda turns, name: stored_prepared.append(name) or prepared(turns, name))
    return stored_prepared


def _found_nothing(monkeypatch) -> dict[str, set[str]]:
    """The rules the stager leaves out of each file's findings (`Stager._finding_nothing`), once the import has run;
    the import's `finish` waits for the stager's findings (which connection finds which file's is a race)."""
    found_nothing: dict[str, set[str]] = {}
    finding_nothing = staging.Stager._finding_nothing
    monkeypatch.setattr(staging.Stager, "_finding_nothing",
                        lambda stager, name: found_nothing.setdefault(name, finding_nothing(stager, name)))
    finish = writing.Importer.finish
    monkeypatch.setattr(writing.Importer, "finish",
                        lambda importer, **given: importer.stager.finished.wait() and finish(importer, **given))
    return found_nothing


def _assert_found_as_the_api_finds(engine) -> None:
    """The findings an import stored are those the API's path finds over the stored records."""
    found_by_the_import = findings(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM data_quality_findings")
        for name in FILES:
            data_quality.evaluate(connection, name, "true")
    assert findings(engine) == found_by_the_import


def test_findings_found_over_the_staged_files_are_those_of_the_stored_records(engine, tmp_path, monkeypatch):
    generator.generate(tmp_path, 300, seed=5, problems=PROBLEMS)
    stored_prepared = _stored_prepared(monkeypatch)
    finish = writing.Importer.finish

    def after_the_stager(importer, **given):  # which connection finds which file's findings is a race: the stager wins
        importer.stager.finished.wait()
        finish(importer, **given)
    monkeypatch.setattr(writing.Importer, "finish", after_the_stager)

    report = importer.import_export(engine, tmp_path)

    found_by_the_stager = findings(engine)
    # every file with rules but Client.csv (which the import's transaction stages itself) took that path
    assert set(stored_prepared) == {name for name in FILES if data_quality.has_rules(name)} - {"Client"}
    assert {rule for file in report["files"].values() for rule in file["rules"]} >= {
        "dq.stage.duplicate", "dq.household.head", "dq.stay.overlap", "dq.dependent", "dq.missing.not_collected"}
    with engine.begin() as connection:
        for name in FILES:
            data_quality.evaluate(connection, name, "true")
    assert findings(engine) == found_by_the_stager


def test_rules_a_unique_index_shows_find_nothing_are_left_out_and_the_findings_are_the_same(engine, tmp_path,
                                                                                          monkeypatch):
    """The stager leaves out a rule that needs records repeating some columns (two records of one stage, two bed
    nights of one date) where a unique index on them shows none repeat: here tried on every file, however small. A
    file with a repeated stage still has its rule run, and the findings are those the API's path finds."""
    generator.generate(tmp_path, 300, seed=5, problems=PROBLEMS)
    monkeypatch.setattr(staging, "UNIQUE_INDEX_FROM_ROWS", 0)
    found_nothing = _found_nothing(monkeypatch)

    report = importer.import_export(engine, tmp_path)

    assert found_nothing["Services"] == {"dq.bed_night.duplicate"}  # the generator repeats no bed night
    assert "dq.stage.duplicate" not in found_nothing["IncomeBenefits"]  # it repeats stages
    assert report["files"]["IncomeBenefits.csv"]["rules"]["dq.stage.duplicate"]["flagged"] > 0
    _assert_found_as_the_api_finds(engine)


def test_rules_needing_a_record_none_is_present_are_left_out_and_the_findings_are_the_same(engine, tmp_path,
                                                                                            monkeypatch):
    """The stager leaves out the rules that need a record present (an annual assessment) where a file has none, one
    look for both; a file with one has them run, and the findings are those the API's path finds."""
    generator.generate(tmp_path, 300, seed=5, problems=PROBLEMS)  # no annual assessment
    table = read_csv(tmp_path / "IncomeBenefits.csv")
    table[1][table[0].index("DataCollectionStage")] = "5"  # at the project start: outside any anniversary's window
    write_csv(tmp_path / "IncomeBenefits.csv", table)
    found_nothing = _found_nothing(monkeypatch)

    report = importer.import_export(engine, tmp_path)

    annual = {"dq.annual.outside_window", "dq.annual.duplicate"}
    assert annual <= found_nothing["Disabilities"] and annual <= found_nothing["HealthAndDV"]
    assert not annual & found_nothing["IncomeBenefits"]
    assert report["files"]["IncomeBenefits.csv"]["rules"]["dq.annual.outside_window"]["flagged"] == 1
    _assert_found_as_the_api_finds(engine)


def test_a_unique_index_the_stager_cannot_lock_at_once_is_not_waited_for(engine, tmp_path, monkeypatch):
    """The import's transaction holds a staged file it left rows out of until it ends, and waits for the stager's
    findings: the stager tries no unique index on it then (it would wait for its lock timeout, 30 s), and runs the
    rule instead; once the file is free, the index shows the rule finds nothing."""
    generator.generate(tmp_path, 50, seed=5, problems=PROBLEMS)
    monkeypatch.setattr(staging, "UNIQUE_INDEX_FROM_ROWS", 0)
    with engine.connect() as stager_connection, engine.connect() as holder:
        stager = staging.Stager(stager_connection, "warn", Reports(), importer.IMPORT_AGENCY)
        try:
            with stager_connection.begin():
                assert stager.stage(ExportSource(tmp_path), "Services")
            with holder.begin():
                holder.exec_driver_sql(f"LOCK TABLE {stager.staging['Services']} IN ROW EXCLUSIVE MODE")
                started = time.monotonic()
                assert stager._finding_nothing("Services") == set()
                assert time.monotonic() - started < 5
            assert stager._finding_nothing("Services") == {"dq.bed_night.duplicate"}
        finally:
            stager.drop_tables()


def test_files_the_stager_has_not_begun_are_found_by_the_import_alike(engine, tmp_path, monkeypatch):
    """The import's transaction finds the findings of the files the stager has not begun, over the stored records:
    here, of every file (the stager begins none), the same findings as the stager's."""
    generator.generate(tmp_path, 300, seed=5, problems=PROBLEMS)
    stored_prepared = _stored_prepared(monkeypatch)
    monkeypatch.setattr(FindingsTurns, "stager_takes", lambda turns, name: False)

    report = importer.import_export(engine, tmp_path)

    assert stored_prepared == []
    found_by_the_import = findings(engine)
    assert {rule for file in report["files"].values() for rule in file["rules"]} >= {
        "dq.stage.duplicate", "dq.household.head", "dq.stay.overlap", "dq.dependent", "dq.missing.not_collected"}
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM data_quality_findings")
        for name in FILES:
            data_quality.evaluate(connection, name, "true")
    assert findings(engine) == found_by_the_import


def test_a_second_import_finds_over_the_stored_records(engine, tmp_path):
    """Into tables that hold records the findings are found over the stored ones: the same as a first import's."""
    generator.generate(tmp_path, 200, seed=6, problems=PROBLEMS)
    importer.import_export(engine, tmp_path)
    first = findings(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM data_quality_findings")

    importer.import_export(engine, tmp_path)

    assert findings(engine) == first


def test_findings_the_stager_fails_to_prepare_fail_the_import_and_nothing_is_written(engine, tmp_path, monkeypatch):
    generator.generate(tmp_path, 100, seed=7, problems=PROBLEMS)
    failed = threading.Event()

    def failing(connection, prepared, report):
        failed.set()
        raise RuntimeError("the stager's connection was lost")
    monkeypatch.setattr(data_quality, "report_prepared", failing)
    finish = writing.Importer.finish

    def after_the_failure(importer, **given):  # the stager's first file fails before the import takes any
        failed.wait(60)
        finish(importer, **given)
    monkeypatch.setattr(writing.Importer, "finish", after_the_failure)

    with pytest.raises(RuntimeError, match="connection was lost"):
        importer.import_export(engine, tmp_path)

    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM hud_enrollment").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM data_quality_findings").scalar() == 0


def test_an_import_finds_again_the_stored_records_its_records_are_tied_to(engine, tmp_path):
    """An export of changes only: each household's second member made a head too. The members the export does not
    carry (the heads stored before) now share a household with two heads, and their findings say so: after the
    import the findings are those a full evaluation finds."""
    first, changes = tmp_path / "first", tmp_path / "changes"
    generator.generate(first, 200, seed=8, problems=PROBLEMS)
    importer.import_export(engine, first)
    enrollments = read_csv(first / "Enrollment.csv")
    header = enrollments[0]
    household, relationship, updated = (header.index(name) for name in ("HouseholdID", "RelationshipToHoH",
                                                                        "DateUpdated"))
    seconds, seen = [], set()
    for row in enrollments[1:]:
        if row[relationship] != "1" and row[household] not in seen:
            seen.add(row[household])
            seconds.append([*row[:relationship], "1", *row[relationship + 1:updated], "2026-11-30 12:00:00",
                            *row[updated + 1:]])
    changes.mkdir()
    for name in ("Export", "Organization", "Project", "Client"):
        shutil.copy(first / f"{name}.csv", changes / f"{name}.csv")
    write_csv(changes / "Enrollment.csv", [header, *seconds])

    importer.import_export(engine, changes, "warn")

    after_the_import = findings(engine)
    assert any(finding[0] == "Enrollment" and finding[6] == "dq.household.head" and finding[1] not in
               {row[0] for row in seconds} for finding in after_the_import), "no stored head was found again"
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM data_quality_findings")
        for name in FILES:
            data_quality.evaluate(connection, name, "true")
    assert findings(engine) == after_the_import

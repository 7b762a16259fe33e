"""The generator's data-quality problems, counted from the CSV files it writes: each appears at its rate
(within a tolerance a binomial count keeps four standard deviations from), none appears at rate 0, and
none is structural (every value fits its column, every id is unique and every key resolves)."""
import csv
import math
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import fields, replace
from datetime import date, datetime

import pytest

from clients.csv import generator
from clients.csv.generator import ANSWERS_THAT_GO_MISSING, CLEAN, Problems
from hud.fy2026 import checks
from hud.fy2026.rules import DEPENDENTS, REASONS_MISSING, check_consistency, valid_ssn
from hud.fy2026.spec import FILES, LISTS

CLIENTS = 2000
RATE = 0.2
MISSING = {str(code) for code in REASONS_MISSING} | {""}


def read(folder, file) -> list[dict]:
    with open(folder / FILES[file].filename, newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def dependents_blank(file, parent, row) -> bool:
    return all(row[dependent] == "" for name, candidate, _, dependents in DEPENDENTS
               if name == file and candidate == parent for dependent in dependents)


def missing_answers(folder, clean) -> tuple[int, int]:
    """(answers given in the clean files that are missing in `folder`'s, answers given in the clean files
    that may go missing: those without dependent answers)."""
    made = eligible = 0
    for file, columns in ANSWERS_THAT_GO_MISSING.items():
        key = FILES[file].key.name
        rows = {row[key]: row for row in read(folder, file)}
        for clean_row in read(clean, file):
            for column in columns:
                if clean_row[column] not in MISSING and dependents_blank(file, column, clean_row):
                    eligible += 1
                    made += rows[clean_row[key]][column] in MISSING
    return made, eligible


def ssns_disagreeing(folder) -> tuple[int, int]:
    clients = read(folder, "Client")
    return sum(1 for row in clients if (row["SSNDataQuality"] == "1" and not valid_ssn(row["SSN"]))
               or (row["SSNDataQuality"] in MISSING and row["SSN"])), len(clients)


def dobs_disagreeing(folder) -> tuple[int, int]:
    clients = read(folder, "Client")
    return sum(1 for row in clients if row["DOBDataQuality"] in MISSING and row["DOB"]), len(clients)


def duplicate_stages(folder) -> tuple[int, int]:
    """(stage records beyond the first of an enrollment's stage, entries and exits)."""
    stages = {file: Counter((row["EnrollmentID"], row["DataCollectionStage"]) for row in read(folder, file))
              for file in ("IncomeBenefits", "HealthAndDV")}
    return (sum(count - 1 for counts in stages.values() for count in counts.values()),
            len(stages["IncomeBenefits"].keys() | stages["HealthAndDV"].keys()))


def households(folder) -> dict[str, list[str]]:
    members = defaultdict(list)
    for row in read(folder, "Enrollment"):
        members[row["HouseholdID"]].append(row["RelationshipToHoH"])
    return members


def headless(folder) -> tuple[int, int]:
    found = households(folder)
    return sum(1 for relationships in found.values() if "1" not in relationships), len(found)


def two_headed(folder) -> tuple[int, int]:
    found = households(folder)
    return (sum(1 for relationships in found.values() if relationships.count("1") > 1),
            sum(1 for relationships in found.values() if len(relationships) > 1))


def overlapping_stays(folder) -> tuple[int, int]:
    """(heads' enrollments that start while the same person's earlier one in the same project runs,
    heads' enrollments)."""
    exits = {row["EnrollmentID"]: row["ExitDate"] for row in read(folder, "Exit")}
    stays = defaultdict(list)
    heads = [row for row in read(folder, "Enrollment") if row["RelationshipToHoH"] == "1"]
    for row in heads:
        stays[row["PersonalID"], row["ProjectID"]].append((row["EntryDate"], exits.get(row["EnrollmentID"], "9999")))
    overlapping = 0
    for dates in stays.values():
        dates.sort()
        overlapping += sum(1 for (_, before_exit), (entry, _) in zip(dates, dates[1:]) if entry < before_exit)
    return overlapping, len(heads)


def late_entries(folder) -> tuple[int, int]:
    enrollments = read(folder, "Enrollment")
    return sum(1 for row in enrollments if (datetime.fromisoformat(row["DateCreated"]).date()
                                            - date.fromisoformat(row["EntryDate"])).days >= 11), len(enrollments)


def dependent_answers(folder) -> tuple[int, int]:
    """(records with a dependent answer their parent answer rules out, records that could have one: those
    and those with a parent answer ruling out dependents that are all blank)."""
    made = eligible = 0
    for file in {file for file, *_ in DEPENDENTS}:
        for row in read(folder, file):
            record = {name: value or None for name, value in row.items()}
            broken = any(problem.rule_id == "dq.dependent" for problem in check_consistency(file, record))
            made += broken
            eligible += broken or any(file == name and row[parent] and int(row[parent]) not in answers
                                      and all(not row[dependent] for dependent in dependents)
                                      for name, parent, answers, dependents in DEPENDENTS)
    return made, eligible


COUNTS = {"ssn_disagrees": ssns_disagreeing, "dob_disagrees": dobs_disagreeing,
          "duplicate_stage": duplicate_stages, "no_head": headless, "two_heads": two_headed,
          "overlapping_stay": overlapping_stays, "late_entry": late_entries, "dependent_answer": dependent_answers}


def near(made: int, eligible: int, rate: float) -> bool:
    expected = eligible * rate
    return abs(made - expected) <= 4 * math.sqrt(eligible * rate * (1 - rate)) + 2


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    generator.generate(folder, CLIENTS, seed=5, problems=CLEAN)
    return folder


def test_every_rate_is_counted_here():
    assert {field.name for field in fields(Problems)} == {"missing_answer", *COUNTS}


@pytest.mark.parametrize("problem", ["missing_answer", *COUNTS])
def test_a_problem_appears_at_its_rate_and_no_other_appears(problem, clean, tmp_path):
    generator.generate(tmp_path, CLIENTS, seed=5, problems=replace(CLEAN, **{problem: RATE}))
    made, eligible = missing_answers(tmp_path, clean)
    assert (made == 0) == (problem != "missing_answer"), made
    for name, count in COUNTS.items():
        made, eligible = count(tmp_path)
        if name == problem:
            assert eligible > 300 and near(made, eligible, RATE), (made, eligible)
        else:
            assert made == 0, (name, made)


def test_clean_data_has_none_of_the_problems(clean):
    for name, count in COUNTS.items():
        assert count(clean)[0] == 0, name


def records_outside_their_stay(folder) -> list[tuple[str, str, str]]:
    """(file, record id, date) of each record of an enrollment dated before its entry or after its exit (a bed night
    on the exit day too: the exit is the morning after the last night), as HUD's rules across an enrollment's records
    find them (checks.DATED_WITHIN, dq.record.*, dq.bed_night.after_exit)."""
    entries = {row["EnrollmentID"]: row["EntryDate"] for row in read(folder, "Enrollment")}
    exits = {row["EnrollmentID"]: row["ExitDate"] for row in read(folder, "Exit")}
    outside = []
    for file, column in checks.DATED_WITHIN.items():
        for row in read(folder, file):
            day, exit_day = row[column], exits.get(row["EnrollmentID"], "9999-12-31")
            bed_night = file == "Services" and row["RecordType"] == "200"
            if day < entries[row["EnrollmentID"]] or day > exit_day or (bed_night and day == exit_day):
                outside.append((file, row[FILES[file].key.name], day))
    return outside


def test_clean_data_dates_every_record_within_its_stay(clean):
    assert records_outside_their_stay(clean) == []


def test_the_default_rates_make_every_problem_and_nothing_structural(clean, tmp_path):
    generator.generate(tmp_path, CLIENTS, seed=5)
    assert missing_answers(tmp_path, clean)[0] > 0
    for name, count in COUNTS.items():
        assert count(tmp_path)[0] > 0, name
    assert structural_breaks(tmp_path) == []


def test_high_rates_make_nothing_structural(tmp_path):
    generator.generate(tmp_path, 1000, seed=9, problems=Problems(**{field.name: 0.5 for field in fields(Problems)}))
    assert structural_breaks(tmp_path) == []


def test_a_seed_gives_the_same_files_and_another_seed_others(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generator.generate(tmp_path / name, 500, seed=seed)
    files = {name: [(tmp_path / name / spec.filename).read_bytes() for spec in FILES.values()] for name in "abc"}
    assert files["a"] == files["b"] != files["c"]


def test_the_problems_leave_the_clean_rows_under_them_as_they_were(clean, tmp_path):
    """Every clean record is still there under its id, with its dates (the problems draw from a stream
    of their own)."""
    generator.generate(tmp_path, CLIENTS, seed=5)
    for file in ("Client", "Enrollment", "Exit", "Services"):
        key = FILES[file].key.name
        kept = {row[key]: row for row in read(tmp_path, file)}
        for row in read(clean, file):
            assert kept[row[key]].keys() == row.keys()
            assert [value for name, value in kept[row[key]].items() if name.endswith("Date")] == \
                [value for name, value in row.items() if name.endswith("Date")]


def test_rates_are_set_by_name_and_checked():
    assert Problems().with_rates(["late_entry=0.5", "no_head=0"]) == replace(Problems(), late_entry=0.5, no_head=0)
    with pytest.raises(ValueError, match="late_entr.*the rates are missing_answer"):
        Problems().with_rates(["late_entr=0.5"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        Problems().with_rates(["late_entry=2"])
    with pytest.raises(ValueError, match="late_entry's rate is a number"):
        Problems().with_rates(["late_entry=often"])


def test_the_cli_generates_at_the_rates_it_is_given_and_names_a_wrong_one(tmp_path):
    def generate(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "hmis_platform", "csv", "generate", str(tmp_path),
                               "--clients", "300", *options], capture_output=True, text=True, timeout=120)

    wrong = generate("--rate", "late_entr=0.5")
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines()[-1].startswith("--rate 'late_entr=0.5': the rates are missing_answer")
    assert generate("--clean", "--rate", "late_entry=1").returncode == 0
    late, enrollments = late_entries(tmp_path)
    assert late > 0.9 * enrollments  # all but those entering in the export's last ten days
    assert [name for name, count in COUNTS.items() if count(tmp_path)[0]] == ["late_entry"]


PATTERNS = {"integer": re.compile(r"^-?\d+$"), "money": re.compile(r"^-?\d+(\.\d{1,2})?$"),
            "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
            "datetime": re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")}
# The keys a record's columns name, and the file whose own id each one is.
KEYS = {"PersonalID": "Client", "EnrollmentID": "Enrollment", "ProjectID": "Project", "ResProjectID": "Project",
        "OrganizationID": "Organization", "AssessmentID": "Assessment", "UserID": "User", "ExportID": "Export"}


def structural_breaks(folder) -> list[str]:
    """What would stop a value being stored: a type, length or list it does not fit, a repeated id, a
    key naming no record."""
    breaks = []
    ids = {name: {row[spec.key.name] for row in read(folder, name)} for name, spec in FILES.items()}
    for name, spec in FILES.items():
        rows = read(folder, name)
        if len(rows) != len(ids[name]):
            breaks.append(f"{name}: repeated ids")
        for row in rows:
            for column in spec.columns:
                value = row[column.name]
                if not value:
                    continue
                if column.kind in PATTERNS and not PATTERNS[column.kind].match(value) \
                        or column.max_length and len(value) > column.max_length \
                        or column.list_name and int(value) not in LISTS[column.list_name]:
                    breaks.append(f"{name}.{column.name}: {value!r}")
                elif column.name in KEYS and column != spec.key \
                        and value not in ids[KEYS[column.name]]:
                    breaks.append(f"{name}.{column.name}: {value!r} names no record")
    return breaks

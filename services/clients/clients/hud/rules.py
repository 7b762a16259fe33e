"""HUD's rules for one record, as data, checked the same way for the API and for CSV import.

`check_record(file, record)` looks at one record (a dict of HUD column name -> text or None, as read
from a CSV row or an API body) and returns the broken rules as `{column: [rule, ...]}`. `repair(...)`
applies HUD's fallback where one exists (a coded answer nobody gave is 99; a dependent answer whose
parent does not call for it is dropped). Rules that need other records (exit after entry, one head of
household, one entry-stage record per enrollment) are checked over whole files in SQL by the importer
and over the stored records by the domain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from clients.hud.spec import FILES, LISTS, MISSING, Column

# A dependent column is answered only when its parent column holds one of the listed answers.
# (file, parent, parent answers, dependents)
DEPENDENTS: tuple[tuple[str, str, frozenset[int], tuple[str, ...]], ...] = (
    ("Client", "VeteranStatus", frozenset({1}), (
        "YearEnteredService", "YearSeparated", "WorldWarII", "KoreanWar", "VietnamWar", "DesertStorm",
        "AfghanistanOEF", "IraqOIF", "IraqOND", "OtherTheater", "MilitaryBranch", "DischargeStatus")),
    ("Enrollment", "LivingSituation", frozenset({435}), ("RentalSubsidyType",)),
    ("Exit", "Destination", frozenset({435}), ("DestinationSubsidyType",)),
    ("Exit", "Destination", frozenset({17}), ("OtherDestination",)),
    ("CurrentLivingSituation", "CurrentLivingSituation", frozenset({435}), ("CLSSubsidyType",)),
    ("HealthAndDV", "DomesticViolenceSurvivor", frozenset({1}), ("WhenOccurred", "CurrentlyFleeing")),
    ("HealthAndDV", "PregnancyStatus", frozenset({1}), ("DueDate",)),
    ("Disabilities", "DisabilityType", frozenset({8}), ("TCellCountAvailable", "ViralLoadAvailable", "AntiRetroviral")),
    ("Disabilities", "TCellCountAvailable", frozenset({1}), ("TCellCount", "TCellSource")),
    ("Disabilities", "ViralLoadAvailable", frozenset({1}), ("ViralLoad", "ViralLoadSource")),
    ("IncomeBenefits", "IncomeFromAnySource", frozenset({1}), (
        "Earned", "Unemployment", "SSI", "SSDI", "VADisabilityService", "VADisabilityNonService",
        "PrivateDisability", "WorkersComp", "TANF", "GA", "SocSecRetirement", "Pension", "ChildSupport",
        "Alimony", "OtherIncomeSource")),
    *(("IncomeBenefits", source, frozenset({1}), (amount,)) for source, amount in (
        ("Earned", "EarnedAmount"), ("Unemployment", "UnemploymentAmount"), ("SSI", "SSIAmount"),
        ("SSDI", "SSDIAmount"), ("VADisabilityService", "VADisabilityServiceAmount"),
        ("VADisabilityNonService", "VADisabilityNonServiceAmount"), ("PrivateDisability", "PrivateDisabilityAmount"),
        ("WorkersComp", "WorkersCompAmount"), ("TANF", "TANFAmount"), ("GA", "GAAmount"),
        ("SocSecRetirement", "SocSecRetirementAmount"), ("Pension", "PensionAmount"),
        ("ChildSupport", "ChildSupportAmount"), ("Alimony", "AlimonyAmount"),
        ("OtherIncomeSource", "OtherIncomeAmount"), ("OtherIncomeSource", "OtherIncomeSourceIdentify"),
        ("OtherBenefitsSource", "OtherBenefitsSourceIdentify"), ("OtherInsurance", "OtherInsuranceIdentify"))),
    *(("IncomeBenefits", insurance, frozenset({0}), (reason,)) for insurance, reason in (
        ("Medicaid", "NoMedicaidReason"), ("Medicare", "NoMedicareReason"), ("SCHIP", "NoSCHIPReason"),
        ("VHAServices", "NoVHAReason"), ("EmployerProvided", "NoEmployerProvidedReason"), ("COBRA", "NoCOBRAReason"),
        ("PrivatePay", "NoPrivatePayReason"), ("StateHealthIns", "NoStateHealthInsReason"),
        ("IndianHealthServices", "NoIndianHealthServicesReason"), ("ADAP", "NoADAPReason"),
        ("RyanWhiteMedDent", "NoRyanWhiteReason"))),
    ("Event", "Event", frozenset({2}), ("ProbSolDivRRResult",)),
)

RACE_COLUMNS = ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican",
                "NativeHIPacific", "White")
# Answers that say the value itself is missing, and so must come without one.
REASONS_MISSING = frozenset({8, 9, 99})
# Dates that cannot lie in the future (a due date or a planned service may).
NOT_FUTURE = {("Client", "DOB"), ("Enrollment", "EntryDate"), ("Exit", "ExitDate")}
EARLIEST_DOB = date(1900, 1, 1)
SSN_PATTERN = re.compile(r"^\d{9}$")
INTEGER_PATTERN = re.compile(r"^-?\d+$")


def valid_ssn(ssn: str | None) -> bool:
    """SSA's rules for a number that can have been issued (used for matching and for SSNDataQuality 1)."""
    if not ssn or not SSN_PATTERN.match(ssn):
        return False
    area, group, serial = ssn[:3], ssn[3:5], ssn[5:]
    return (area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"
            and len(set(ssn)) > 1 and ssn not in ("123456789", "078051120"))


@dataclass(frozen=True)
class Broken:
    column: str
    rule: str
    repair: object = None   # the value HUD's fallback gives, or None
    repairable: bool = False


def _check_value(file: str, column: Column, value: str | None, today: date) -> Broken | None:
    if value is None:
        if column.required:
            fallback = MISSING if column.list_name and MISSING in LISTS[column.list_name] else None
            return Broken(column.name, "required", str(fallback) if fallback is not None else None, fallback is not None)
        return None
    kind = column.kind
    if kind == "string":
        if column.max_length and len(value) > column.max_length:
            return Broken(column.name, f"longer than {column.max_length} characters", value[:column.max_length], True)
    elif kind == "integer":
        if not INTEGER_PATTERN.match(value):
            return _bad_code(column, "not a whole number")
        if column.list_name and int(value) not in LISTS[column.list_name]:
            return _bad_code(column, f"not in list {column.list_name}")
    elif kind == "date":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return Broken(column.name, "not a date (YYYY-MM-DD)")
        if (file, column.name) in NOT_FUTURE and parsed > today:
            return Broken(column.name, "in the future")
        if column.name == "DOB" and parsed < EARLIEST_DOB:
            return Broken(column.name, f"before {EARLIEST_DOB.isoformat()}")
    elif kind == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return Broken(column.name, "not a date-time (YYYY-MM-DD hh:mm:ss)")
    elif kind == "money":
        try:
            float(value)
        except ValueError:
            return Broken(column.name, "not an amount")
    return None


def _bad_code(column: Column, rule: str) -> Broken:
    fallback = MISSING if column.list_name and MISSING in LISTS[column.list_name] else None
    if fallback is not None:
        return Broken(column.name, rule, str(fallback), True)
    # An optional answer with no "missing" code can be dropped; a required one cannot be made up.
    return Broken(column.name, rule, None, not column.required)


@dataclass(frozen=True)
class Conditional:
    """A rule between a record's answers: `columns` depend on whether any of `parents` holds one of
    `answers`. `only`: answered only then; `required`: answered then; `empty`: not answered then.
    `rule` names the rule; `{answer}` in it stands for the (first) parent's answer."""
    file: str
    kind: str
    parents: tuple[str, ...]
    answers: frozenset[int]
    columns: tuple[str, ...]
    rule: str

    @property
    def repairable(self) -> bool:
        """HUD's fallback for an answer nobody asked for is to drop it; a missing answer cannot be made up."""
        return self.kind != "required"


CONDITIONALS: tuple[Conditional, ...] = (
    *(Conditional(file, "only", (parent,), answers, dependents,
                  f"only when {parent} is {' or '.join(str(a) for a in sorted(answers))}")
      for file, parent, answers, dependents in DEPENDENTS),
    Conditional("Client", "required", ("NameDataQuality",), frozenset({1}), ("FirstName", "LastName"),
                "Missing data for required field."),
    Conditional("Client", "required", ("DOBDataQuality",), frozenset({1, 2}), ("DOB",),
                "required when DOBDataQuality is {answer}"),
    Conditional("Client", "empty", ("SSNDataQuality",), REASONS_MISSING, ("SSN",),
                "must be empty when SSNDataQuality is {answer}"),
    Conditional("Client", "empty", ("DOBDataQuality",), REASONS_MISSING, ("DOB",),
                "must be empty when DOBDataQuality is {answer}"),
    Conditional("Client", "empty", RACE_COLUMNS, frozenset({1}), ("RaceNone",), "only when no race or ethnicity is 1"),
)
# SSNDataQuality 1 (full SSN reported) needs a number SSA could have issued (`valid_ssn`). The importer
# checks this one in SQL through the keyed hash, which it computes only for a valid number.
SSN_REPORTED = 1
INVALID_SSN = "not a valid SSN while SSNDataQuality is 1"

CONDITIONALS_BY_FILE: dict[str, list[Conditional]] = {}
for _rule in CONDITIONALS:
    CONDITIONALS_BY_FILE.setdefault(_rule.file, []).append(_rule)


def _as_int(value: str | None) -> int | None:
    return int(value) if value is not None and INTEGER_PATTERN.match(value) else None


def _broken(rule: Conditional, record: dict) -> list[Broken]:
    answers = [_as_int(record.get(parent)) for parent in rule.parents]
    holds = any(answer in rule.answers for answer in answers)
    broken = []
    for column in rule.columns:
        answered = record.get(column) is not None
        if (answered and not holds) if rule.kind == "only" else (holds and answered == (rule.kind == "empty")):
            broken.append(Broken(column, rule.rule.format(answer=answers[0]), None, rule.repairable))
    return broken


def check_consistency(file: str, record: dict) -> list[Broken]:
    """The rules between a record's columns (dependents, data-quality codes): the API checks these on a
    whole record after marshmallow checked each value."""
    broken = [problem for rule in CONDITIONALS_BY_FILE.get(file, ()) for problem in _broken(rule, record)]
    if file == "Client" and _as_int(record.get("SSNDataQuality")) == SSN_REPORTED and not valid_ssn(record.get("SSN")):
        broken.append(Broken("SSN", INVALID_SSN))
    return broken


class RecordChecker:
    """All of one file's rules, compiled once: `problems(values)` for a record as a list in spec order.

    The common case (a valid value) costs one cheap test per non-empty column; only a value that fails
    it is looked at again to name the rule it broke. Import speed depends on this loop.
    """

    def __init__(self, file: str, today: date | None = None):
        self.file = file
        self.today = today or date.today()
        self.columns = FILES[file].columns
        self.names = [column.name for column in self.columns]
        self.plan = [(index, column, self._quick_test(column)) for index, column in enumerate(self.columns)]
        self.has_consistency_rules = file in CONDITIONALS_BY_FILE

    def _quick_test(self, column: Column):
        if (self.file, column.name) in NOT_FUTURE or column.name == "DOB":
            return None  # always the full check
        if column.kind == "string":
            limit = column.max_length or 10 ** 9
            return lambda value: len(value) <= limit
        if column.kind == "integer":
            if column.list_name:
                allowed = frozenset(str(code) for code in LISTS[column.list_name])
                return allowed.__contains__
            return lambda value: value.isdigit()
        if column.kind == "date":
            return _parses(date.fromisoformat)
        if column.kind == "datetime":
            return _parses(datetime.fromisoformat)
        return _parses(float)

    def problems(self, values: list) -> list[Broken]:
        broken = []
        for index, column, quick_test in self.plan:
            value = values[index]
            if value is None:
                if not column.required:
                    continue
            elif quick_test is not None and quick_test(value):
                continue
            problem = _check_value(self.file, column, value, self.today)
            if problem:
                broken.append(problem)
        if self.has_consistency_rules:
            broken += check_consistency(self.file, dict(zip(self.names, values)))
        return broken


def _parses(parse):
    def test(value: str) -> bool:
        try:
            parse(value)
        except ValueError:
            return False
        return True
    return test


def check_record(file: str, record: dict, today: date | None = None) -> list[Broken]:
    """Every rule `record` (HUD column name -> text, None when empty) breaks."""
    checker = RecordChecker(file, today)
    return checker.problems([record.get(name) for name in checker.names])


def repair(values: list, positions: dict[str, int], broken: list[Broken]) -> bool:
    """Apply HUD's fallbacks in place; False when some rule has none (the record cannot be kept)."""
    if not all(problem.repairable for problem in broken):
        return False
    for problem in broken:
        values[positions[problem.column]] = problem.repair
    return True


def as_fields(broken: list[Broken]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for problem in broken:
        fields.setdefault(problem.column, []).append(problem.rule)
    return fields


def api_problems(file: str, record: dict) -> dict[str, list[str]]:
    """`check_consistency` for a record as the API holds it (snake-case column names, typed values),
    its problems named the same way."""
    columns = FILES[file].columns
    as_text = {column.name: _text(record.get(column.db_name)) for column in columns}
    api_name = {column.name: column.db_name for column in columns}
    return as_fields([Broken(api_name[problem.column], problem.rule)
                      for problem in check_consistency(file, as_text)])


def _text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)

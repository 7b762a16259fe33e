"""HUD's rules for one record, as data, applied the same way by the API and by the CSV import; each
names its rule in the catalogue (catalogue.py), which says whether it is structural or data quality.

Each value's rules come from the spec (spec.py: type, list, length, required) and from `NOT_FUTURE` and
`EARLIEST_DOB`; the rules between a record's answers are `CONDITIONALS` and `ANSWER_LISTS` (a column answered
from another list by its parent's answer), all of them data quality. The clients API checks values with marshmallow
(clients/contract/schemas.py) and the rules between answers with `api_problems`; checks.py compiles the same data to
SQL: the structural rules for the CSV importer's staged files, the data-quality ones for the findings over the stored
records (an import's and the API's alike). Rules that need other records (exit after entry, one head of household,
one entry-stage record per enrollment, a record dated within its enrollment, an annual assessment near an anniversary
of the head of household's entry, a bed night before the exit and one a date) are compiled there only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hud.fy2026.spec import FILES, LISTS

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
    # HOPWA's W4 and W6, on the HIV/AIDS record (4.08) of a member who has it: HMIS CSV FY2026, Disabilities.csv,
    # TCellCountAvailable, ViralLoadAvailable and AntiRetroviral are null unless DisabilityType = 8 and
    # DisabilityResponse = 1 (two rules: each must hold)
    ("Disabilities", "DisabilityType", frozenset({8}), ("TCellCountAvailable", "ViralLoadAvailable", "AntiRetroviral")),
    ("Disabilities", "DisabilityResponse", frozenset({1}), ("TCellCountAvailable", "ViralLoadAvailable",
                                                           "AntiRetroviral")),
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
    rule_id: str


@dataclass(frozen=True)
class Conditional:
    """A rule between a record's answers: `columns` depend on whether any of `parents` holds one of
    `answers`. `only`: answered only then; `required`: answered then; `empty`: not answered then.
    `rule` says the rule; `{answer}` in it stands for the (first) parent's answer. `rule_id`: its
    catalogue entry."""
    file: str
    kind: str
    parents: tuple[str, ...]
    answers: frozenset[int]
    columns: tuple[str, ...]
    rule: str
    rule_id: str


CONDITIONALS: tuple[Conditional, ...] = (
    *(Conditional(file, "only", (parent,), answers, dependents,
                  f"only when {parent} is {' or '.join(str(a) for a in sorted(answers))}", "dq.dependent")
      for file, parent, answers, dependents in DEPENDENTS),
    Conditional("Client", "required", ("NameDataQuality",), frozenset({1}), ("FirstName", "LastName"),
                "Missing data for required field.", "dq.name.missing"),
    Conditional("Client", "required", ("DOBDataQuality",), frozenset({1, 2}), ("DOB",),
                "required when DOBDataQuality is {answer}", "dq.dob.missing"),
    Conditional("Client", "empty", ("SSNDataQuality",), REASONS_MISSING, ("SSN",),
                "must be empty when SSNDataQuality is {answer}", "dq.ssn.not_collected"),
    Conditional("Client", "empty", ("DOBDataQuality",), REASONS_MISSING, ("DOB",),
                "must be empty when DOBDataQuality is {answer}", "dq.dob.not_collected"),
    Conditional("Client", "empty", RACE_COLUMNS, frozenset({1}), ("RaceNone",), "only when no race or ethnicity is 1",
                "dq.race_none"),
)



@dataclass(frozen=True)
class AnswerList:
    """A coded column answered from another of HUD's lists while `parent` holds one of `answers`: HUD's
    Disabilities record answers 4.05-4.09 with No/Yes (1.8) and only 4.10, substance use, with its own list
    (DisabilityResponse: alcohol, drug or both)."""
    file: str
    column: str
    parent: str
    answers: frozenset[int]
    list_name: str
    rule_id: str

    def rule(self, answer) -> str:
        return f"one of {', '.join(map(str, LISTS[self.list_name]))} ({self.list_name}) when {self.parent} is {answer}"


# HMIS CSV FY2026, Disabilities.csv: DisabilityResponse is answered from list 4.10.2 for DisabilityType 10, from
# list 1.8 (No/Yes/reasons for missing data) for any other.
ANSWER_LISTS: tuple[AnswerList, ...] = (
    AnswerList("Disabilities", "DisabilityResponse", "DisabilityType", frozenset({5, 6, 7, 8, 9}), "NoYesReasons",
               "dq.answer_list"),
)
# 4.14 Bed-Night Date: a Services record of this RecordType (HMIS CSV FY2026, list 1.4).
BED_NIGHT = 200

# SSNDataQuality 1 (full SSN reported) needs a number SSA could have issued (`valid_ssn`). The findings
# check this one in SQL through the keyed hash, which is computed only for a valid number.
SSN_REPORTED = 1
INVALID_SSN = "not a valid SSN while SSNDataQuality is 1"
INVALID_SSN_RULE = "dq.ssn.invalid"

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
            broken.append(Broken(column, rule.rule.format(answer=answers[0]), rule.rule_id))
    return broken


def check_consistency(file: str, record: dict) -> list[Broken]:
    """The rules between a record's columns (dependents, data-quality codes): the API checks these on a
    whole record after marshmallow checked each value."""
    broken = [problem for rule in CONDITIONALS_BY_FILE.get(file, ()) for problem in _broken(rule, record)]
    for listed in ANSWER_LISTS:
        parent, answer = _as_int(record.get(listed.parent)), _as_int(record.get(listed.column))
        if listed.file == file and parent in listed.answers and answer is not None \
                and answer not in LISTS[listed.list_name]:
            broken.append(Broken(listed.column, listed.rule(parent), listed.rule_id))
    if file == "Client" and _as_int(record.get("SSNDataQuality")) == SSN_REPORTED and not valid_ssn(record.get("SSN")):
        broken.append(Broken("SSN", INVALID_SSN, INVALID_SSN_RULE))
    return broken


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
    return as_fields([Broken(api_name[problem.column], problem.rule, problem.rule_id)
                      for problem in check_consistency(file, as_text)])


def _text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)

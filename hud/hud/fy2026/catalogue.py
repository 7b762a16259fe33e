"""The catalogue of HUD's FY2026 rules: every rule the CSV import and the API apply, with a stable id, its
kind, the fields it reads, where HUD states it and what it says.

Two kinds (docs/clients.md, "The rule catalogue"):
- *structural* rules decide whether a value can be stored at all: the column exists, the value has its
  column's type and length, a coded value is in its list (or in an earlier year's, which HUD maps), keys
  and foreign keys resolve, ids are unique. Strictness says what a break does: `reject` fails the import,
  `warn` leaves the row out, `repair` applies HUD's fix where there is one.
- *data-quality* rules decide what is reported: the record is stored as given, and each break is a
  finding kept with it (clients' `data_quality_findings`), under every strictness.

Ids are `<kind>.<subject>[.<detail>]` (`structural.list`, `dq.ssn.invalid`) and never change once
published: findings are stored and counted by them. rules.py and checks.py name their rules by these
ids; `python -m hud.fy2026.catalogue` writes the table into docs/clients.md, between its markers, and
tests/unit/test_rule_catalogue.py fails when the page differs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STRUCTURAL = "structural"
DATA_QUALITY = "data_quality"
# The CSV specification's sections and the Data Standards' elements the rules cite.
CSV_SPEC = "HMIS CSV FY2026"
DATA_STANDARDS = "HMIS Data Standards FY2026"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str                 # STRUCTURAL or DATA_QUALITY
    fields: str               # the field(s) it reads, as HUD names them
    source: str               # where HUD states it
    message: str              # what a break means, as the report and the API say it

    @property
    def structural(self) -> bool:
        return self.kind == STRUCTURAL


RULES: tuple[Rule, ...] = (
    # -- structural: can the value be stored at all -------------------------------------------------
    Rule("structural.header", STRUCTURAL, "every required column of a file",
         f"{CSV_SPEC}: file layouts", "a required column is missing from the header; the file is left out"),
    Rule("structural.fields", STRUCTURAL, "a whole record", f"{CSV_SPEC}: file format (RFC 4180)",
         "the record has fewer fields than the header names"),
    Rule("structural.encoding", STRUCTURAL, "a whole file", f"{CSV_SPEC}: file format (UTF-8)",
         "the file is not UTF-8 text and cannot be read"),
    Rule("structural.type", STRUCTURAL, "every integer, money, date and date-time column",
         f"{CSV_SPEC}: data types (I, M, D, T)", "not a value of the column's type"),
    Rule("structural.length", STRUCTURAL, "every string column with a length (S<n>)",
         f"{CSV_SPEC}: data types (S)", "longer than the column allows; repair keeps the first characters"),
    Rule("structural.required", STRUCTURAL, "every column the spec requires that no 99 can answer (ids, dates, "
         "DataCollectionStage ...)", f"{CSV_SPEC}: Null column", "a required value is missing"),
    Rule("structural.list", STRUCTURAL, "every coded column", f"{CSV_SPEC}: list of values (appendix)",
         "not in the column's list; repair answers 99 where the list has it and drops an optional answer"),
    Rule("structural.list.mapped", STRUCTURAL, "Exit.Destination, Exit.DestinationSubsidyType",
         f"{DATA_STANDARDS}: 3.12 Destination (FY2024 change: rental by client with a subsidy is 435 and a "
         "subsidy type)", "a Destination naming a rental subsidy (the subsidy type's code, as earlier exports "
         "wrote it) is stored as 435 with that DestinationSubsidyType, under every strictness"),
    Rule("structural.key.duplicate", STRUCTURAL, "each file's own id", f"{CSV_SPEC}: primary keys",
         "the id appears more than once; repair keeps the newest DateUpdated"),
    Rule("structural.key.foreign", STRUCTURAL, "PersonalID, ProjectID, EnrollmentID",
         f"{CSV_SPEC}: foreign keys", "names a record the export and the HMIS do not have"),
    Rule("structural.pii.victim_service_provider", STRUCTURAL, "Client FirstName, MiddleName, LastName, "
         "NameSuffix, SSN, DOB", "VAWA; HMIS Data Standards: victim service providers",
         "victim service providers may not store client PII in HMIS"),
    # -- data quality: stored as given, reported -------------------------------------------------------
    Rule("dq.missing.not_collected", DATA_QUALITY, "every required coded answer whose list has 99",
         f"{CSV_SPEC}: a blank coded answer in a non-null column is read as 99; APR Q6",
         "data not collected (99, or blank and read as 99)"),
    Rule("dq.missing.refused", DATA_QUALITY, "every required coded answer whose list has 8 and 9",
         f"{DATA_STANDARDS}: response categories; APR Q6", "client doesn't know (8) or prefers not to answer (9)"),
    Rule("dq.dependent", DATA_QUALITY, "the dependent fields of the Data Standards (e.g. Client.YearEnteredService "
         "under VeteranStatus, Exit.DestinationSubsidyType under Destination, IncomeBenefits amounts under "
         "their sources)", f"{DATA_STANDARDS}: dependent fields", "answered though its parent answer does not "
         "call for it"),
    Rule("dq.name.missing", DATA_QUALITY, "Client.FirstName, Client.LastName, Client.NameDataQuality",
         f"{DATA_STANDARDS}: 3.01 Name", "no name while NameDataQuality is 1 (full name reported)"),
    Rule("dq.dob.missing", DATA_QUALITY, "Client.DOB, Client.DOBDataQuality", f"{DATA_STANDARDS}: 3.03 Date of Birth",
         "no date of birth while DOBDataQuality says one was reported (1 or 2)"),
    Rule("dq.ssn.not_collected", DATA_QUALITY, "Client.SSN, Client.SSNDataQuality",
         f"{DATA_STANDARDS}: 3.02 Social Security Number", "an SSN while SSNDataQuality is 8, 9 or 99"),
    Rule("dq.dob.not_collected", DATA_QUALITY, "Client.DOB, Client.DOBDataQuality",
         f"{DATA_STANDARDS}: 3.03 Date of Birth", "a date of birth while DOBDataQuality is 8, 9 or 99"),
    Rule("dq.race_none", DATA_QUALITY, "Client.RaceNone and the race and ethnicity columns",
         f"{DATA_STANDARDS}: 3.04 Race and Ethnicity", "RaceNone answered while a race or ethnicity is 1"),
    Rule("dq.ssn.invalid", DATA_QUALITY, "Client.SSN, Client.SSNDataQuality",
         f"{DATA_STANDARDS}: 3.02 Social Security Number; SSA's numbering rules",
         "not a valid SSN while SSNDataQuality is 1 (full SSN reported)"),
    Rule("dq.date.future", DATA_QUALITY, "Client.DOB, Enrollment.EntryDate, Exit.ExitDate",
         f"{DATA_STANDARDS}: 3.03, 3.10, 3.11", "in the future"),
    Rule("dq.dob.early", DATA_QUALITY, "Client.DOB", f"{DATA_STANDARDS}: 3.03 Date of Birth",
         "before 1900-01-01"),
    Rule("dq.stage.duplicate", DATA_QUALITY, "DataCollectionStage of IncomeBenefits, HealthAndDV, "
         "EmploymentEducation, YouthEducationStatus, Disabilities (per DisabilityType)",
         f"{DATA_STANDARDS}: data collection stages", "more than one entry-stage (1) or exit-stage (3) record "
         "for the enrollment"),
    Rule("dq.household.head", DATA_QUALITY, "Enrollment.HouseholdID, Enrollment.RelationshipToHoH",
         f"{DATA_STANDARDS}: 3.15 Relationship to Head of Household",
         "the household does not have exactly one head of household"),
    Rule("dq.exit.before_entry", DATA_QUALITY, "Exit.ExitDate, Enrollment.EntryDate",
         f"{DATA_STANDARDS}: 3.11 Project Exit Date", "ExitDate before the enrollment's EntryDate"),
    Rule("dq.stay.overlap", DATA_QUALITY, "Enrollment.EntryDate, Exit.ExitDate (same client, same project)",
         f"{DATA_STANDARDS}: 3.10, 3.11; HUD Data Quality report",
         "overlaps another enrollment of the client in the same project"),
    Rule("dq.answer_list", DATA_QUALITY, "Disabilities.DisabilityResponse by Disabilities.DisabilityType",
         f"{CSV_SPEC}: Disabilities.csv (DisabilityResponse: list 4.10.2 for DisabilityType 10, list 1.8 for any "
         f"other); {DATA_STANDARDS}: 4.05-4.10",
         "not an answer of the list its DisabilityType calls for: 4.05-4.09 are answered No, Yes, 8, 9 or 99; "
         "only 4.10 (substance use) alcohol, drug or both"),
    Rule("dq.bed_night.after_exit", DATA_QUALITY, "Services.DateProvided of a bed night (RecordType 200), "
         "Exit.ExitDate", f"{DATA_STANDARDS}: 4.14 Bed-Night Date, 3.11 Project Exit Date; {CSV_SPEC}: Services.csv "
         "(a bed night between the EntryDate and the day before the ExitDate)",
         "a bed night on or after the enrollment's exit date (the exit is the day after the last bed night)"),
    Rule("dq.bed_night.duplicate", DATA_QUALITY, "Services.DateProvided of a bed night (RecordType 200), per "
         "enrollment", f"{DATA_STANDARDS}: 4.14 Bed-Night Date (collected once for each bed night; each record with "
         "a distinct date)", "the enrollment has another bed night on this date"),
    Rule("dq.record.before_entry", DATA_QUALITY, "the date of an enrollment's record (InformationDate of IncomeBenefits, "
         "HealthAndDV, EmploymentEducation, Disabilities, CurrentLivingSituation, YouthEducationStatus; "
         "Services.DateProvided, Assessment.AssessmentDate, Event.EventDate), Enrollment.EntryDate",
         f"{DATA_STANDARDS}: 3.10 Project Start Date, 5.03 Data Collection Stage, 5.04 Information Date (information "
         "is collected from the project start)", "dated before the enrollment's EntryDate"),
    Rule("dq.record.after_exit", DATA_QUALITY, "the date of an enrollment's record (as dq.record.before_entry; a bed "
         "night: dq.bed_night.after_exit), its DataCollectionStage, Exit.ExitDate",
         f"{DATA_STANDARDS}: 3.11 Project Exit Date, 5.03 Data Collection Stage (only post-exit data, stage 6, is "
         "collected after the exit), 5.04 Information Date",
         "dated after the enrollment's ExitDate, and not a post-exit (6) record"),
    Rule("dq.stage.needs_exit", DATA_QUALITY, "DataCollectionStage of IncomeBenefits, HealthAndDV, EmploymentEducation, "
         "Disabilities, YouthEducationStatus; the enrollment's Exit",
         f"{DATA_STANDARDS}: 5.03 Data Collection Stage (project exit, 3, and post-exit, 6, data follow an exit)",
         "a project exit (3) or post-exit (6) record of an enrollment that has no exit"),
    Rule("dq.annual.outside_window", DATA_QUALITY, "InformationDate of an annual assessment (DataCollectionStage 5), "
         "the EntryDate of the household's head (Enrollment.RelationshipToHoH 1)",
         f"{DATA_STANDARDS}: 5.03 Data Collection Stage (an annual assessment is recorded no more than 30 days before "
         "or after the anniversary of the head of household's Project Start Date)",
         "an annual assessment (5) not within 30 days of an anniversary of the head of household's EntryDate"),
    Rule("dq.annual.duplicate", DATA_QUALITY, "DataCollectionStage 5 and InformationDate of IncomeBenefits, "
         "HealthAndDV, EmploymentEducation, YouthEducationStatus, Disabilities (per DisabilityType), per enrollment",
         f"{DATA_STANDARDS}: 5.03 Data Collection Stage (one annual assessment a year, in the window of the "
         "anniversary)", "the enrollment has another annual assessment (5) record for the same anniversary"),
    Rule("dq.event.result_before_event", DATA_QUALITY, "Event.ResultDate, Event.EventDate",
         f"{DATA_STANDARDS}: 4.20 Coordinated Entry Event (Date of result: the referral's result, after the event); "
         f"{CSV_SPEC}: Event.csv", "ResultDate before the EventDate"),
)
BY_ID = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    return BY_ID[rule_id]


PAGE = Path(__file__).resolve().parents[3] / "docs" / "clients.md"
BEGIN = ("<!-- rule catalogue: generated from hud/hud/fy2026/catalogue.py by `python -m hud.fy2026.catalogue`; "
         "do not edit -->")
END = "<!-- end of the rule catalogue -->"


def markdown_table() -> str:
    """The catalogue as the table docs/clients.md carries (tests fail when the two differ)."""
    lines = ["| Id | Kind | Fields | HUD source | Message |", "|---|---|---|---|---|"]
    for entry in RULES:
        kind = "structural" if entry.structural else "data quality"
        lines.append(f"| `{entry.id}` | {kind} | {entry.fields} | {entry.source} | {entry.message} |")
    return "\n".join(lines) + "\n"


def page_with_table(page: str) -> str:
    """The page with the table between its markers."""
    before, found, rest = page.partition(BEGIN)
    _, ended, after = rest.partition(END)
    if not (found and ended):
        raise ValueError(f"the page has no rule catalogue markers ({BEGIN} ... {END})")
    return f"{before}{BEGIN}\n{markdown_table()}{END}{after}"


if __name__ == "__main__":
    PAGE.write_text(page_with_table(PAGE.read_text(encoding="utf-8")), encoding="utf-8")

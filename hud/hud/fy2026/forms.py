"""Form definitions for HUD's FY2026 records, built from the same spec and rules the server validates with
(spec.py, rules.py), so a front end writes no HUD list, label or dependent-field rule of its own.

A form is a record's fields in the spec's order, named as the API names them (snake case), each with its
label, its kind (text, integer, choice, date, date-time, money), its maximum length, whether the API
requires it, its value list (code and label), and the rules tying it to other answers of the record:
`only` (answered only when a parent holds one of the answers: hidden otherwise), `required` (must be
answered then), `empty` (must be left empty then) and `options` (answered from these options then: another
of HUD's lists). Each field names the data element it belongs to (elements.py: whom HUD collects it for and at
which stages), or none. The ids and bookkeeping a system fills in are not fields. The gateway serves them at GET /api/v1/hud/forms/<record> (docs/web.md).
"""
from __future__ import annotations

import re

from hud.fy2026.elements import OF_COLUMN
from hud.fy2026.rules import ANSWER_LISTS, CONDITIONALS, NOT_FUTURE
from hud.fy2026.spec import FILES, LISTS, MISSING, Column, db_name

# HUD's ids and the record keeping a system writes itself, never a person (each file's own id too).
FILLED_BY_SYSTEM = frozenset({"PersonalID", "EnrollmentID", "HouseholdID", "ProjectID", "OrganizationID", "DateCreated",
                              "DateUpdated", "UserID", "DateDeleted", "ExportID"})
# Labels HUD's column names do not spell out in words.
LABELS = {
    "DOB": "Date of birth", "DOBDataQuality": "Date of birth data quality", "SSN": "Social Security number",
    "SSNDataQuality": "SSN data quality", "AmIndAKNative": "American Indian, Alaska Native or Indigenous",
    "BlackAfAmerican": "Black, African American or African", "HispanicLatinao": "Hispanic/Latina/e/o",
    "MidEastNAfrican": "Middle Eastern or North African", "NativeHIPacific": "Native Hawaiian or Pacific Islander",
    "RaceNone": "Race and ethnicity not given", "RelationshipToHoH": "Relationship to head of household",
    "LOSUnderThreshold": "Length of stay under threshold", "PreviousStreetESSH": "On the streets, in ES or SH the night before",
    "DateToStreetESSH": "Approximate date this episode of homelessness started",
    "EnrollmentCoC": "Enrollment CoC", "CLSSubsidyType": "Rental subsidy type", "FAAmount": "Financial assistance amount",
    "FAStartDate": "Financial assistance start date", "FAEndDate": "Financial assistance end date",
    "TANF": "TANF", "TANFAmount": "TANF amount", "SSI": "SSI", "SSIAmount": "SSI amount", "SSDI": "SSDI",
    "SSDIAmount": "SSDI amount", "GA": "General assistance", "GAAmount": "General assistance amount",
    "SNAP": "SNAP", "WIC": "WIC", "SCHIP": "SCHIP", "COBRA": "COBRA", "ADAP": "ADAP", "VHAServices": "VHA services",
    "WorldWarII": "World War II", "AfghanistanOEF": "Afghanistan (OEF)", "IraqOIF": "Iraq (OIF)", "IraqOND": "Iraq (OND)",
    "KoreanWar": "Korean War", "VietnamWar": "Vietnam War", "DesertStorm": "Desert Storm",
    "TCellCount": "T-cell count", "TCellCountAvailable": "T-cell count available", "TCellSource": "T-cell count source",
    "CoCCode": "CoC code", "Address1": "Address line 1", "Address2": "Address line 2",
    "ResProjectID": "Residential project's ID", "HOPWAMedAssistedLivingFac": "HOPWA medically assisted living facility",
}
KINDS = {"string": "text", "integer": "integer", "date": "date", "datetime": "datetime", "money": "money"}


def label(column: str) -> str:
    """HUD's PascalCase column name in words: `VeteranStatus` -> `Veteran status`."""
    if column in LABELS:
        return LABELS[column]
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", column)).split()
    return " ".join([words[0], *(word if word.isupper() else word.lower() for word in words[1:])])


def required_by_api(column: Column) -> bool:
    """HUD requires it and no 99 (data not collected) can stand in for it: the API needs it sent."""
    return column.required and not (column.list_name and MISSING in LISTS[column.list_name])


def _rules(file: str) -> dict[str, list[dict]]:
    by_field: dict[str, list[dict]] = {}
    for rule in CONDITIONALS:
        if rule.file == file:
            for name in rule.columns:
                by_field.setdefault(name, []).append({
                    "kind": rule.kind, "parents": [db_name(parent) for parent in rule.parents],
                    "answers": sorted(rule.answers), "message": rule.rule.format(answer=" or ".join(map(str, sorted(rule.answers)))),
                    "rule_id": rule.rule_id})
    for listed in ANSWER_LISTS:
        if listed.file == file:
            by_field.setdefault(listed.column, []).append({
                "kind": "options", "parents": [db_name(listed.parent)], "answers": sorted(listed.answers),
                "message": listed.rule(" or ".join(map(str, sorted(listed.answers)))), "rule_id": listed.rule_id,
                "options": _options(listed.list_name)})
    return by_field


def _options(list_name: str) -> list[dict]:
    return [{"code": code, "label": text} for code, text in LISTS[list_name].items()]


def _field(file: str, column: Column, rules: list[dict]) -> dict:
    options = _options(column.list_name) if column.list_name else None
    element = OF_COLUMN.get((file, column.name))
    return {
        "name": column.db_name, "hud_name": column.name, "label": label(column.name),
        "kind": "choice" if options else KINDS[column.kind], "max_length": column.max_length,
        "required": required_by_api(column), "not_future": (file, column.name) in NOT_FUTURE,
        "options": options, "rules": rules, "element": element.as_dict() if element else None,
    }


def form(file: str) -> dict:
    """The form of one HUD record (a file of the spec); KeyError when HUD has no such record."""
    spec = FILES[file]
    rules = _rules(file)
    return {"record": file, "fields": [_field(file, column, rules.get(column.name, [])) for column in spec.columns
                                       if column is not spec.key and column.name not in FILLED_BY_SYSTEM]}


RECORDS = tuple(name for name in FILES if name != "Export")

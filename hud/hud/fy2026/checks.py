"""HUD's rules for one record, compiled to SQL that checks a whole staged file in one pass.

The rules are the ones the API applies (spec.py for each value, `rules.CONDITIONALS` between answers);
this module only says them in SQL, so an import checks millions of rows at PostgreSQL's
speed instead of Python's. Each `Check` is a boolean expression that is true on a row breaking the
rule, the rule's name as a SQL text expression, and HUD's fallback as a SQL `SET` list (or None
when there is none).

`type_checks` run over an all-text staging table (a file that did not load straight into typed
columns); `record_checks` over the typed staging table every file ends up in, where dates are still
text (STAGED_TYPES); `date_checks` find the dates a cast cannot read when `record_checks` meet one.
"""
from __future__ import annotations

from dataclasses import dataclass

from hud.fy2026 import rules
from hud.fy2026.spec import LISTS, MISSING, Column, FileSpec
from hud.fy2026.tables import SSN_COLUMNS

INTEGER_PATTERN = r"^-?\d{1,9}$"  # fits PostgreSQL's integer
MONEY_PATTERN = r"^\d{1,10}(\.\d{1,2})?$"  # fits numeric(12, 2)
DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
TIME_PATTERN = r" ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?$"
SQL_TYPES = {"string": "text", "integer": "integer", "date": "date", "datetime": "timestamp",
             "money": "numeric(12,2)"}
# Dates stay text in staging: PostgreSQL reads 'yesterday', 'epoch' and 08/14/1979 as dates, HUD does
# not, so a date is checked to read back as it was written (YYYY-MM-DD, YYYY-MM-DD hh:mm:ss) and cast
# only when stored.
STAGED_TYPES = {**SQL_TYPES, "date": "text", "datetime": "text"}
DATE_RULES = {"date": "not a date (YYYY-MM-DD)", "datetime": "not a date-time (YYYY-MM-DD hh:mm:ss)"}
# How Client.csv's SSN is staged: its stored forms and its length, never in clear.
SSN_STAGED = (*((name, "text") for name in SSN_COLUMNS), ("_ssn_length", "integer"))
VICTIM_SERVICE_PROVIDER_RULE = "victim service providers may not store client PII in HMIS"
PII_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB")


@dataclass(frozen=True)
class Check:
    column: str          # the HUD column a report names
    bad: str             # SQL: true on a row that breaks the rule
    rule: str            # SQL: the rule's name
    repair: str | None   # SQL SET list giving HUD's fallback; None when there is none


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def staged_columns(spec: FileSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of a file's typed staging table, after the line number."""
    columns = []
    for column in spec.columns:
        if _is_ssn(spec, column.name):
            columns += SSN_STAGED
        else:
            columns.append((column.db_name, STAGED_TYPES[column.kind]))
    return columns


def typed(spec: FileSpec, name: str) -> str:
    """A staged column as it is stored."""
    kind = next((c.kind for c in spec.columns if c.db_name == name), "string")
    return f"{name}::{SQL_TYPES[kind]}" if kind in DATE_RULES else name


def _is_ssn(spec: FileSpec, name: str) -> bool:
    return spec.name == "Client" and name == "SSN"


def _answered(spec: FileSpec, name: str) -> str:
    return "ssn_ciphertext IS NOT NULL" if _is_ssn(spec, name) else f"{spec.by_name[name].db_name} IS NOT NULL"


def _cleared(spec: FileSpec, name: str) -> str:
    if _is_ssn(spec, name):
        return ", ".join(f"{staged} = NULL" for staged, _ in SSN_STAGED)
    return f"{spec.by_name[name].db_name} = NULL"


def _code_fallback(column: Column) -> str | None:
    """HUD's fallback for a coded answer that is not one: 99 where the list has it; an optional answer
    without one is dropped; a required one cannot be made up."""
    if column.list_name and MISSING in LISTS[column.list_name]:
        return f"{column.db_name} = {MISSING}"
    return None if column.required else f"{column.db_name} = NULL"


def _not_a_calendar_date(text: str) -> str:
    """True when `text`, already shaped YYYY-MM-DD, names no day (year 0, 31 April, 29 February 1900)."""
    year, month, day = (f"substr({text}, {start}, {length})::int" for start, length in ((1, 4), (6, 2), (9, 2)))
    days = (f"CASE WHEN {month} = 2 THEN CASE WHEN mod({year}, 4) = 0 AND (mod({year}, 100) <> 0 OR mod({year}, 400) = 0) "
            f"THEN 29 ELSE 28 END WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END")
    return f"({year} = 0 OR {day} > {days})"


def type_checks(spec: FileSpec) -> list[Check]:
    """Each value of an all-text staged row can be read as its column's type."""
    checks = []
    for column in spec.columns:
        value = column.db_name
        if column.kind == "integer":
            checks.append(Check(column.name, f"{value} !~ '{INTEGER_PATTERN}'", literal("not a whole number"),
                                _code_fallback(column)))
        elif column.kind == "money":
            checks.append(Check(column.name, f"{value} !~ '{MONEY_PATTERN}'", literal("not an amount"), None))
    return checks + date_checks(spec)


def date_checks(spec: FileSpec) -> list[Check]:
    """Each date and date-time can be cast: the shape, and a day the calendar has."""
    checks = []
    for column in spec.columns:
        if column.kind in DATE_RULES:
            value = column.db_name
            pattern = DATE_PATTERN + ("$" if column.kind == "date" else TIME_PATTERN)
            bad = f"CASE WHEN {value} ~ '{pattern}' THEN {_not_a_calendar_date(value)} ELSE {value} IS NOT NULL END"
            checks.append(Check(column.name, bad, literal(DATE_RULES[column.kind]), None))
    return checks


def casts(spec: FileSpec) -> list[str]:
    """The all-text staging table's columns as the typed one's (after `type_checks` held)."""
    return [name if kind == "text" else f"{name}::{kind}" for name, kind in staged_columns(spec)]


def record_checks(spec: FileSpec, victim_service_provider: bool = False) -> list[Check]:
    """Every rule of one record over the typed staging table: values first, then the rules between
    answers (so a repair that drops a dependent answer comes after one that fixed its parent)."""
    return [*_value_checks(spec), *_conditional_checks(spec),
            *(_pii_checks(spec) if victim_service_provider else ())]


def _value_checks(spec: FileSpec) -> list[Check]:
    checks = []
    for column in spec.columns:
        value = column.db_name
        if _is_ssn(spec, column.name):
            if column.max_length:
                checks.append(Check(column.name, f"_ssn_length > {column.max_length}",
                                    literal(f"longer than {column.max_length} characters"), None))
            continue
        if column.required:
            checks.append(Check(column.name, f"{value} IS NULL", literal("required"), _code_fallback(column)))
        if column.list_name:
            codes = ", ".join(str(code) for code in sorted(LISTS[column.list_name]))
            checks.append(Check(column.name, f"{value} NOT IN ({codes})", literal(f"not in list {column.list_name}"),
                                _code_fallback(column)))
        if column.kind == "string" and column.max_length:
            # characters are never more than bytes, and counting bytes is free: only a long value is counted
            checks.append(Check(column.name, f"octet_length({value}) > {column.max_length} AND "
                                             f"length({value}) > {column.max_length}",
                                literal(f"longer than {column.max_length} characters"),
                                f"{value} = left({value}, {column.max_length})"))
        if column.kind == "money":  # numeric reads NaN
            checks.append(Check(column.name, f"{value} = 'NaN'", literal("not an amount"), None))
        if column.kind in DATE_RULES:  # a cast this cannot make raises: date_checks say which value
            cast = f"{value}::{SQL_TYPES[column.kind]}"
            checks.append(Check(column.name, f"{cast}::text <> {value}", literal(DATE_RULES[column.kind]), None))
            if (spec.name, column.name) in rules.NOT_FUTURE:
                checks.append(Check(column.name, f"{cast} > current_date", literal("in the future"), None))
            if column.name == "DOB":
                earliest = rules.EARLIEST_DOB.isoformat()
                checks.append(Check(column.name, f"{cast} < DATE '{earliest}'", literal(f"before {earliest}"), None))
    return checks


def _conditional_checks(spec: FileSpec) -> list[Check]:
    checks = []
    for rule in rules.CONDITIONALS_BY_FILE.get(spec.name, ()):
        codes = ", ".join(str(answer) for answer in sorted(rule.answers))
        holds = "coalesce(" + " OR ".join(f"{spec.by_name[p].db_name} IN ({codes})" for p in rule.parents) + ", false)"
        answer = f"coalesce({spec.by_name[rule.parents[0]].db_name}::text, '')"
        named = f" || {answer} || ".join(literal(piece) for piece in rule.rule.split("{answer}"))
        for column in rule.columns:
            answered = _answered(spec, column)
            bad = {"only": f"{answered} AND NOT {holds}", "required": f"NOT ({answered}) AND {holds}",
                   "empty": f"{answered} AND {holds}"}[rule.kind]
            checks.append(Check(column, bad, named, _cleared(spec, column) if rule.repairable else None))
    if spec.name == "Client":
        # The keyed hash of the whole SSN is computed only for a number SSA could have issued (pii.ssn_forms).
        checks.append(Check("SSN", f"ssn_data_quality = {rules.SSN_REPORTED} AND ssn_hash IS NULL",
                            literal(rules.INVALID_SSN), None))
    return checks


def _pii_checks(spec: FileSpec) -> list[Check]:
    """VAWA: a victim service provider stores no client PII in HMIS, so such a row cannot be kept."""
    if spec.name != "Client":
        return []
    return [Check(name, _answered(spec, name), literal(VICTIM_SERVICE_PROVIDER_RULE), None)
            for name in PII_COLUMNS if name in spec.by_name]

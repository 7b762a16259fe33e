"""HUD's rules (the catalogue, catalogue.py) compiled to SQL: the structural ones over a whole staged file
in one pass, the data-quality ones over the stored records.

The rules are the ones the API applies (spec.py for each value, `rules.CONDITIONALS` and `rules.ANSWER_LISTS`
between answers); this module only says them in SQL, so an import checks millions of rows at PostgreSQL's
speed instead of Python's.

Structural (`Check`): a boolean expression that is true on a staged row breaking the rule, the rule's
message as a SQL text expression, HUD's fallback as a SQL `SET` list (or None when there is none), and
the rule's catalogue id. `type_checks` run over an all-text staging table (a file that did not load
straight into typed columns); `record_checks` over the typed staging table every file ends up in, where
dates are still text (STAGED_TYPES); `date_checks` find the dates a cast cannot read when
`record_checks` meet one; `mappings` bring an earlier year's codes HUD maps to this year's.

Data quality (`QualityCheck`): a boolean expression over a stored record (alias `r` of its table), other
stored records included where the rule needs them (a household's heads, an enrollment's stage records, its
entry and exit dates, its head of household's entry, its other bed nights), the field it is about and the value a
finding shows. `quality_checks` are what
clients' findings run, for an import's records and for a record the API changed alike (the API refuses a
record for some of them at entry, from the findings of the record it wrote).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hud.fy2026 import rules
from hud.fy2026.spec import FILES, LISTS, MISSING, Column, FileSpec
from hud.fy2026.tables import ID_COLLATION, SSN_COLUMNS, table_name

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
STAGED_ID = f'text COLLATE "{ID_COLLATION}"'  # sorted as stored: the staged files' ids are indexed and joined
DATE_RULES = {"date": "not a date (YYYY-MM-DD)", "datetime": "not a date-time (YYYY-MM-DD hh:mm:ss)"}
# How Client.csv's SSN is staged: its stored forms and its length, never in clear.
SSN_STAGED = (*((name, "text") for name in SSN_COLUMNS), ("_ssn_length", "integer"))
VICTIM_SERVICE_PROVIDER_RULE = "victim service providers may not store client PII in HMIS"
# Client PII: a report or a finding never shows these values.
PII_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB")
# Records HUD allows once per enrollment at entry (1) and at exit (3), per the extra columns named.
ONE_PER_STAGE = {"IncomeBenefits": (), "HealthAndDV": (), "EmploymentEducation": (), "YouthEducationStatus": (),
                 "Disabilities": ("disability_type",)}
ONCE_STAGES = (1, 3)
HEAD_OF_HOUSEHOLD = 1
# The records of an enrollment HUD dates within it (from the project start to the exit; a post-exit record after it),
# by the date each is about (5.04 Information Date; a service's, an assessment's, an event's own). An exit's own date
# is dq.exit.before_entry's.
DATED_WITHIN = {"IncomeBenefits": "InformationDate", "HealthAndDV": "InformationDate",
                "EmploymentEducation": "InformationDate", "Disabilities": "InformationDate", "Services": "DateProvided",
                "CurrentLivingSituation": "InformationDate", "Assessment": "AssessmentDate", "Event": "EventDate",
                "YouthEducationStatus": "InformationDate"}
# 5.03 Data Collection Stage: project exit and post-exit records need the exit; only a post-exit record is dated
# after it; an annual assessment falls within ANNUAL_WINDOW_DAYS of an anniversary of the head of household's project
# start, once for each.
NEEDS_EXIT = (3, 6)
POST_EXIT = 6
ANNUAL_ASSESSMENT = 5
ANNUAL_WINDOW_DAYS = 30
# FY2024 made "rental by client, with ongoing housing subsidy" one destination (435) and the subsidy an
# answer of its own, numbered after the destinations it replaced (19 VASH -> 419, 34 public housing -> 434):
# a Destination holding such a subsidy code is that destination in the earlier form.
RENTAL_WITH_SUBSIDY = 435


@dataclass(frozen=True)
class Check:
    column: str          # the HUD column a report names
    bad: str             # SQL: true on a row that breaks the rule
    rule: str            # SQL: the rule's message
    repair: str | None   # SQL SET list giving HUD's fallback; None when there is none
    rule_id: str         # the catalogue's id
    # reads nothing but its column's value, at more cost than hashing it (a date read and written back): a file is
    # asked it of each distinct value first (the import's stager: Stager._any_broken)
    per_value: bool = False


@dataclass(frozen=True)
class Repeated:
    """What a rule across records needs to find anything: two live records of one source that `where` selects sharing
    `columns`. Where none share them (NULLs counted as equal, which only ever makes the rule run for nothing), it finds
    nothing, which a unique index on them tells at less cost than the rule's own join (the import's stager tries one:
    Stager._finding_nothing)."""
    columns: tuple[str, ...]  # the record's own columns, as stored
    where: str  # SQL over those columns, unqualified


@dataclass(frozen=True)
class Present:
    """What a rule across records needs to find anything: a live record of one source that `where` selects (an annual
    assessment). Where a file has none, it finds nothing, which one look through the file tells at less cost than the
    rule's own join, for every rule needing the same (the import's stager: Stager._finding_nothing)."""
    where: str  # SQL over the record's own columns, as stored, unqualified


@dataclass(frozen=True)
class QualityCheck:
    rule_id: str         # the catalogue's id
    column: str          # the HUD column a finding names
    bad: str             # SQL over a stored record `r`: true when it breaks the rule
    value: str           # SQL: the value a finding shows (text; NULL for PII)
    across: bool = False  # reads other records: run on its own, so that its subquery is planned as a join
    # reads the record's `stay` (`stays`: its enrollment's entry and each live exit of it), joined to the record in the
    # one pass that finds the rules of one record: one scan and a hashed join for a file, not a scan and a join a rule
    joined: bool = False
    # a rule `across` that finds a record only where records repeat some columns, or where some record is present
    only_if: Repeated | Present | None = None


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def staged_columns(spec: FileSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of a file's typed staging table, after the line number."""
    columns = []
    for column in spec.columns:
        if _is_ssn(spec, column.name):
            columns += SSN_STAGED
        else:
            columns.append((column.db_name, STAGED_ID if column.is_id else STAGED_TYPES[column.kind]))
    return columns


def typed(spec: FileSpec, name: str) -> str:
    """A staged column as it is stored."""
    kind = next((c.kind for c in spec.columns if c.db_name == name), "string")
    return f"{name}::{SQL_TYPES[kind]}" if kind in DATE_RULES else name


def _is_ssn(spec: FileSpec, name: str) -> bool:
    return spec.name == "Client" and name == "SSN"


def _answered(spec: FileSpec, name: str, prefix: str = "") -> str:
    """True when a staged (or, with prefix `r.`, a stored) record answers the column."""
    return f"{prefix}ssn_ciphertext IS NOT NULL" if _is_ssn(spec, name) else \
        f"{prefix}{spec.by_name[name].db_name} IS NOT NULL"


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
                                _code_fallback(column), "structural.type"))
        elif column.kind == "money":
            checks.append(Check(column.name, f"{value} !~ '{MONEY_PATTERN}'", literal("not an amount"), None,
                                "structural.type"))
    return checks + date_checks(spec)


def date_checks(spec: FileSpec) -> list[Check]:
    """Each date and date-time can be cast: the shape, and a day the calendar has."""
    checks = []
    for column in spec.columns:
        if column.kind in DATE_RULES:
            value = column.db_name
            pattern = DATE_PATTERN + ("$" if column.kind == "date" else TIME_PATTERN)
            bad = f"CASE WHEN {value} ~ '{pattern}' THEN {_not_a_calendar_date(value)} ELSE {value} IS NOT NULL END"
            checks.append(Check(column.name, bad, literal(DATE_RULES[column.kind]), None, "structural.type"))
    return checks


def casts(spec: FileSpec) -> list[str]:
    """The all-text staging table's columns as the typed one's (after `type_checks` held)."""
    return [name if kind in ("text", STAGED_ID) else f"{name}::{kind}" for name, kind in staged_columns(spec)]


def record_checks(spec: FileSpec, victim_service_provider: bool = False) -> list[Check]:
    """The structural rules of one record over the typed staging table (the data-quality ones run over
    the stored records: `quality_checks`)."""
    return [*_value_checks(spec), *(_pii_checks(spec) if victim_service_provider else ())]


def _value_checks(spec: FileSpec) -> list[Check]:
    checks = []
    for column in spec.columns:
        value = column.db_name
        if _is_ssn(spec, column.name):
            if column.max_length:
                checks.append(Check(column.name, f"_ssn_length > {column.max_length}",
                                    literal(f"longer than {column.max_length} characters"), None, "structural.length"))
            continue
        if column.required and not column.read_as_missing:
            checks.append(Check(column.name, f"{value} IS NULL", literal("required"), _code_fallback(column),
                                "structural.required"))
        if column.list_name:
            codes = ", ".join(str(code) for code in sorted(LISTS[column.list_name]))
            checks.append(Check(column.name, f"{value} NOT IN ({codes})", literal(f"not in list {column.list_name}"),
                                _code_fallback(column), "structural.list"))
        if column.kind == "string" and column.max_length:
            # characters are never more than bytes, and counting bytes is free: only a long value is counted
            checks.append(Check(column.name, f"octet_length({value}) > {column.max_length} AND "
                                             f"length({value}) > {column.max_length}",
                                literal(f"longer than {column.max_length} characters"),
                                f"{value} = left({value}, {column.max_length})", "structural.length"))
        if column.kind == "money":  # numeric reads NaN
            checks.append(Check(column.name, f"{value} = 'NaN'", literal("not an amount"), None, "structural.type"))
        if column.kind in DATE_RULES:  # a cast this cannot make raises: date_checks say which value
            cast = f"{value}::{SQL_TYPES[column.kind]}"
            checks.append(Check(column.name, f"{cast}::text <> {value}", literal(DATE_RULES[column.kind]), None,
                                "structural.type", per_value=True))
    return checks


def mappings(spec: FileSpec) -> list[Check]:
    """An earlier year's codes HUD maps to this year's, applied under every strictness before the checks:
    `bad` selects the rows to map, `repair` maps them."""
    if spec.name != "Exit":
        return []
    subsidies = ", ".join(str(code) for code in sorted(LISTS["RentalSubsidyType"]))
    return [Check("Destination", f"destination IN ({subsidies}) AND coalesce(destination_subsidy_type, destination) "
                                 "= destination",
                  literal(f"a rental subsidy type, read as {RENTAL_WITH_SUBSIDY} with that DestinationSubsidyType"),
                  f"destination_subsidy_type = destination, destination = {RENTAL_WITH_SUBSIDY}",
                  "structural.list.mapped")]


def _pii_checks(spec: FileSpec) -> list[Check]:
    """VAWA: a victim service provider stores no client PII in HMIS, so such a row cannot be kept."""
    if spec.name != "Client":
        return []
    return [Check(name, _answered(spec, name), literal(VICTIM_SERVICE_PROVIDER_RULE), None,
                  "structural.pii.victim_service_provider")
            for name in PII_COLUMNS if name in spec.by_name]


# -- data quality, over the stored records ------------------------------------------------------------

def shown(spec: FileSpec, name: str) -> str:
    """A stored column's value as a finding shows it: text, and never PII."""
    return "NULL" if spec.name == "Client" and name in PII_COLUMNS else f"r.{spec.by_name[name].db_name}::text"


def quality_checks(spec: FileSpec, table_of: Callable[[str], str] = table_name) -> list[QualityCheck]:
    """Every data-quality rule of a file's stored records; the rules reading other records read each file's
    records from `table_of(file)` (a table, or a subquery in parentheses), by default where they are stored."""
    return [*_missing_checks(spec), *_conditional_checks(spec), *_date_quality_checks(spec),
            *_across_records(spec, table_of)]


def _missing_checks(spec: FileSpec) -> list[QualityCheck]:
    checks = []
    for column in spec.columns:
        if not column.read_as_missing:
            continue
        value = f"r.{column.db_name}"
        checks.append(QualityCheck("dq.missing.not_collected", column.name, f"({value} IS NULL OR {value} = {MISSING})",
                                   shown(spec, column.name)))
        if {8, 9} <= LISTS[column.list_name].keys():
            checks.append(QualityCheck("dq.missing.refused", column.name, f"{value} IN (8, 9)",
                                       shown(spec, column.name)))
    return checks


def _conditional_checks(spec: FileSpec) -> list[QualityCheck]:
    # a record has one finding of a rule on a column: a column two conditionals of one rule govern (W4's and W6's,
    # answered only on an HIV/AIDS record answered Yes) breaks it when it breaks either
    broken: dict[tuple[str, str], list[str]] = {}
    for rule in rules.CONDITIONALS_BY_FILE.get(spec.name, ()):
        codes = ", ".join(str(answer) for answer in sorted(rule.answers))
        holds = " OR ".join(f"r.{spec.by_name[p].db_name} IN ({codes})" for p in rule.parents)
        holds = f"coalesce({holds}, false)"
        for column in rule.columns:
            answered = _answered(spec, column, "r.")
            broken.setdefault((rule.rule_id, column), []).append({
                "only": f"{answered} AND NOT {holds}", "required": f"NOT ({answered}) AND {holds}",
                "empty": f"{answered} AND {holds}"}[rule.kind])
    checks = [QualityCheck(rule_id, column, bad[0] if len(bad) == 1 else " OR ".join(f"({each})" for each in bad),
                           shown(spec, column)) for (rule_id, column), bad in broken.items()]
    for listed in rules.ANSWER_LISTS:
        if listed.file == spec.name:
            parents = ", ".join(map(str, sorted(listed.answers)))
            codes = ", ".join(map(str, sorted(LISTS[listed.list_name])))
            column = spec.by_name[listed.column].db_name
            checks.append(QualityCheck(listed.rule_id, listed.column, f"r.{spec.by_name[listed.parent].db_name} IN "
                                       f"({parents}) AND r.{column} NOT IN ({codes})", shown(spec, listed.column)))
    if spec.name == "Client":
        # The keyed hash of the whole SSN is computed only for a number SSA could have issued (pii.ssn_forms).
        checks.append(QualityCheck(rules.INVALID_SSN_RULE, "SSN",
                                   f"r.ssn_data_quality = {rules.SSN_REPORTED} AND r.ssn_hash IS NULL", "NULL"))
    return checks


def _date_quality_checks(spec: FileSpec) -> list[QualityCheck]:
    checks = [QualityCheck("dq.date.future", name, f"r.{spec.by_name[name].db_name} > current_date", shown(spec, name))
              for file, name in sorted(rules.NOT_FUTURE) if file == spec.name]
    if spec.name == "Client":
        checks.append(QualityCheck("dq.dob.early", "DOB", f"r.dob < DATE '{rules.EARLIEST_DOB.isoformat()}'", "NULL"))
    if spec.name == "Event":  # 4.20: the result of the referral the event records comes after it
        checks.append(QualityCheck("dq.event.result_before_event", "ResultDate", "r.result_date < r.event_date",
                                   shown(spec, "ResultDate")))
    return checks


def _live(alias: str) -> str:
    return f"{alias}.date_deleted IS NULL"


# The files whose records the rules across records of a file read, beside its own.
READ_ACROSS = {"Enrollment": ("Exit",), "Exit": ("Enrollment",), **{file: ("Enrollment", "Exit") for file in DATED_WITHIN}}


def _anniversary(head_entry: str, day: str) -> str:
    """SQL: the anniversary of `head_entry` (a date) nearest `day`, the first one at the earliest. Anniversaries are a
    year apart and a window 30 days either side of one, so the one whose window `day` may be in is the nearest: the
    whole number of years, rounded, between the two. PostgreSQL's year after 29 February is 28 February."""
    return f"({head_entry} + make_interval(years => greatest(1, round(({day} - {head_entry}) / 365.25)::int)))::date"


# SQL over `_heads_entry`: the household's head's entry date (the enrollment's own when the household has no head)
HEADS_ENTRY = "coalesce(h.entry_date, e.entry_date)"


def _heads_entry(enrollments: str, of: str) -> str:
    """SQL: FROM and WHERE giving `e`, the enrollment of the record `of`, and `h`, its household's head (each, when it
    has more than one; none when it has none)."""
    return f"""{enrollments} e LEFT JOIN {enrollments} h ON h.household_id = e.household_id AND h.source = e.source
        AND h.relationship_to_hoh = {HEAD_OF_HOUSEHOLD} AND {_live('h')}
        WHERE e.enrollment_id = {of}.enrollment_id AND e.source = {of}.source"""


def stays(table_of: Callable[[str], str]) -> str:
    """SQL: each enrollment's stay, what the rules `joined` read of a record's enrollment: its key, its entry date, and
    each live exit's key and date (NULL when it has not exited; a row an exit when a careless export gives it several,
    so the findings made with them are distinct)."""
    return f"""SELECT e.enrollment_id, e.source, e.entry_date, x.exit_id, x.exit_date FROM {table_of('Enrollment')} e
        LEFT JOIN {table_of('Exit')} x ON x.enrollment_id = e.enrollment_id AND x.source = e.source AND {_live('x')}"""


def stay_join(stays: str) -> str:
    """SQL: the join giving a record `r` of an enrollment its `stay`, from `stays` (a table of the rows of `stays()`, or
    that SQL in parentheses)."""
    return f"LEFT JOIN {stays} stay ON stay.enrollment_id = r.enrollment_id AND stay.source = r.source"


def _dated_within(spec: FileSpec, table_of: Callable[[str], str]) -> list[QualityCheck]:
    """5.03, 5.04: a record of an enrollment dated from its entry to its exit (a post-exit one after it, and a bed night
    before it: dq.bed_night.after_exit), project exit and post-exit records only once it has exited, an annual
    assessment in the window of an anniversary of the head of household's entry and once in it. The first three read
    the record's enrollment and exit (`joined`); the annual ones, of a few records, each a join on the enrollment's key."""
    column = DATED_WITHIN[spec.name]
    day, shown_day = f"r.{spec.by_name[column].db_name}", shown(spec, column)
    staged = "DataCollectionStage" in spec.by_name
    enrollments = table_of("Enrollment")
    of_enrollment = "{0}.enrollment_id = r.enrollment_id AND {0}.source = r.source".format
    checks = [QualityCheck("dq.record.before_entry", column, f"{day} < stay.entry_date", shown_day, joined=True)]
    kept_after = [f"r.data_collection_stage IS DISTINCT FROM {POST_EXIT}"] if staged else []
    if spec.name == "Services":
        kept_after.append(f"r.record_type IS DISTINCT FROM {rules.BED_NIGHT}")
    checks.append(QualityCheck("dq.record.after_exit", column, " AND ".join([*kept_after, f"{day} > stay.exit_date"]),
                               shown_day, joined=True))
    if not staged:
        return checks
    stage = shown(spec, "DataCollectionStage")
    checks.append(QualityCheck("dq.stage.needs_exit", "DataCollectionStage", f"""r.data_collection_stage IN
        ({', '.join(map(str, NEEDS_EXIT))}) AND stay.exit_id IS NULL""", stage, joined=True))
    annual, window = f"r.data_collection_stage = {ANNUAL_ASSESSMENT}", ANNUAL_WINDOW_DAYS
    anniversary = _anniversary(HEADS_ENTRY, day)
    an_annual_assessment = Present(f"data_collection_stage = {ANNUAL_ASSESSMENT} AND date_deleted IS NULL")
    checks.append(QualityCheck("dq.annual.outside_window", column, f"""{annual} AND NOT EXISTS (SELECT 1
        FROM {_heads_entry(enrollments, 'r')} AND abs({day} - {anniversary}) <= {window})""", shown_day, across=True,
                               only_if=an_annual_assessment))
    key, same = spec.key.db_name, "".join(f" AND o.{c} = r.{c}" for c in ONE_PER_STAGE.get(spec.name, ()))
    checks.append(QualityCheck("dq.annual.duplicate", "DataCollectionStage", f"""{annual} AND EXISTS (SELECT 1
        FROM {table_of(spec.name)} o, {_heads_entry(enrollments, 'o')} AND {of_enrollment('o')}
        AND o.data_collection_stage = {ANNUAL_ASSESSMENT} AND o.{key} <> r.{key} AND {_live('o')}{same}
        AND abs({day} - {anniversary}) <= {window} AND abs(o.{spec.by_name[column].db_name} - {anniversary}) <= {window})""",
                                 stage, across=True, only_if=an_annual_assessment))
    return checks


def _across_records(spec: FileSpec, table_of: Callable[[str], str]) -> list[QualityCheck]:
    """The rules that read other stored records of the same source (the file's own and READ_ACROSS's)."""
    checks = []
    if spec.name in ONE_PER_STAGE:
        same = " AND ".join(f"o.{column} = r.{column}" for column in
                            ("enrollment_id", "source", "data_collection_stage", *ONE_PER_STAGE[spec.name]))
        key = spec.key.db_name
        once = f"data_collection_stage IN ({', '.join(map(str, ONCE_STAGES))})"
        checks.append(QualityCheck("dq.stage.duplicate", "DataCollectionStage", f"""(r.{once} AND EXISTS (SELECT 1
            FROM {table_of(spec.name)} o WHERE {same} AND o.{key} <> r.{key} AND {_live('o')}))""",
                                   shown(spec, "DataCollectionStage"), across=True, only_if=Repeated(
                                       ("enrollment_id", "data_collection_stage", *ONE_PER_STAGE[spec.name]),
                                       f"{once} AND date_deleted IS NULL")))
    if spec.name == "Enrollment":
        enrollments, exits = table_of("Enrollment"), table_of("Exit")
        # two checks of one rule, no head and two heads (a record breaks at most one): each a join alone
        head = "{0}.household_id = r.household_id AND {0}.source = r.source AND {0}.date_deleted IS NULL " \
               f"AND {{0}}.relationship_to_hoh = {HEAD_OF_HOUSEHOLD}"
        checks.append(QualityCheck("dq.household.head", "RelationshipToHoH", f"""NOT EXISTS (SELECT 1 FROM
            {enrollments} h WHERE {head.format('h')})""", shown(spec, "RelationshipToHoH"), across=True))
        checks.append(QualityCheck("dq.household.head", "RelationshipToHoH", f"""EXISTS (SELECT 1 FROM
            {enrollments} h JOIN {enrollments} h2 ON h2.household_id = h.household_id AND h2.source = h.source
            AND h2.enrollment_id > h.enrollment_id AND {_live('h2')} AND h2.relationship_to_hoh = {HEAD_OF_HOUSEHOLD}
            WHERE {head.format('h')})""", shown(spec, "RelationshipToHoH"), across=True))
        exit_of = "(SELECT {0}.exit_date FROM {1} {0} WHERE {0}.enrollment_id = {2}.enrollment_id " \
                  "AND {0}.source = {2}.source AND {0}.date_deleted IS NULL LIMIT 1)"
        checks.append(QualityCheck("dq.stay.overlap", "EntryDate", f"""EXISTS (SELECT 1 FROM {enrollments} o
            WHERE o.personal_id = r.personal_id AND o.project_id = r.project_id AND o.source = r.source
            AND o.enrollment_id <> r.enrollment_id AND {_live('o')}
            AND o.entry_date < coalesce({exit_of.format('x', exits, 'r')}, 'infinity')
            AND r.entry_date < coalesce({exit_of.format('ox', exits, 'o')}, 'infinity'))""", shown(spec, "EntryDate"),
                                   across=True))
    if spec.name == "Exit":
        checks.append(QualityCheck("dq.exit.before_entry", "ExitDate", f"""EXISTS (SELECT 1 FROM {table_of("Enrollment")} e
            WHERE e.enrollment_id = r.enrollment_id AND e.source = r.source AND r.exit_date < e.entry_date)""",
                                   shown(spec, "ExitDate"), across=True))
    if spec.name == "Services":
        # 4.14: a bed night from the entry date to the night before the exit date (the exit of a night-by-night
        # shelter is the day after the last bed night), and one a date: each a finding of the bed night breaking it
        bed_night = f"r.record_type = {rules.BED_NIGHT}"
        checks.append(QualityCheck("dq.bed_night.after_exit", "DateProvided", f"{bed_night} AND r.date_provided >= stay.exit_date",
                                   shown(spec, "DateProvided"), joined=True))
        checks.append(QualityCheck("dq.bed_night.duplicate", "DateProvided", f"""{bed_night} AND EXISTS (SELECT 1
            FROM {table_of("Services")} o WHERE o.enrollment_id = r.enrollment_id AND o.source = r.source
            AND o.date_provided = r.date_provided AND o.record_type = {rules.BED_NIGHT} AND o.services_id <> r.services_id
            AND {_live('o')})""", shown(spec, "DateProvided"), across=True, only_if=Repeated(
            ("enrollment_id", "date_provided"), f"record_type = {rules.BED_NIGHT} AND date_deleted IS NULL")))
    if spec.name in DATED_WITHIN:
        checks += _dated_within(spec, table_of)
    return checks


QUALITY_CHECKS = {name: quality_checks(spec) for name, spec in FILES.items()}

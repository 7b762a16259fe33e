"""Data-quality findings kept with the records (`data_quality_findings`): HUD's data-quality rules
(hud.fy2026's catalogue, compiled by checks.quality_checks) run over the stored records.

`evaluate` is the one path: the CSV import runs it over the records it wrote, the API over a record it
created or changed, in the same transaction as the write. Findings that still hold keep the time they
were first found; those that no longer hold go.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import sqlalchemy as sa

from clients.models import HUD_TABLES, data_quality_findings
from hud.fy2026 import checks, rules
from hud.fy2026.spec import FILES

FINDINGS = data_quality_findings.name


def stored(name: str) -> str:
    """Where a file's records are stored."""
    return HUD_TABLES[name].name


def rule_field(name: str, rule_id: str) -> str:
    """The field (as the API names it) that a rule's findings of a file's records are about."""
    column = next(check.column for check in checks.QUALITY_CHECKS[name] if check.rule_id == rule_id)
    return FILES[name].by_name[column].db_name


def has_rules(name: str) -> bool:
    """Whether any data-quality rule reads a file's records."""
    return bool(checks.QUALITY_CHECKS[name])


def reads_across(name: str) -> bool:
    """Whether a rule reads other records than the one it is about."""
    return any(check.across or check.joined for check in checks.QUALITY_CHECKS[name])


def reads_stays(name: str) -> bool:
    """Whether a rule reads the stay of the record's enrollment (`checks.stays`)."""
    return any(check.joined for check in checks.QUALITY_CHECKS[name])


def files_read(name: str) -> set[str]:
    """The files whose records the findings of a file's records read: its own, those its rules across records
    read, and for a record of an enrollment with no project of its own, the enrollments (whose project it
    belongs to)."""
    columns = FILES[name].by_name
    owner = {"Enrollment"} if "EnrollmentID" in columns and "ProjectID" not in columns else set()
    return {name, *checks.READ_ACROSS.get(name, ()), *owner}


def found_query(name: str, scope: str, table_of: Callable[[str], str] = stored, carry: str = "",
                stays: str | None = None, finding_nothing: Collection[str] = ()) -> str | None:
    """SQL finding what HUD's data-quality rules say of the records of a file that `scope` (SQL over the
    record `r`) selects, each file's records read from `table_of(file)` (by default where they are stored;
    an import reads its staged files as they will be stored), and the enrollments' stays from `stays` (a table
    of `checks.stays(table_of)`, made once for several files; by default that query): a row per finding,
    (`carry`, columns of `r` carried through,) record_id, source, personal_id, enrollment_id, project_id,
    rule_id, field, value. None when no rule reads the file. `finding_nothing`: rules known to find nothing in these
    records, which do not repeat what the rule needs repeated (`checks.Repeated`) or hold none of the records it needs
    present (`checks.Present`), left out."""
    spec = FILES[name]
    quality = [check for check in checks.quality_checks(spec, table_of)
               if not (check.only_if and check.rule_id in finding_nothing)]
    if not quality:
        return None
    columns = spec.by_name
    live = "r.date_deleted IS NULL" if "DateDeleted" in columns else "true"
    owners = ", ".join([*filter(None, [carry]), f"r.{spec.key.db_name} AS record_id, r.source",
                        "r.personal_id" if "PersonalID" in columns else "NULL",
                        "r.enrollment_id" if "EnrollmentID" in columns else "NULL",
                        "r.project_id" if "ProjectID" in columns else "NULL"])
    within = [check for check in quality if not check.across]
    # the rules of one record, and those reading its stay joined to it (a record joined to two exits would be found
    # twice: distinct): the positions of those broken, one finding each, for the records breaking any
    joined = any(check.joined for check in within)
    records = f"{table_of(name)} r {checks.stay_join(stays or f'({checks.stays(table_of)})') if joined else ''}"
    array = "(ARRAY[{}]::text[])[at]".format
    found = [f"""SELECT {'DISTINCT' if joined else ''} {owners}, {array(', '.join(f"'{c.rule_id}'" for c in within))},
            {array(', '.join(f"'{c.column}'" for c in within))}, {array(', '.join(c.value for c in within))}
        FROM {records} CROSS JOIN LATERAL unnest(array_remove(ARRAY[{', '.join(
            f"CASE WHEN {c.bad} THEN {at} END" for at, c in enumerate(within, start=1))}], NULL)) AS at
        WHERE {scope} AND {live} AND ({' OR '.join(f"coalesce({c.bad}, false)" for c in within)})"""] if within else []
    # a rule reading other records runs on its own, where its subquery is planned as a join, not per record
    found += [f"""SELECT {owners}, '{check.rule_id}', '{check.column}', {check.value}
        FROM {table_of(name)} r WHERE {scope} AND {live} AND {check.bad}""" for check in quality if check.across]
    carried = [column.split(".")[-1] for column in carry.split(", ")] if carry else []
    names = ", ".join([*carried, "record_id", "source", "personal_id", "enrollment_id", "project_id", "rule_id",
                       "field", "value"])
    found = f"SELECT * FROM ({' UNION ALL '.join(found)}) found ({names})"
    if "ProjectID" in columns or "EnrollmentID" not in columns:
        return found
    # a record of an enrollment belongs to the enrollment's project
    return f"""SELECT {', '.join(f'f.{column}' for column in carried)}{', ' if carried else ''}f.record_id, f.source,
        f.personal_id, f.enrollment_id, e.project_id, f.rule_id, f.field, f.value FROM ({found}) f
        LEFT JOIN {table_of("Enrollment")} e ON e.enrollment_id = f.enrollment_id AND e.source = f.source"""


@dataclass
class Found:
    counts: dict[str, int] = field(default_factory=dict)  # rule id -> findings of the records evaluated


FINDING_COLUMNS = "record_id, source, personal_id, enrollment_id, project_id, rule_id, field, value"
# Given SQL selecting the findings an import made (line, record id, field, rule id, value), reports them, by line
Report = Callable[[sa.Connection, str], None]


def evaluate(connection: sa.Connection, name: str, scope: str, params: dict | None = None,
             lines: str | None = None, report: Report | None = None, new: bool = False) -> Found:
    """Re-evaluate the findings of a file's stored records that `scope` (SQL over the record `r`, with
    `params`) selects; returns what they have now, counted per rule. With `lines` (a table of the records'
    `_line` and key: an import's staged file), `report` is given the findings made, each with its line.
    `new`: the records were all just written into a table that had none of the file's (an import's load into an
    empty table), so none has a finding yet: there is nothing to replace."""
    key = FILES[name].key.db_name
    params = {**(params or {}), "file": name}
    records = f"SELECT r.{key}, r.source FROM {stored(name)} r WHERE {scope}"
    found = found_query(name, scope)
    if found is None:
        connection.exec_driver_sql(f"DELETE FROM {FINDINGS} WHERE file = %(file)s AND (record_id, source) IN "
                                   f"({records})", params)
        return Found()
    # Found into a table of its own, its statistics taken, so that what no longer holds is found by a hash
    # anti-join whatever the number of findings (a CTE's estimate made that a nested loop over all of them).
    connection.exec_driver_sql(f"CREATE TEMP TABLE found_now ON COMMIT DROP AS {found}", params)
    connection.exec_driver_sql("ANALYZE found_now")
    if not new:
        connection.exec_driver_sql(f"""
            DELETE FROM {FINDINGS} d WHERE d.file = %(file)s AND (d.record_id, d.source) IN ({records})
            AND NOT EXISTS (SELECT 1 FROM found_now f WHERE f.record_id = d.record_id AND f.source = d.source
                            AND f.rule_id = d.rule_id AND f.field = d.field)""", params)
    found_now = _store(connection, name, "found_now", replacing=not new)
    if lines and report and found_now.counts:
        report(connection, f"""SELECT s._line, f.record_id, f.field, f.rule_id, f.value FROM found_now f
                               JOIN {lines} s ON s.{key} = f.record_id""")
    connection.exec_driver_sql("DROP TABLE found_now")
    return found_now


def store_prepared(connection: sa.Connection, name: str, prepared: str) -> Found:
    """Store the findings an import prepared over its staged files (`prepared`: the rows of `found_query`,
    carrying each record's `_line`) for records all just written into a table that had none of the file's,
    so none has a finding yet."""
    return _store(connection, name, prepared, replacing=False)


def report_prepared(connection: sa.Connection, prepared: str, report: Report) -> None:
    """Give `report` the findings an import prepared (`store_prepared`), as `evaluate` does."""
    report(connection, f"SELECT _line, record_id, field, rule_id, value FROM {prepared}")


def _store(connection: sa.Connection, name: str, found: str, replacing: bool) -> Found:
    """Store the findings in the table `found` (FINDING_COLUMNS), in the unique key's order so that each index
    is written in order rather than at random; `replacing`: some may be stored already, and keep the time
    they were first found. Returns them counted per rule."""
    insert = f"""INSERT INTO {FINDINGS} (file, {FINDING_COLUMNS})
                 SELECT %(file)s, {FINDING_COLUMNS} FROM {found} ORDER BY record_id, source, rule_id, field"""
    if replacing:
        insert += """ ON CONFLICT (file, record_id, source, rule_id, field) DO UPDATE SET value = EXCLUDED.value,
            personal_id = EXCLUDED.personal_id, enrollment_id = EXCLUDED.enrollment_id,
            project_id = EXCLUDED.project_id"""
    connection.exec_driver_sql(insert, {"file": name})
    return Found(dict(connection.exec_driver_sql(f"SELECT rule_id, count(*) FROM {found} GROUP BY rule_id "
                                                 "ORDER BY rule_id").all()))


def evaluate_tied(connection: sa.Connection, name: str, scope: str, params: dict | None = None,
                  found_whole: set[str] | frozenset[str] = frozenset()) -> None:
    """Re-evaluate the findings of the stored records that HUD's rules across records tie to the records of a file
    that `scope` (SQL over the record `r`, with `params`) selects, which changed: whether a household has one head
    is a finding of each of its members, whether stays overlap one of each of a person's stays in the project (an
    exit ends a stay), whether a stage's record is the only one (or the only annual assessment of an anniversary) one
    of each of the enrollment's records of that stage, whether an exit comes before its entry one of the enrollment's
    exit, whether a bed night is the only one of its date one of each of the enrollment's bed nights, and whether a
    record is dated within its enrollment (an entry and an exit date, the exit itself, the head of household's entry
    for an annual assessment) one of each of the enrollment's records (the household's, for an annual assessment's
    anniversary). A record that moved (another household) leaves its former one as it was until that one changes.
    `found_whole`: files whose every record was just found (an import's loads into empty tables), not found again. A
    file with no record tied is passed over: a new enrollment or exit ties nine files' records, most often none."""
    for tied, tied_scope in tied_scopes(name, f"FROM {stored(name)} r WHERE {scope}"):
        if tied not in found_whole and connection.exec_driver_sql(
                f"SELECT EXISTS (SELECT 1 FROM {stored(tied)} r WHERE {tied_scope})", params).scalar():
            evaluate(connection, tied, tied_scope, params)


def tied_scopes(name: str, changed: str) -> list[tuple[str, str]]:
    """(file, scope) of the records tied to the changed records of a file (`changed`: the FROM and WHERE selecting
    them, as `r`; the scopes select them again in a subquery, where `r` is the changed record), the changed records
    among them. Their files are those clients.contract.warehouse.TIED names: the warehouse feed reads them with
    this, to hand over their findings."""
    def same(*columns: str) -> str:
        return f"({', '.join('r.' + c for c in columns)}) IN (SELECT {', '.join('r.' + c for c in columns)} {changed})"
    tied = []
    enrollment = stored("Enrollment")
    of_enrollment = same("enrollment_id", "source")
    if name in checks.ONE_PER_STAGE:
        tied.append((name, of_enrollment))
    if name == "Enrollment":
        tied += [("Enrollment", same("household_id", "source")),
                 ("Enrollment", same("personal_id", "project_id", "source")),
                 ("Exit", of_enrollment)]
        # its records are dated within it, and an annual assessment of any member near an anniversary of the head's
        household = f"""(r.enrollment_id, r.source) IN (SELECT e.enrollment_id, e.source FROM {enrollment} e
            WHERE (e.household_id, e.source) IN (SELECT r.household_id, r.source {changed}))"""
        tied += [(file, household if "DataCollectionStage" in FILES[file].by_name else of_enrollment)
                 for file in checks.DATED_WITHIN]
    if name == "Exit":
        tied.append(("Enrollment", f"""(r.personal_id, r.project_id, r.source) IN (
            SELECT e.personal_id, e.project_id, e.source FROM {enrollment} e
            WHERE (e.enrollment_id, e.source) IN (SELECT r.enrollment_id, r.source {changed}))"""))
        tied += [(file, of_enrollment) for file in checks.DATED_WITHIN]  # dated before it, bed nights too
    if name == "Services":
        tied.append(("Services", f"r.record_type = {rules.BED_NIGHT} AND {of_enrollment}"))
    return tied


def evaluate_record(connection: sa.Connection, name: str, record_id: str, source: int) -> Found:
    """Re-evaluate one stored record's findings (the API's writes)."""
    key = FILES[name].key.db_name
    return evaluate(connection, name, f"r.{key} = %(record_id)s AND r.source = %(source)s",
                    {"record_id": record_id, "source": source})

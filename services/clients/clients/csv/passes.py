"""What the stager and the import's transaction share (`Pass`), and which of two versions of a record is
the newer."""
from __future__ import annotations

import sqlalchemy as sa

from clients import sources
from clients.csv.report import FileReport
from hud.fy2026.spec import FILES, FileSpec


def newer_column(spec: FileSpec) -> str:
    """The column saying which of two versions of a record is the newer."""
    return "date_updated" if "DateUpdated" in spec.by_name else "export_date"


class Pass:
    """One connection's share of an import: running SQL, and reporting (or, as strictness says, leaving
    out) the staged rows that break a rule."""

    def __init__(self, connection: sa.Connection, strictness: str, reports: dict[str, FileReport],
                 staging: dict[str, str]):
        self.connection = connection
        self.source = sources.OWN_SOURCE  # the export's (`import_export` sets it): what its ids are unique in
        self.strictness = strictness
        self.reports = reports
        self.staging = staging  # file -> its staging table
        self.trimmed: set[str] = set()  # files this pass left staged rows out of
        self.left_out_table = ""  # (file, record_id, rule_id) of each staged row left out: the stager's

    @property
    def _outcome(self) -> str:
        """What becomes of a row breaking a structural rule HUD has no fix for."""
        return "rejected" if self.strictness == "reject" else "left_out"

    def _run(self, sql: str, params: dict | None = None) -> sa.CursorResult:
        return self.connection.exec_driver_sql(sql, params or {})

    @property
    def _duplicates_found_by_the_write(self) -> bool:
        """Under reject a duplicate id fails the import anyway, and writing a file finds one for free: an
        empty table's unique key is built after the load, and an upsert cannot change a row twice. So the
        stager skips that pass (2.5 s for 100k clients) and the import's transaction runs it only where
        the write cannot find a duplicate, or on a failure, to say which lines."""
        return self.strictness == "reject"

    def _duplicates(self, name: str) -> None:
        key, newer = FILES[name].key.db_name, newer_column(FILES[name])
        self._violations(name, f"""
            SELECT _line, {key}, {key} FROM (SELECT _line, {key}, row_number() OVER (PARTITION BY {key}
            ORDER BY {newer} DESC NULLS LAST, _line DESC) AS newer FROM {{stage}} WHERE {key} IN
            (SELECT {key} FROM {{stage}} GROUP BY {key} HAVING count(*) > 1)) ranked WHERE newer > 1""",
            FILES[name].key.name, "structural.key.duplicate",
            f"duplicate {FILES[name].key.name}; the newest DateUpdated is kept", repairable=True)

    def _violations(self, name: str, lines_sql: str, field: str, rule_id: str, rule: str, repairable: bool) -> None:
        """Report the staged rows breaking a structural rule that `lines_sql` selects (line, record id, the
        value of `field`, then any values the rule's `{}` name); under warn/repair leave them out, noting
        each in the left-out table (under repair, when `repairable`, that is HUD's fix: the newest of
        duplicates is kept)."""
        stage = self.staging[name]
        rows = self._run(lines_sql.format(stage=stage)).all()
        if not rows:
            return
        report = self.reports[name]
        fixed = repairable and self.strictness == "repair"
        for line, record_id, value, *named in rows:
            report.add(line, field, f"{rule.format(*named)}{' (repaired)' if fixed else ''}", self._outcome,
                       record_id=record_id, rule_id=rule_id, value=value)
        if self.strictness != "reject":
            self._run(f"""WITH gone AS (DELETE FROM {stage} WHERE _line = ANY(%(lines)s)
                RETURNING {FILES[name].key.db_name} AS record_id)
                INSERT INTO {self.left_out_table} SELECT %(file)s, record_id, %(rule_id)s FROM gone""",
                      {"lines": [row[0] for row in rows], "file": name, "rule_id": rule_id})
            self.trimmed.add(name)
            report.left_out += len(rows)

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

    @property
    def _outcome(self) -> str:
        """A broken rule fails the import under reject; otherwise the row is left out and reported."""
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
            SELECT _line FROM (SELECT _line, row_number() OVER (PARTITION BY {key} ORDER BY {newer} DESC NULLS LAST,
            _line DESC) AS newer FROM {{stage}} WHERE {key} IN (SELECT {key} FROM {{stage}} GROUP BY {key}
            HAVING count(*) > 1)) ranked WHERE newer > 1""",
            f"duplicate {FILES[name].key.name}; the newest DateUpdated is kept", repairable=True)

    def _violations(self, name: str, lines_sql: str, rule: str, repairable: bool, keep: bool = False) -> None:
        """Report the staged rows `lines_sql` selects (their line, then any values the rule's `{}` name);
        under warn/repair leave them out (unless `keep`)."""
        stage, key = self.staging[name], FILES[name].key
        rows = self._run(f"""SELECT s.{key.db_name}::text, v.* FROM ({lines_sql.format(stage=stage)}) v
            JOIN {stage} s USING (_line) ORDER BY v._line""").all()
        if not rows:
            return
        report = self.reports[name]
        fixed = repairable and self.strictness == "repair"
        for record_id, line, *values in rows:
            report.add(line, key.name, f"{rule.format(*values)}{' (repaired)' if fixed else ''}", self._outcome,
                       record_id=record_id)
        lines = [row[1] for row in rows]
        if self.strictness != "reject" and not keep:
            self._run(f"DELETE FROM {stage} WHERE _line = ANY(%(lines)s)", {"lines": lines})
            self.trimmed.add(name)
            report.left_out += len(lines)

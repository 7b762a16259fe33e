"""What an import reports: per file, its rows, what was written, and every row it rejected, left out,
repaired or flagged (an entry of its full report: line, record id, field, rule id, value, message,
outcome); and the import rejected under `reject`.

A CoC's export can flag hundreds of thousands of rows, so no report holds its entries in memory: each
file's are written to a temporary file on disk as they come, and read back, file after file in the
spec's order, to write the whole report (`Reports.write_csv`, `Reports.entries`). In memory stay only
counts per rule and outcome, and the first few entries of each file, which the summary lists."""
from __future__ import annotations

import csv
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

import sqlalchemy as sa

from hmis_kit.copying import copy_expert
from hud.fy2026 import catalogue
from hud.fy2026.checks import PII_COLUMNS
from hud.fy2026.spec import FILES

# What became of a row: `rejected` failed the import (reject), `left_out` was not written, `repaired`
# was written with HUD's fallback, `flagged` was written as the file has it, with a finding.
OUTCOMES = ("rejected", "left_out", "repaired", "flagged")
COLUMNS = ("file", "line", "record_id", "field", "rule_id", "value", "message", "outcome")
LISTED_PER_FILE = 20  # entries of each file the summary lists; every entry is counted, and in the full report
# Text columns that hold a code, not free text (HUD ids, which end in ID, are codes too).
CODES_AS_TEXT = {"CoCCode", "EnrollmentCoC", "Geocode", "State", "CSVVersion", "VAMCStation"}
# A report names a field breaking a rule, never what a person's name, SSN or date of birth is, nor free text
# (an address, a phone, an answer in words), which may name a person: the summary crosses the broker.
VALUES_NEVER_REPORTED = frozenset(name.lower() for name in PII_COLUMNS) | frozenset(
    column.name.lower() for spec in FILES.values() for column in spec.columns
    if column.kind == "string" and not column.name.endswith("ID") and column.name not in CODES_AS_TEXT)


class ImportRejected(Exception):
    """The import broke rules under `reject`; nothing was written. `report` says what and where."""

    def __init__(self, report: dict):
        super().__init__("the import was rejected; nothing was written")
        self.report = report


class FileReport:
    """One file's rows and what became of them; its entries go to disk as they are added."""

    def __init__(self):
        self.rows = self.inserted = self.updated = self.repaired = self.left_out = 0
        self.counts: Counter[tuple[str, str]] = Counter()  # (rule id, or message when none; outcome) -> entries
        self.listed: list[dict] = []
        self._spill: TextIO | None = None
        self._writer = None

    def add(self, line: int | None, field: str | None, message: str, outcome: str, *,
            record_id: str | None = None, rule_id: str | None = None, value: str | None = None) -> None:
        """An entry of the report: a row (or, without a line, the file) and what became of it."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
        if field and field.lower() in VALUES_NEVER_REPORTED:
            value = None
        entry = (line, record_id, field, rule_id, value, message, outcome)
        self.counts[(rule_id or message, outcome)] += 1
        if len(self.listed) < LISTED_PER_FILE:
            self.listed.append(dict(zip(COLUMNS[1:], entry)))
        self._spilled()
        self._writer.writerow(entry)

    def _spilled(self) -> TextIO:
        """The file the entries are written to, made at the first."""
        if self._spill is None:
            self._spill = tempfile.TemporaryFile("w+", newline="", encoding="utf-8", prefix="hmis-import-report-")
            self._writer = csv.writer(self._spill, lineterminator="\n")
        return self._spill

    def flag_found(self, connection: sa.Connection, findings: str) -> None:
        """An entry, flagged, for each data-quality finding of a row written as the file has it that `findings`
        (SQL: line, record id, field, rule id, value) selects, by line, as `add` makes it. The entries are made by
        PostgreSQL in a temporary table and COPYed to the spill, counted and listed from there: a file may have
        hundreds of thousands, which, added one by one, cost the import's Python a second for 100k clients."""
        run = connection.exec_driver_sql
        run(f"""CREATE TEMP TABLE flagged ON COMMIT DROP AS
            SELECT f.line, f.record_id, f.field, f.rule_id,
                CASE WHEN lower(f.field) = ANY(%(never)s) THEN NULL ELSE f.value END AS value, m.message
            FROM ({findings}) f (line, record_id, field, rule_id, value)
            LEFT JOIN unnest(%(rule_ids)s::text[], %(messages)s::text[]) m (rule_id, message) USING (rule_id)""",
             {"never": sorted(VALUES_NEVER_REPORTED), "rule_ids": list(catalogue.BY_ID),
              "messages": [rule.message for rule in catalogue.BY_ID.values()]})
        entries = "SELECT line, record_id, field, rule_id, value, message, 'flagged' FROM flagged ORDER BY 1, 4, 3"
        for rule_id, count in run("SELECT rule_id, count(*) FROM flagged GROUP BY rule_id"):
            self.counts[(rule_id, "flagged")] += count
        if len(self.listed) < LISTED_PER_FILE:
            self.listed += [dict(zip(COLUMNS[1:], entry)) for entry in
                            run(f"{entries} LIMIT {LISTED_PER_FILE - len(self.listed)}")]
        copy_expert(connection, f"COPY ({entries}) TO STDOUT WITH (FORMAT csv)", self._spilled())
        run("DROP TABLE flagged")

    def absorb(self, other: FileReport) -> None:
        """Add `other`'s entries after this report's, as if added here (`other` is closed)."""
        self.counts.update(other.counts)
        self.listed.extend(other.listed[:LISTED_PER_FILE - len(self.listed)])
        if other._spill is not None:
            if self._spill is None:
                self._spill, self._writer, other._spill = other._spill, other._writer, None
            else:
                other._spill.flush()
                other._spill.seek(0)
                shutil.copyfileobj(other._spill, self._spill)
        other.close()

    @property
    def error_count(self) -> int:
        """Entries that fail the import (under reject)."""
        return self.outcome_count("rejected")

    def outcome_count(self, outcome: str) -> int:
        return sum(count for (_, counted), count in self.counts.items() if counted == outcome)

    def entries(self) -> Iterator[list[str]]:
        """The file's entries, as added (the columns of COLUMNS after `file`; an empty value is none)."""
        if self._spill is None:
            return
        self._spill.flush()
        self._spill.seek(0)
        try:
            yield from csv.reader(self._spill)
        finally:
            self._spill.seek(0, 2)  # entries added later go after the last

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def as_dict(self) -> dict:
        rules: dict[str, dict[str, int]] = {}
        for (rule, outcome), count in sorted(self.counts.items()):
            rules.setdefault(rule, {})[outcome] = count
        return {"rows": self.rows, "staged": self.rows - self.left_out, "inserted": self.inserted,
                "updated": self.updated, "repaired": self.repaired, "left_out": self.left_out,
                "error_count": self.error_count, "flagged": self.outcome_count("flagged"),
                "entries": sum(self.counts.values()), "rules": rules, "listed": self.listed}


class Reports(dict[str, FileReport]):
    """An import's report: a FileReport per file of the spec (by name), and its whole report, file by file."""

    def __init__(self):
        super().__init__((name, FileReport()) for name in FILES)

    def entries(self) -> Iterator[list[str]]:
        """Every entry (the columns of COLUMNS), file after file in the spec's order."""
        for name, report in self.items():
            filename = FILES[name].filename
            for entry in report.entries():
                yield [filename, *entry]

    def write_csv(self, out: TextIO) -> int:
        """The whole report as CSV, with a header (COLUMNS); returns how many entries it has."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        written = 0
        for written, entry in enumerate(self.entries(), start=1):
            writer.writerow(entry)
        return written

    def close(self) -> None:
        """Forget the entries (their temporary files are removed)."""
        for report in self.values():
            report.close()


def import_report(strictness: str, reports: dict[str, FileReport]) -> dict:
    """The summary: counts per file, and per rule and outcome within each file, the first entries listed."""
    files = {FILES[name].filename: report.as_dict() for name, report in reports.items()}
    totals = {key: sum(file[key] for file in files.values())
              for key in ("rows", "inserted", "updated", "left_out", "repaired", "flagged", "entries")}
    return {"strictness": strictness, "errors": sum(file["error_count"] for file in files.values()),
            **totals, "files": files}

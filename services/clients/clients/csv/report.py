"""What an import reports: per file, its rows, what was written, left out or repaired, and each broken
rule with its line; and the import rejected under `reject`."""
from __future__ import annotations

from dataclasses import dataclass, field
from hud.fy2026.spec import FILES


LISTED_ERRORS_PER_FILE = 1000  # every error is counted; this many per file are listed with line and rule


class ImportRejected(Exception):
    """The import broke rules under `reject`; nothing was written. `report` says what and where."""

    def __init__(self, report: dict):
        super().__init__("the import was rejected; nothing was written")
        self.report = report


@dataclass
class FileReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    repaired: int = 0
    left_out: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)
    findings: dict = field(default_factory=dict)  # data-quality rule id -> findings on the file's records

    def add(self, line: int | None, column: str | None, rule: str, severity: str = "error", *,
            record_id: str | None = None, rule_id: str | None = None, value: str | None = None,
            outcome: str | None = None) -> None:
        self.error_count += severity == "error"
        self.list(line, column, rule, severity, record_id=record_id, rule_id=rule_id, value=value, outcome=outcome)

    def list(self, line: int | None, column: str | None, rule: str, severity: str, *,
             record_id: str | None = None, rule_id: str | None = None, value: str | None = None,
             outcome: str | None = None) -> None:
        """List a problem counted elsewhere (the SQL checks count in bulk). `outcome`: rejected, left_out,
        repaired or flagged (a data-quality finding; the row is stored); `value` as the file has it, never PII."""
        if len(self.errors) < LISTED_ERRORS_PER_FILE:
            self.errors.append({"line": line, "record_id": record_id, "field": column, "rule_id": rule_id,
                                "value": value, "message": rule, "outcome": outcome,
                                "rule": rule, "severity": severity})

    def as_dict(self) -> dict:
        return {**vars(self), "staged": self.rows - self.left_out}


def import_report(strictness: str, reports: dict[str, FileReport]) -> dict:
    files = {FILES[name].filename: report.as_dict() for name, report in reports.items()}
    return {"strictness": strictness, "errors": sum(report.error_count for report in reports.values()),
            "files": files, "rows": sum(report.rows for report in reports.values()),
            "inserted": sum(report.inserted for report in reports.values()),
            "updated": sum(report.updated for report in reports.values())}

"""What `hmis csv import|export|generate` do: run against the clients database, print a summary."""
from __future__ import annotations

import os
import tempfile
import uuid
import zipfile
from datetime import date

from tqdm import tqdm

from clients.csv import exporter, generator, importer
from clients.csv.report import OUTCOMES, Reports
from clients.csv.source import ExportRefused, ExportSource
from hmis_kit import audit, config
from hmis_kit.db import make_engine

LEFT_OUT = 2  # the exit status of an import that wrote the export but left rows of it out
EXAMPLES_PER_FILE = 3  # entries the summary prints of each file, after its counts per rule; all are in the report


def _engine():
    return make_engine(config.load().database_url("clients"))


def _summary(counts: dict[str, int | dict]) -> str:
    return "\n".join(f"  {name:<24} {count}" for name, count in counts.items())


def run_import(path: str, strictness: str, agency_id: uuid.UUID | None, operator: str | None, echo,
               report_path: str | None = None) -> int:
    """Import with a progress bar over the bytes read, print the summary and write the full report (to
    `report_path`, or, when there is anything to report, to a file of its own in the temporary folder,
    which the summary names). Exit status: 0 when every row was written (repaired or flagged as the
    report says), LEFT_OUT when some were left out, 1 when the import failed and wrote nothing."""
    try:
        total = ExportSource.size_of(path)
    except ExportRefused as refused:  # not an export, or over a limit
        echo(f"FAILED: {refused}")
        return 1
    except zipfile.BadZipFile:
        echo(f"FAILED: {path} is neither a zip nor a folder of HMIS CSV files; nothing was written")
        return 1
    engine, reports = _engine(), Reports()
    try:
        try:
            with tqdm(total=total, unit="B", unit_scale=True, desc="importing") as bar:
                report = importer.import_export(engine, path, strictness, agency_id, bar.update,
                                                access=audit.operator_access(str(path), operator), reports=reports)
            failed = False
        except importer.ImportRejected as rejected:
            report, failed = rejected.report, True
        except ExportRefused as refused:  # a file over a limit, found as it is read
            echo(f"FAILED: {refused}")
            return 1
        finally:
            engine.dispose()
        written_to = _write_report(reports, report_path) if report_path or report["entries"] else None
    finally:
        reports.close()
    echo(_report_text(report, failed, written_to))
    return 1 if failed else LEFT_OUT if report["left_out"] else 0


def _write_report(reports: Reports, report_path: str | None) -> str:
    """The full report as CSV, at `report_path` or in a new file of the temporary folder; where it is."""
    if report_path is None:
        descriptor, report_path = tempfile.mkstemp(prefix="hmis-import-report-", suffix=".csv")
        os.close(descriptor)
    with open(report_path, "w", newline="", encoding="utf-8") as out:
        reports.write_csv(out)
    return report_path


def _report_text(report: dict, failed: bool, written_to: str | None) -> str:
    lines = [f"{'FAILED, nothing was written' if failed else 'imported'} (strictness {report['strictness']}): "
             f"{report['rows']} rows read, {report['inserted']} inserted, {report['updated']} updated, "
             f"{report['left_out']} left out, {report['repaired']} repaired, {report['errors']} errors; "
             # findings, not rows: a row may break several rules, and a flagged row is stored as given
             f"{report['flagged']} data-quality findings flagged on rows stored as given",
             f"  {'file':<28}{'rows':>9}{'inserted':>10}{'updated':>9}{'left_out':>9}{'repaired':>9}"
             f"{'flagged':>9}{'errors':>8}"]
    for filename, file in report["files"].items():
        lines.append(f"  {filename:<28}{file['rows']:>9}{file['inserted']:>10}{file['updated']:>9}"
                     f"{file['left_out']:>9}{file['repaired']:>9}{file['flagged']:>9}{file['error_count']:>8}")
    if report["entries"]:
        # one word a heading, the outcome as the report names it, so a reader splitting on spaces finds each column
        lines.append(f"  {'file':<28}{'rule':<64}" + "".join(f"{outcome:>10}" for outcome in OUTCOMES))
        for filename, file in report["files"].items():
            for rule, counts in file["rules"].items():
                lines.append(f"  {filename:<28}{_clipped(rule, 63):<64}"
                             + "".join(f"{counts.get(outcome, 0):>10}" for outcome in OUTCOMES))
    for filename, file in report["files"].items():
        for entry in file["listed"][:EXAMPLES_PER_FILE]:
            where = f"line {entry['line']}" if entry["line"] else "file"
            lines.append(f"  {entry['outcome']}: {filename} {where} {entry['field'] or ''}: {entry['message']}")
    if written_to:
        lines.append(f"the full report ({report['entries']} entries: file, line, record, field, rule, value, "
                     f"outcome) is in {written_to}")
    if not failed and report["left_out"]:
        lines.append(f"WARNING: {report['left_out']} rows were left out and not written; the report says which "
                     "and why")
    return "\n".join(lines)


def _clipped(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def run_export(out_dir: str, start: date | None, end: date | None, hashed: bool, delta: bool,
               operator: str | None, echo, source: int | None = None) -> int:
    engine = _engine()
    try:
        counts = exporter.export(engine, out_dir, exporter.ExportRequest(start, end, delta, hashed, source),
                                 audit.operator_access(str(out_dir), operator))
    except exporter.CannotExport as refused:  # several sources, none named; a period that cannot be
        echo(f"FAILED: {refused}; nothing was written")
        return 1
    finally:
        engine.dispose()
    echo(f"exported to {out_dir}:\n{_summary(counts)}")
    return 0


def run_generate(out_dir: str, clients: int, seed: int, echo, clean: bool = False, rates: list[str] = ()) -> int:
    try:
        problems = (generator.CLEAN if clean else generator.Problems()).with_rates(list(rates))
    except ValueError as wrong:
        echo(f"--rate {wrong}", err=True)
        return 1
    counts = generator.generate(out_dir, clients, seed, problems)
    echo(f"generated {clients} clients (seed {seed}) in {out_dir}, data-quality problems at rates {problems}:\n"
         f"{_summary(counts)}")
    return 0

"""What `hmis csv import|export|generate` do: run against the clients database, print a summary."""
from __future__ import annotations

import uuid
import zipfile
from datetime import date

from tqdm import tqdm

from clients.csv import exporter, generator, importer
from clients.csv.source import ExportRefused, ExportSource
from hmis_kit import audit, config
from hmis_kit.db import make_engine


def _engine():
    return make_engine(config.load().database_url("clients"))


def _summary(counts: dict[str, int | dict]) -> str:
    return "\n".join(f"  {name:<24} {count}" for name, count in counts.items())


def run_import(path: str, strictness: str, agency_id: uuid.UUID | None, operator: str | None, echo) -> int:
    """Import with a progress bar over the bytes read; 0 on success, 1 when the import failed."""
    try:
        total = ExportSource.size_of(path)
    except ExportRefused as refused:  # not an export, or over a limit
        echo(f"FAILED: {refused}")
        return 1
    except zipfile.BadZipFile:
        echo(f"FAILED: {path} is neither a zip nor a folder of HMIS CSV files; nothing was written")
        return 1
    engine = _engine()
    try:
        with tqdm(total=total, unit="B", unit_scale=True, desc="importing") as bar:
            report = importer.import_export(engine, path, strictness, agency_id, bar.update,
                                            access=audit.operator_access(str(path), operator))
        failed = False
    except importer.ImportRejected as rejected:
        report, failed = rejected.report, True
    except ExportRefused as refused:  # a file over a limit, found as it is read
        echo(f"FAILED: {refused}")
        return 1
    finally:
        engine.dispose()
    echo(_report_text(report, failed))
    return 1 if failed else 0


def _report_text(report: dict, failed: bool) -> str:
    lines = [f"{'FAILED, nothing was written' if failed else 'imported'} (strictness {report['strictness']}): "
             f"{report['rows']} rows read, {report['inserted']} inserted, {report['updated']} updated, "
             f"{report['errors']} errors",
             f"  {'file':<28}{'rows':>9}{'inserted':>10}{'updated':>9}{'repaired':>9}{'left out':>9}{'errors':>8}"]
    for filename, file in report["files"].items():
        lines.append(f"  {filename:<28}{file['rows']:>9}{file['inserted']:>10}{file['updated']:>9}"
                     f"{file['repaired']:>9}{file['left_out']:>9}{file['error_count']:>8}")
    for filename, file in report["files"].items():
        for problem in file["errors"][:20]:
            where = f"line {problem['line']}" if problem["line"] else "file"
            lines.append(f"  {problem['severity']}: {filename} {where} {problem['field'] or ''}: {problem['rule']}")
    return "\n".join(lines)


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

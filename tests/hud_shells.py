"""HUD's FY2026 sample export and the APR/CAPER table shells it is checked against (tests/data/hud_fy2026_shells.json,
an oracle independent of the questions' own labels: see its "about"), and the cross-table totals HUD's validations
require. Shared by the command-line test (tests/integration/test_report_hud_sample.py) and the API one
(tests/e2e/test_report_runs_hud_sample.py)."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

SHELLS = json.loads((Path(__file__).parent / "data" / "hud_fy2026_shells.json").read_text())


def sample_period(path: Path) -> tuple[date, date]:
    """The last year of the export's period: the year up to Export.csv's ExportEndDate (the latest, should it
    hold several rows)."""
    with zipfile.ZipFile(path) as archive:
        rows = csv.DictReader(io.StringIO(archive.read("Export.csv").decode("utf-8-sig")))
        end = max(date.fromisoformat(row["ExportEndDate"][:10]) for row in rows)
    return end.replace(year=end.year - 1) + timedelta(days=1), end


def sample_projects(path: Path) -> int:
    """How many projects the export holds (Project.csv's rows not deleted): Q4a's rows for a run of all of them."""
    with zipfile.ZipFile(path) as archive:
        rows = csv.DictReader(io.StringIO(archive.read("Project.csv").decode("utf-8-sig")))
        return sum(1 for row in rows if not row["DateDeleted"])


def tables(zip_bytes: bytes) -> dict[str, list[list[str]]]:
    """Each CSV of a Sage zip by table id, as rows of fields (the header first)."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        return {name.removesuffix(".csv"): list(csv.reader(io.StringIO(archive.read(name).decode())))
                for name in archive.namelist()}


def _same(label: str) -> str:
    """A label as compared: case, spacing, and curly quotes or en/em dashes against straight ones do not count
    (Sage reads a table by position; the oracle's source and ours differ in such typography)."""
    label = unicodedata.normalize("NFKC", label).casefold()
    label = label.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"}))
    return re.sub(r"\s+", "", label)


def shell_mismatches(report: str, csvs: dict[str, list[list[str]]]) -> list[str]:
    """Every way the report's CSVs differ from HUD's FY2026 shells: tables missing or extra, column labels, row
    labels, and rows of the wrong width. Empty when the zip is the shell's."""
    expected = SHELLS["reports"][report]
    problems = [f"tables: missing {sorted(set(expected) - set(csvs))}, extra {sorted(set(csvs) - set(expected))}"
                ] if set(csvs) != set(expected) else []
    for table_id in expected:
        if table_id not in csvs:
            continue
        shell, (header, *rows) = SHELLS["tables"][table_id], csvs[table_id]
        if [_same(label) for label in header] != [_same(label) for label in shell["columns"]]:
            problems.append(f"{table_id} columns: {header} != {shell['columns']}")
        if shell["rows"] is not None and [_same(row[0]) for row in rows] != [_same(label) for label in shell["rows"]]:
            problems.append(f"{table_id} rows: {[row[0] for row in rows]} != {shell['rows']}")
        problems += [f"{table_id} row {number} has {len(row)} fields, not {len(shell['columns'])}"
                     for number, row in enumerate(rows, start=1) if len(row) != len(shell["columns"])]
    return problems


def cell(csvs: dict[str, list[list[str]]], table_id: str, row: str, column: str) -> Decimal:
    """A value by its row and column labels (the first row of that label)."""
    header, *rows = csvs[table_id]
    line = next(line for line in rows if _same(line[0]) == _same(row))
    return Decimal(line[[_same(label) for label in header].index(_same(column))] or "0")


def last_row(csvs: dict[str, list[list[str]]], table_id: str, column: str) -> Decimal:
    """A table's total: its last row, in the column named."""
    header, *rows = csvs[table_id]
    return Decimal(rows[-1][[_same(label) for label in header].index(_same(column))] or "0")


def _q5a(csvs: dict, row: str) -> Decimal:
    return cell(csvs, "Q5a", row, "Count of Clients")


def _persons(csvs):
    return _q5a(csvs, "Total number of persons served")


def _adults_and_child_heads(csvs):
    return (_q5a(csvs, "Number of adults (age 18 or over)")
            + _q5a(csvs, "Number of child and unknown-age heads of household"))


# The cross-table totals HUD's validations require: each table's universe is one of Q5a's counts (HUD's FY2026
# HMIS Programming Specifications for the CoC APR and ESG CAPER, "Q5a Report Validations Table": "the counts in
# Q5a are used as the denominators and totals of the other questions", and each table's universe as the
# specifications define it, e.g. Q7a "all persons served", Q8a "heads of household", Q23c "leavers"). Each is
# (what it checks, the tables it reads, the two sides that must be equal).
VALIDATIONS = (
    ("Q5a persons served = adults + children + unknown age", ("Q5a",),
     lambda t: (_persons(t), _q5a(t, "Number of adults (age 18 or over)") + _q5a(t, "Number of children (under age 18)")
                + _q5a(t, "Number of persons with unknown age"))),
    ("Q5a persons served = leavers + stayers", ("Q5a",),
     lambda t: (_persons(t), _q5a(t, "Number of leavers") + _q5a(t, "Number of stayers"))),
    ("Q6a overall error rate = its total over Q5a's persons served for data quality (4 decimals)", ("Q5a", "Q6a"),
     lambda t: (cell(t, "Q6a", "Overall Score", "% of Issue Rate"),
                round(cell(t, "Q6a", "Overall Score", "Total")
                      / cell(t, "Q5a", "Total number of persons served", "Count of Clients for DQ"), 4))),
    ("Q7a total = Q5a persons served", ("Q5a", "Q7a"), lambda t: (cell(t, "Q7a", "Total", "Total"), _persons(t))),
    ("Q7a adults = Q5a adults", ("Q5a", "Q7a"),
     lambda t: (cell(t, "Q7a", "Adults", "Total"), _q5a(t, "Number of adults (age 18 or over)"))),
    ("Q7a children = Q5a children", ("Q5a", "Q7a"),
     lambda t: (cell(t, "Q7a", "Children", "Total"), _q5a(t, "Number of children (under age 18)"))),
    ("Q8a households = Q5a heads of household (adult, child and unknown-age)", ("Q5a", "Q8a"),
     lambda t: (cell(t, "Q8a", "Total Households", "Total"),
                _q5a(t, "Number of adult heads of household")
                + _q5a(t, "Number of child and unknown-age heads of household"))),
    *((f"{table} total = Q5a persons served", ("Q5a", table), lambda t, table=table: (last_row(t, table, "Total"),
                                                                                       _persons(t)))
      for table in ("Q11", "Q12", "Q24e", "Q26b")),
    ("Q13a2 total = Q5a persons served", ("Q5a", "Q13a2"),
     lambda t: (last_row(t, "Q13a2", "Total Persons"), _persons(t))),
    ("Q13b2 total = Q5a leavers", ("Q5a", "Q13b2"),
     lambda t: (last_row(t, "Q13b2", "Total Persons"), _q5a(t, "Number of leavers"))),
    ("Q13c2 total = Q5a stayers", ("Q5a", "Q13c2"),
     lambda t: (last_row(t, "Q13c2", "Total Persons"), _q5a(t, "Number of stayers"))),
    *((f"{table} total = Q5a adults and child or unknown-age heads of household", ("Q5a", table),
       lambda t, table=table: (last_row(t, table, "Total"), _adults_and_child_heads(t)))
      for table in ("Q14a", "Q15")),
    ("Q16 total adults at start = Q5a adults", ("Q5a", "Q16"),
     lambda t: (last_row(t, "Q16", "Income at Start"), _q5a(t, "Number of adults (age 18 or over)"))),
    ("Q16 total adults at annual assessment = Q5a adult stayers", ("Q5a", "Q16"),
     lambda t: (last_row(t, "Q16", "Income at Latest Annual Assessment for Stayers"),
                _q5a(t, "Number of adult stayers"))),
    ("Q16 total adults at exit = Q5a adult leavers", ("Q5a", "Q16"),
     lambda t: (last_row(t, "Q16", "Income at Exit for Leavers"), _q5a(t, "Number of adult leavers"))),
    *((f"{table} total, leavers, stayers = Q5a persons served, leavers, stayers", ("Q5a", table),
       lambda t, table=table: ((last_row(t, table, "Total"), last_row(t, table, "Leavers"),
                                last_row(t, table, "Stayers")),
                               (_persons(t), _q5a(t, "Number of leavers"), _q5a(t, "Number of stayers"))))
      for table in ("Q22a1", "Q22a2")),
    ("Q23c destinations total = Q5a leavers", ("Q5a", "Q23c"),
     lambda t: (cell(t, "Q23c", "Total", "Total"), _q5a(t, "Number of leavers"))),
    ("Q4a active clients over its projects = Q5a persons served (each person is in the project of their stay)",
     ("Q4a", "Q5a"), lambda t: (column_total(t, "Q4a", "Total Active Clients"), _persons(t))),
    ("Q4a active households over its projects = Q8a households", ("Q4a", "Q8a"),
     lambda t: (column_total(t, "Q4a", "Total Active Households"), cell(t, "Q8a", "Total Households", "Total"))),
    ("Q27a youth total = Q5a youth under 25", ("Q5a", "Q27a"),
     lambda t: (last_row(t, "Q27a", "Total"), _q5a(t, "Number of youth under age 25"))),
)


def column_total(csvs: dict[str, list[list[str]]], table_id: str, column: str) -> Decimal:
    """A column summed over the table's rows (Q4a's counts over its projects)."""
    header, *rows = csvs[table_id]
    at = [_same(label) for label in header].index(_same(column))
    return sum((Decimal(row[at] or "0") for row in rows), Decimal(0))


def validation_failures(csvs: dict[str, list[list[str]]]) -> tuple[list[str], int]:
    """The validations that fail on the report's CSVs (those whose tables it has), and how many were checked."""
    checked = [(name, check(csvs)) for name, needed, check in VALIDATIONS if set(needed) <= set(csvs)]
    return [f"{name}: {left} != {right}" for name, (left, right) in checked if left != right], len(checked)

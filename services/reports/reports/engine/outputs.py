"""The files made from a run's stored results (reports.engine.results.shells and universe pages).

The Sage upload zip (HUD's Sage HMIS Reporting Repository takes a CSV-APR or CSV-CAPER as a zip of one CSV per
table of the shell): `<question id>.csv`, its first line the column labels (the first the row labels' header,
often empty), then one line per row of the shell: the row's label, then its values left to right (a text cell,
such as Q4a's project names and dates, its text). Every field is
quoted, empty ones too; a shaded cell is empty; a count is written as an integer, a percentage as the fraction
with 4 decimals the question computed (0.2500, never 25%), an average as computed; no thousands separator. This
is the layout the CSV-APR files that Sage validates have (the exporters of the open-source HMIS warehouses write
the same: quoted fields, labels first, `<table>.csv`); the file holds aggregate figures only, never client-level
data (Sage must not receive any).

The client-detail zip lists the people in the run's universe (HUD ids, no names): what an HMIS lead checks a
report against. The XLSX workbook has one sheet per question, as the shell shows it, its shaded cells grey.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

CLIENT_DETAIL_COLUMNS = (("member_no", "MemberNo"), ("personal_id", "PersonalID"), ("source", "Source"),
                         ("enrollment_id", "EnrollmentID"), ("household_id", "HouseholdID"),
                         ("project_id", "ProjectID"))
CLIENT_DETAIL_FILE = "ClientDetail.csv"
SHADED = PatternFill("solid", start_color="BFBFBF", end_color="BFBFBF")
SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet's name


def figure(value: Decimal | str | None) -> str:
    """A cell's value as Sage reads it: plain digits (never an exponent), a text cell's text as it is, empty when
    shaded."""
    if value is None or isinstance(value, str):
        return value or ""
    return format(value, "f")


def grid(question: dict) -> list[list]:
    """The question as its shell shows it: a row of column labels, then each row's label and values, a text
    cell's text in place of a value (None where shaded)."""
    values = {(cell["row"], cell["column"]): cell["value"] if cell["text"] is None else cell["text"]
              for cell in question["cells"]}
    width = len(question["columns"]) - 1
    return [list(question["columns"])] + [
        [label, *(values.get((row, column)) for column in range(1, width + 1))]
        for row, label in enumerate(question["rows"], start=1)]


def sage_zip(questions: list[dict]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for question in questions:
            text = io.StringIO()
            writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
            header, *rows = grid(question)
            writer.writerow(header)
            writer.writerows([row[0], *(figure(value) for value in row[1:])] for row in rows)
            archive.writestr(f"{question['id']}.csv", text.getvalue())
    return buffer.getvalue()


def client_detail_zip(members: Iterable[dict]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([label for _, label in CLIENT_DETAIL_COLUMNS])
    writer.writerows([member[name] for name, _ in CLIENT_DETAIL_COLUMNS] for member in members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CLIENT_DETAIL_FILE, text.getvalue())
    return buffer.getvalue()


def workbook(questions: list[dict]) -> bytes:
    book = Workbook()
    if questions:  # a workbook keeps one sheet at least: the first one it has, left empty for a report of none
        book.remove(book.active)
    for question in questions:
        sheet = book.create_sheet(question["id"][:SHEET_TITLE_LIMIT])
        sheet.append([f"{question['id']}: {question['title']}"])
        sheet["A1"].font = Font(bold=True)
        header, *rows = grid(question)
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row][1:]:
                if cell.value is None:
                    cell.fill = SHADED
        sheet.column_dimensions["A"].width = max((len(str(row[0])) for row in rows), default=10) + 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""The FY2026 HMIS CSV specification, loaded from the two data files beside this module.

`columns.csv` lists every file's columns in the spec's order with a type code (S<n> string of
at most n characters, I integer, D date, T date-time, M money), whether the spec requires a value, and
the value list a coded column draws from. `lists.csv` holds those lists (code and label).
Code reads the rules from here instead of carrying its own literals, so a spec revision is a data change.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV_VERSION = "2026 v1.0"
MISSING = 99  # "Data not collected": the answer for a coded element nobody asked about


@cache  # asked for each column whenever SQL is built: an import builds its rules' SQL, hundreds of columns, many times
def db_name(column: str) -> str:
    """HUD's PascalCase name as a PostgreSQL column name: `PersonalID` -> `personal_id`, `DOB` -> `dob`."""
    spaced = column.replace("CoC", "Coc").replace("HoH", "Hoh").replace("DVID", "DvID")
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", spaced)
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", spaced)
    return spaced.lower()


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string, integer, date, datetime, money
    max_length: int | None
    required: bool
    list_name: str | None

    @property
    def db_name(self) -> str:
        return db_name(self.name)

    @property
    def is_id(self) -> bool:
        """A HUD identifier (PersonalID, EnrollmentID, ExportID...): an opaque string, never sorted for people."""
        return self.kind == "string" and self.name.endswith("ID")

    @property
    def read_as_missing(self) -> bool:
        """A required coded answer whose list has 99: the spec reads a blank as 99 (data not collected), so
        a blank is stored as given (NULL) and is a data-quality finding, not a structural break."""
        return self.required and bool(self.list_name) and MISSING in LISTS[self.list_name]


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def key(self) -> Column:
        """The file's own id (its first column in every FY2026 file)."""
        return self.columns[0]

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


KINDS = {"S": "string", "I": "integer", "D": "date", "T": "datetime", "M": "money"}


def _load_lists() -> dict[str, dict[int, str]]:
    lists: dict[str, dict[int, str]] = {}
    with open(HERE / "lists.csv", newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            lists.setdefault(row["List"], {})[int(row["Code"])] = row["Label"]
    return lists


def _load_files() -> dict[str, FileSpec]:
    columns: dict[str, list[Column]] = {}
    with open(HERE / "columns.csv", newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            type_code = row["Type"]
            columns.setdefault(row["File"], []).append(Column(
                name=row["Column"],
                kind=KINDS[type_code[0]],
                max_length=int(type_code[1:]) if type_code[1:] else None,
                required=row["Required"] == "1",
                list_name=row["List"] or None,
            ))
    return {name: FileSpec(name, tuple(cols)) for name, cols in columns.items()}


LISTS = _load_lists()
FILES = _load_files()


def codes(list_name: str) -> frozenset[int]:
    return frozenset(LISTS[list_name])


def column(file: str, name: str) -> Column:
    return FILES[file].by_name[name]

"""An HMIS CSV export's files as they really arrive: a zip (the files in any folder of it) or a folder, names
in any case, text in UTF-8 with or without a byte-order mark, any line endings. Streamed, never read whole.

What any reader of an export needs, whoever it writes to: the clients service's import adds its limits on
top (clients/csv/source.py); the reports warehouse loads an export as a source of its own."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from hud.fy2026.spec import FileSpec


class ExportFiles:
    """The files of one export, found by name case-insensitively."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path) if self.path.is_file() else None
        if self.zip:
            found = {PurePosixPath(info.filename).name.lower(): (info.filename, info.file_size)
                     for info in self.zip.infolist() if not info.is_dir()}
        else:
            found = {entry.name.lower(): (entry, entry.stat().st_size) for entry in self.path.iterdir()
                     if entry.is_file()}
        self._found = found

    def members(self) -> list[zipfile.ZipInfo]:
        """A zip's members as its central directory declares them (none for a folder)."""
        return self.zip.infolist() if self.zip else []

    def close(self) -> None:
        if self.zip:
            self.zip.close()

    def has(self, spec: FileSpec) -> bool:
        return spec.filename.lower() in self._found

    def size(self, spec: FileSpec) -> int:
        """The bytes the file declares (a zip member's uncompressed size), 0 when missing."""
        return self._found[spec.filename.lower()][1] if self.has(spec) else 0

    def open(self, spec: FileSpec) -> BinaryIO:
        where = self._found[spec.filename.lower()][0]
        return self.zip.open(where) if self.zip else open(where, "rb")


def csv_rows(stream: BinaryIO) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows) of one file's bytes: decoded as UTF-8 with any byte-order mark dropped."""
    reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    return next(reader, []), reader

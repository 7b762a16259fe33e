"""Reading an HMIS CSV export as it really arrives: a zip or a folder, names and headers in any case,
a byte-order mark or not, any line endings. Files are streamed, never read whole."""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from hud.fy2026.spec import FILES, FileSpec

Progress = Callable[[int], None]
# What makes a zip or a folder an HMIS CSV export, whatever the strictness: Export.csv describes it and
# Client.csv holds its people. Any other file may be missing (reported, and nothing of it imported).
REQUIRED_FILES = ("Export", "Client")


class NotAnExport(Exception):
    """A file every export has is missing: nothing is read, nothing written."""

    def __init__(self, missing: list[str]):
        super().__init__(f"not an HMIS CSV export: {' and '.join(missing)} missing (every export has "
                         f"{' and '.join(FILES[name].filename for name in REQUIRED_FILES)}); nothing was written")


class _CountingReader(io.RawIOBase):
    """Passes bytes through and reports how many, so progress follows the bytes actually read."""

    def __init__(self, raw, progress: Progress | None):
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        if self.progress and data:
            self.progress(len(data))
        return len(data)


class ExportSource:
    """The files of one export, found by name case-insensitively inside a zip (any folder) or a folder;
    NotAnExport when one of REQUIRED_FILES is not among them."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._zip = zipfile.ZipFile(self.path) if self.path.is_file() else None
        if self._zip:
            names = {PurePosixPath(info.filename).name.lower(): info for info in self._zip.infolist()
                     if not info.is_dir()}
            self._found = {key: (info.filename, info.file_size) for key, info in names.items()}
        else:
            self._found = {entry.name.lower(): (entry, entry.stat().st_size) for entry in self.path.iterdir()
                           if entry.is_file()}
        missing = [FILES[name].filename for name in REQUIRED_FILES if not self.has(FILES[name])]
        if missing:
            self.close()
            raise NotAnExport(missing)

    def close(self) -> None:
        if self._zip:
            self._zip.close()

    def has(self, spec: FileSpec) -> bool:
        return spec.filename.lower() in self._found

    def size(self, spec: FileSpec) -> int:
        return self._found[spec.filename.lower()][1] if self.has(spec) else 0

    @classmethod
    def size_of(cls, path: str | Path) -> int:
        """The bytes of an export's files, read without keeping it open."""
        source = cls(path)
        try:
            return source.total_size()
        finally:
            source.close()

    def total_size(self) -> int:
        return sum(self.size(spec) for spec in FILES.values())

    @contextmanager
    def raw(self, spec: FileSpec, progress: Progress | None = None) -> Iterator[io.BufferedReader]:
        """One file's bytes, as stored."""
        where = self._found[spec.filename.lower()][0]
        raw = self._zip.open(where) if self._zip else open(where, "rb")
        stream = io.BufferedReader(_CountingReader(raw, progress), 1 << 16)
        try:
            yield stream
        finally:
            stream.close()
            raw.close()

    @contextmanager
    def rows(self, spec: FileSpec, progress: Progress | None = None) -> Iterator[tuple[list[str], Iterator[list[str]]]]:
        """(header, rows) of one file: text decoded as UTF-8 with any BOM dropped."""
        with self.raw(spec, progress) as stream:
            reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
            yield next(reader, []), reader


def read_header(stream: io.BufferedReader) -> list[str] | None:
    """The header of a file opened with `ExportSource.raw`, leaving the stream at the first record; None
    when its first line does not end in LF (old Mac CR endings), which only the csv module reads."""
    line = stream.readline().removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    if "\r" in line.rstrip("\r\n") or not line.endswith("\n"):
        return None
    return next(csv.reader([line]), [])

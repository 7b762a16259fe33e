"""Reading an HMIS CSV export within the import's limits: its files as they really arrive are found and
decoded by hud.fy2026.export_files (a zip or a folder, names in any case, a byte-order mark or not, any line
endings); this adds the limits, checked as the bytes stream by. Files are streamed, never read whole."""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from clients.csv.limits import RATIO_FROM_BYTES, Limits
from hud.fy2026.export_files import ExportFiles, csv_rows
from hud.fy2026.spec import FILES, FileSpec

Progress = Callable[[int], None]
# What makes a zip or a folder an HMIS CSV export, whatever the strictness: Export.csv describes it and
# Client.csv holds its people. Any other file may be missing (reported, and nothing of it imported).
REQUIRED_FILES = ("Export", "Client")


class ExportRefused(Exception):
    """The export cannot be imported: nothing is written, and the message says why."""


class NotAnExport(ExportRefused):
    """A file every export has is missing: nothing is read, nothing written."""

    def __init__(self, missing: list[str]):
        super().__init__(f"not an HMIS CSV export: {' and '.join(missing)} missing (every export has "
                         f"{' and '.join(FILES[name].filename for name in REQUIRED_FILES)}); nothing was written")


class OverLimit(ExportRefused):
    """The export, or one of its files, exceeds one of the import's limits (clients.csv.limits)."""

    def __init__(self, what: str, rule: str):
        super().__init__(f"{what}: {rule}; nothing was written")


class _LimitedReader(io.RawIOBase):
    """Passes one file's bytes through, reporting how many (so progress follows the bytes actually read),
    and refuses the file (OverLimit) once it yields more than it declared, a line runs longer than the
    limit or the lines outnumber it: checked a read at a time, no read longer than a line may be, so
    that no more than that is ever held."""

    def __init__(self, raw, progress: Progress | None, filename: str, declared: int, limits: Limits):
        self.raw, self.progress, self.filename, self.declared, self.limits = raw, progress, filename, declared, limits
        self.read_bytes = self.lines = 0
        self.line_so_far = 0  # bytes of the line not yet ended
        self.refused: OverLimit | None = None  # kept, for the reader that only sees its reading stopped (COPY)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(min(len(buffer), self.limits.line_bytes))
        if data:
            self._check(data)
        buffer[:len(data)] = data
        if self.progress and data:
            self.progress(len(data))
        return len(data)

    def _check(self, data: bytes) -> None:
        self.read_bytes += len(data)
        if self.read_bytes > self.declared:
            self._refuse(f"{self.filename} holds more than the {self.declared} bytes it declares",
                         "a zip member may not expand beyond its declared size")
        first = data.find(b"\n")
        line = self.line_so_far + (len(data) if first < 0 else first)
        # a line wholly inside this read is no longer than the read, itself at most the limit
        if line > self.limits.line_bytes:
            self._refuse(f"{self.filename} line {self.lines + 1}",
                         f"a line may be at most {self.limits.line_bytes} bytes (HMIS_IMPORT_MAX_LINE_BYTES)")
        if first < 0:
            self.line_so_far = line
            return
        self.lines += data.count(b"\n")
        if self.lines > self.limits.lines_per_file:
            self._refuse(self.filename, f"a file may have at most {self.limits.lines_per_file} lines "
                         "(HMIS_IMPORT_MAX_LINES_PER_FILE)")
        self.line_so_far = len(data) - data.rfind(b"\n") - 1

    def _refuse(self, what: str, rule: str) -> None:
        self.refused = OverLimit(what, rule)
        raise self.refused


class ExportSource:
    """The files of one export, found by name case-insensitively inside a zip (any folder) or a folder;
    NotAnExport when one of REQUIRED_FILES is not among them, OverLimit when a zip's central directory
    declares more than the limits allow (before anything is read)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.limits = Limits.from_env()
        self.files = ExportFiles(self.path)
        try:
            self._check_zip(self.files.members())
        except OverLimit:
            self.close()
            raise
        missing = [FILES[name].filename for name in REQUIRED_FILES if not self.has(FILES[name])]
        if missing:
            self.close()
            raise NotAnExport(missing)

    def _check_zip(self, members: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(members) > limits.members:
            raise OverLimit(f"{self.path.name} has {len(members)} members",
                            f"a zip may have at most {limits.members} (HMIS_IMPORT_MAX_MEMBERS)")
        total = sum(member.file_size for member in members)
        if total > limits.uncompressed_bytes:
            raise OverLimit(f"{self.path.name} expands to {total} bytes", f"a zip may expand to at most "
                            f"{limits.uncompressed_bytes} bytes (HMIS_IMPORT_MAX_UNCOMPRESSED_BYTES)")
        for member in members:
            if member.file_size > RATIO_FROM_BYTES and member.file_size > limits.ratio * max(member.compress_size, 1):
                raise OverLimit(f"{member.filename} expands from {member.compress_size} to {member.file_size} bytes",
                                f"a zip member may expand at most {limits.ratio}:1 (HMIS_IMPORT_MAX_RATIO); "
                                "more is a zip bomb")

    def close(self) -> None:
        self.files.close()

    def has(self, spec: FileSpec) -> bool:
        return self.files.has(spec)

    def size(self, spec: FileSpec) -> int:
        return self.files.size(spec)

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
        """One file's bytes, as stored, within the limits (OverLimit, whatever reads them)."""
        raw = self.files.open(spec)
        limited = _LimitedReader(raw, progress, spec.filename, self.size(spec), self.limits)
        stream = io.BufferedReader(limited, 1 << 16)
        try:
            yield stream
        except Exception:
            if limited.refused:  # whatever the reader made of it (COPY only says it was stopped)
                raise limited.refused from None
            raise
        finally:
            stream.close()
            raw.close()

    @contextmanager
    def rows(self, spec: FileSpec, progress: Progress | None = None) -> Iterator[tuple[list[str], Iterator[list[str]]]]:
        """(header, rows) of one file: text decoded as UTF-8 with any BOM dropped."""
        with self.raw(spec, progress) as stream:
            yield csv_rows(stream)


def read_header(stream: io.BufferedReader) -> list[str] | None:
    """The header of a file opened with `ExportSource.raw`, leaving the stream at the first record; None
    when its first line does not end in LF (old Mac CR endings), which only the csv module reads."""
    line = stream.readline().removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    if "\r" in line.rstrip("\r\n") or not line.endswith("\n"):
        return None
    return next(csv.reader([line]), [])

"""Reading an HMIS CSV export as it really arrives: a zip or a folder, names and headers in any case,
a byte-order mark or not, any line endings. Files are streamed, never read whole."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from clients.hud.spec import FILES, FileSpec

Progress = Callable[[int], None]


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
    """The files of one export, found by name case-insensitively inside a zip (any folder) or a folder."""

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

    def close(self) -> None:
        if self._zip:
            self._zip.close()

    def has(self, spec: FileSpec) -> bool:
        return spec.filename.lower() in self._found

    def size(self, spec: FileSpec) -> int:
        return self._found[spec.filename.lower()][1] if self.has(spec) else 0

    def total_size(self) -> int:
        return sum(self.size(spec) for spec in FILES.values())

    @contextmanager
    def rows(self, spec: FileSpec, progress: Progress | None = None) -> Iterator[tuple[list[str], Iterator[list[str]]]]:
        """(header, rows) of one file: text decoded as UTF-8 with any BOM dropped."""
        where = self._found[spec.filename.lower()][0]
        raw = self._zip.open(where) if self._zip else open(where, "rb")
        text = io.TextIOWrapper(io.BufferedReader(_CountingReader(raw, progress), 1 << 16),
                                encoding="utf-8-sig", newline="")
        try:
            reader = csv.reader(text)
            yield next(reader, []), reader
        finally:
            text.close()
            raw.close()

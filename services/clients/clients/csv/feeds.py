"""What COPY reads a file from: its records as the file has them (`CopyFeed`), Client.csv's with each SSN
sealed on the way (`SealingFeed`); rows the csv module read go through hmis_kit.copying.CsvPipe."""
from __future__ import annotations

import csv
import io

from clients import pii


class CopyFeed:
    """The records after the header, as bytes for PostgreSQL's COPY, less the blank lines that often end an
    export (COPY would read each as a record with no fields)."""

    def __init__(self, stream: io.BufferedReader):
        self.stream = stream
        self.held = b""  # line endings at the end of what was read, given back only if more records follow

    def read(self, size: int = 1 << 16) -> bytes:
        while chunk := self.stream.read(size if size > 0 else 1 << 16):
            data = self.held + chunk
            records = data.rstrip(b"\r\n")
            self.held = data[len(records):]
            if records:
                return records
        ending, self.held = self.held, b""
        return ending[:2] if ending.startswith(b"\r\n") else ending[:1]

    readline = read


def staged_ssn(ssn: str | None, last_four_hashes: dict[str, str]) -> list:
    """How an SSN is staged (checks.SSN_STAGED): its stored forms (the hashes of last four digits made so far kept in
    `last_four_hashes`, see pii.ssn_forms), and its length, to be checked."""
    return [*pii.ssn_forms(ssn, last_four_hashes), len(ssn) if ssn else None]


class RecordOverLines(Exception):
    """A record of Client.csv whose quoted value runs over lines: the file is read by the csv module."""


class SealingFeed:
    """Client.csv's records for COPY as the file has them, but for the SSN, replaced on the way by its
    stored forms (`pii.ssn_forms`) and its length, so that no SSN reaches the database in clear. Only a
    record quoting a value is parsed, by the csv module (several times slower than splitting at commas);
    blank lines at the end are left out, as `CopyFeed` does."""

    def __init__(self, stream: io.BufferedReader, ssn_at: int):
        self.lines = iter(stream)
        self.ssn_at = ssn_at
        self.held = b""  # blank lines, given back only if a record follows
        self.unreadable: Exception | None = None  # why it stopped: COPY reports only that it was stopped
        self.last_four_hashes: dict[str, str] = {}  # see pii.ssn_forms

    def read(self, size: int = 1 << 16) -> bytes:
        try:
            return self._read(size)
        except (UnicodeDecodeError, RecordOverLines) as error:
            self.unreadable = error
            raise

    readline = read

    def _read(self, size: int) -> bytes:
        records, length = [], 0
        for line in self.lines:
            record = line.rstrip(b"\r\n")
            if not record:
                self.held += line
                continue
            records.append(self.held + self._sealed(record) + line[len(record):])
            self.held = b""
            length += len(records[-1])
            if length >= size > 0:
                break
        return b"".join(records)

    def _sealed(self, record: bytes) -> bytes:
        at = self.ssn_at
        if b'"' in record:
            if record.count(b'"') % 2:
                raise RecordOverLines
            fields = next(csv.reader([record.decode()]))
            if len(fields) > at:
                fields[at:at + 1] = self._forms(fields[at])
            text = io.StringIO()
            csv.writer(text, lineterminator="").writerow(fields)
            return text.getvalue().encode()
        fields = record.split(b",", at + 1)  # split no further than the SSN: what follows it stays one piece
        if len(fields) > at:  # too few fields, and COPY says so
            fields[at] = ",".join(self._forms(fields[at].decode())).encode()
        return b",".join(fields)

    def _forms(self, ssn: str) -> list[str]:
        """The SSN's stored forms and its length, as CSV fields (empty for none: NULL to COPY)."""
        return ["" if value is None else str(value) for value in staged_ssn(ssn or None, self.last_four_hashes)]

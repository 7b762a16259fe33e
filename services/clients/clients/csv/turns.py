"""Whose turn it is to find the data-quality findings of each file an import wrote: the stager's or the import's
transaction's.

The stager prepares them over the staged files after the last file, the largest file first, while the import's
transaction writes the last files. Once that transaction has written every file it takes the files the stager has
not begun, the smallest first, and finds their findings itself over the stored records, rather than wait idle for
the stager to reach them (100k clients: it waited about 5 s). A file the stager has begun, the import waits for.
"""
from __future__ import annotations

import threading

STAGER, IMPORT, PREPARED = "stager", "import", "prepared"


class FindingsTurns:
    def __init__(self) -> None:
        self._turns: dict[str, str] = {}
        self._changed = threading.Condition()
        self._failure: BaseException | None = None

    def stager_takes(self, name: str) -> bool:
        """The stager begins `name`'s findings unless the import took them."""
        with self._changed:
            return self._turns.setdefault(name, STAGER) == STAGER

    def prepared(self, name: str) -> None:
        """The stager prepared `name`'s findings (committed, for the import's transaction to read)."""
        with self._changed:
            self._turns[name] = PREPARED
            self._changed.notify_all()

    def failed(self, failure: BaseException) -> None:
        """The stager failed: the import waits for none of its findings, and fails with it."""
        with self._changed:
            self._failure = failure
            self._changed.notify_all()

    def import_takes(self, name: str) -> bool:
        """True when `name`'s findings are the import's to find (the stager had not begun them, and now never will);
        False when the stager prepared them, waiting while it does. Raises what the stager failed with."""
        with self._changed:
            while True:
                if self._failure is not None:
                    raise self._failure
                turn = self._turns.setdefault(name, IMPORT)
                if turn != STAGER:
                    return turn == IMPORT
                self._changed.wait()

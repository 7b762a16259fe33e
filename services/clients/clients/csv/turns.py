"""Whose turn it is to find the data-quality findings of each file an import wrote: the stager's or the import's
transaction's.

The stager prepares them over the staged files after the last file, the largest file first, while the import's
transaction writes the last files. Once that transaction has written every file it takes the files the stager has
not begun, the smallest first, and finds their findings itself (`Importer._find`: over the staged files as the
stager would have, unless it left rows out of a file they read), rather than wait idle for the stager to reach them
(100k clients: it waited about 5 s). It leaves the stager the last of the files the stager means to prepare and has
not begun: taking that one too, the import's transaction worked on alone after the stager had finished (1.8 s at
100k clients), where leaving it, that transaction writes its audit rows meanwhile (`Importer.finish`). A file the
stager has begun, the import waits for.
"""
from __future__ import annotations

import threading

STAGER, IMPORT, PREPARED = "stager", "import", "prepared"


class FindingsTurns:
    def __init__(self) -> None:
        self._turns: dict[str, str] = {}
        self._planned: list[str] = []  # the files the stager means to prepare (see `planned`)
        self._changed = threading.Condition()
        self._failure: BaseException | None = None
        self._stager_done = False  # it prepares no more

    def planned(self, names: list[str]) -> None:
        """The files whose findings the stager means to prepare, unless the import takes them first."""
        with self._changed:
            self._planned = list(names)

    def stager_takes(self, name: str) -> bool:
        """The stager begins `name`'s findings unless the import took them."""
        with self._changed:
            return self._turns.setdefault(name, STAGER) == STAGER

    def prepared(self, name: str) -> None:
        """The stager prepared `name`'s findings (committed, for the import's transaction to read)."""
        with self._changed:
            self._turns[name] = PREPARED
            self._changed.notify_all()

    def stager_done(self) -> None:
        """The stager prepares no more: the files it had not begun are the import's."""
        with self._changed:
            self._stager_done = True
            self._changed.notify_all()

    def failed(self, failure: BaseException) -> None:
        """The stager failed: the import waits for none of its findings, and fails with it."""
        with self._changed:
            self._failure = failure
            self._changed.notify_all()

    def would_wait(self, name: str) -> bool:
        """Whether `import_takes(name)` would wait now: the stager has begun `name`'s findings, or it is left to it."""
        with self._changed:
            return self._failure is None and self._stagers(name)

    def import_takes(self, name: str) -> bool:
        """True when `name`'s findings are the import's to find (the stager had not begun them, and now never will);
        False when the stager prepared them, waiting while it does. Raises what the stager failed with."""
        with self._changed:
            while True:
                if self._failure is not None:
                    raise self._failure
                if not self._stagers(name):
                    return self._turns.setdefault(name, IMPORT) == IMPORT
                self._changed.wait()

    def _stagers(self, name: str) -> bool:
        """`name`'s findings are the stager's and not prepared yet: begun, or the last it means to prepare and has
        not begun."""
        turn = self._turns.get(name)
        if turn is not None:
            return turn == STAGER
        not_begun = [planned for planned in self._planned if planned not in self._turns]
        return not self._stager_done and not_begun == [name]

"""Whose turn it is to find an import's findings of a file: the stager's, or the import's transaction's."""
import threading

import pytest

from clients.csv.turns import FindingsTurns


def test_the_import_takes_a_file_the_stager_has_not_begun_and_the_stager_then_leaves_it():
    turns = FindingsTurns()
    assert turns.import_takes("Enrollment") is True
    assert turns.stager_takes("Enrollment") is False


def test_the_import_waits_for_a_file_the_stager_began_and_then_stores_its_findings():
    turns = FindingsTurns()
    assert turns.stager_takes("Disabilities") is True
    answers = []
    waiting = threading.Thread(target=lambda: answers.append(turns.import_takes("Disabilities")))
    waiting.start()
    waiting.join(0.2)
    assert waiting.is_alive() and answers == []  # the stager is still at it
    turns.prepared("Disabilities")
    waiting.join(5)
    assert answers == [False]
    assert turns.import_takes("Disabilities") is False


def test_a_stager_that_fails_fails_the_import_waiting_for_it():
    turns = FindingsTurns()
    turns.stager_takes("Disabilities")
    raised = []

    def wait() -> None:
        try:
            turns.import_takes("Disabilities")
        except RuntimeError as error:
            raised.append(error)
    waiting = threading.Thread(target=wait)
    waiting.start()
    failure = RuntimeError("the stager's connection was lost")
    turns.failed(failure)
    waiting.join(5)
    assert raised == [failure]
    with pytest.raises(RuntimeError):
        turns.import_takes("Enrollment")

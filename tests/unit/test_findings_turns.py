"""Whose turn it is to find an import's findings of a file: the stager's, or the import's transaction's
(clients/csv/turns.py). The import's transaction takes the files the stager has not begun, but leaves it the last of
those it means to prepare, and waits for the ones it has begun."""
import threading

import pytest

from clients.csv.turns import FindingsTurns

PLANNED = ["Disabilities", "Services", "HealthAndDV"]  # the stager's order: the largest first


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


def _waiting(turns: FindingsTurns, name: str) -> tuple[threading.Thread, list]:
    taken: list = []
    waiter = threading.Thread(target=lambda: taken.append(turns.import_takes(name)))
    waiter.start()
    waiter.join(0.2)
    return waiter, taken


def test_the_import_takes_what_the_stager_has_not_begun_but_the_last():
    turns = FindingsTurns()
    turns.planned(PLANNED)
    assert turns.stager_takes("Disabilities")
    assert not turns.would_wait("HealthAndDV") and turns.import_takes("HealthAndDV")
    assert not turns.stager_takes("HealthAndDV")  # the import's now
    assert turns.would_wait("Services")  # the last the stager has not begun: left to it
    waiter, taken = _waiting(turns, "Services")
    assert waiter.is_alive() and taken == []
    assert turns.stager_takes("Services")
    turns.prepared("Services")
    waiter.join(5)
    assert taken == [False]  # the stager's, prepared


def test_a_file_left_to_the_stager_is_the_imports_once_the_stager_prepares_no_more():
    turns = FindingsTurns()
    turns.planned(PLANNED)
    for name in PLANNED[:2]:
        assert turns.stager_takes(name)
        turns.prepared(name)
    waiter, taken = _waiting(turns, "HealthAndDV")
    assert waiter.is_alive()
    turns.stager_done()  # stopped before it: the import finds them itself, rather than wait for ever
    waiter.join(5)
    assert taken == [True] and not turns.would_wait("HealthAndDV")


def test_with_nothing_planned_the_import_takes_every_file_not_begun():
    turns = FindingsTurns()
    assert not turns.would_wait("Services") and turns.import_takes("Services")

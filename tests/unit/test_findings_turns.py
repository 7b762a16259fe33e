"""Whose turn it is to find a file's findings (clients/csv/turns.py): the import's transaction takes the files the
stager has not begun, but leaves it the last of those it means to prepare, and waits for the ones it has begun."""
import threading

from clients.csv.turns import FindingsTurns

PLANNED = ["Disabilities", "Services", "HealthAndDV"]  # the stager's order: the largest first


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

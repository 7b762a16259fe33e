"""De-duplication: client records of one person are linked to one person id.

Two records are the same person when they agree on at least two of: name (first and last, ignoring
case), date of birth, and a valid SSN (compared by keyed hash). A record agreeing with another on
exactly one of them, where that one is the SSN or the DOB with the same last name, is uncertain and
goes to the review list instead. A pair a person has split (`client_splits`) is never linked again
automatically. Matching runs in SQL so an import links thousands of records in one statement.

People act on the review list through the API: a review resolved as the same person links the two
records' persons (`resolve`), one resolved as different people keeps them apart for good, and a split
(`split_pair`) gives a record back its own person.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients.contract import events
from clients.contract.schemas import RESOLVED, SAME_PERSON
from clients.models import client_splits, clients, match_reviews
from hmis_kit.db import first_or_not_found
from hmis_kit.errors import Conflict, ValidationFailed
from hmis_kit.outbox import record_event

# How many of name, DOB and SSN two records `n` (new) and `o` (other) agree on.
AGREEMENT = """(
    coalesce((lower(o.first_name) = lower(n.first_name) AND lower(o.last_name) = lower(n.last_name))::int, 0)
    + coalesce((o.dob = n.dob)::int, 0) + coalesce((o.ssn_hash = n.ssn_hash)::int, 0))"""
PAIR_COLUMNS = f"""n.id AS client_id, n.person_id AS client_person_id, o.id AS candidate_id,
    o.person_id AS candidate_person_id, o.created_at AS candidate_created_at,
    (o.created_at, o.personal_id) < (n.created_at, n.personal_id) AS candidate_is_earlier,
    {AGREEMENT} AS agreement, coalesce(o.ssn_hash = n.ssn_hash, false) AS same_ssn"""
NEW_TABLE_STATISTICS_TARGET = 20  # see link_imported
# What `_pairs` reads of a new record: held for the whole statement, so no more than the matching needs.
MATCHED_COLUMNS = "id, person_id, first_name, last_name, dob, ssn_hash, created_at, personal_id"
NOT_SPLIT = """NOT EXISTS (SELECT 1 FROM client_splits s WHERE (s.client_id = p.client_id AND s.other_id = p.candidate_id)
    OR (s.client_id = p.candidate_id AND s.other_id = p.client_id))"""


def _pairs(new_clients: str) -> str:
    """`pairs`: each new record with every other that could be the same person. Agreeing on two of name,
    DOB and SSN takes the same DOB and last name or the same SSN, and so does each uncertain match, so two
    equality joins find them all; for an import's thousands of records they are hash joins, where asking
    for the same DOB or the same SSN would probe the indexes once per record (4 s against 0.5 s for 100k)."""
    def joined(condition: str) -> str:
        return f"""SELECT {PAIR_COLUMNS} FROM n JOIN clients o ON {condition}
            AND o.id <> n.id AND o.date_deleted IS NULL"""
    return f"""WITH n AS MATERIALIZED (SELECT {MATCHED_COLUMNS} FROM clients WHERE {new_clients}),
        pairs AS MATERIALIZED (
        {joined("o.dob = n.dob AND lower(o.last_name) = lower(n.last_name)")}
        UNION {joined("o.ssn_hash = n.ssn_hash")})"""


def _link(connection, new_clients: str, params: dict) -> int:
    """Link each new record to the earliest record it agrees with on two of name, DOB and SSN, and list its
    uncertain matches, in one statement (the candidates are found once): a review is made only of records
    still different people once linked, so both records' persons are read as the linking leaves them."""
    return connection.execute(sa.text(f"""
        {_pairs(new_clients)},
        linked AS (
            UPDATE clients c SET person_id = m.candidate_person_id, updated_at = now() FROM (
                SELECT DISTINCT ON (client_id) client_id, candidate_person_id FROM pairs p
                -- the earlier record is the anchor, so two new records of one person link one way, not swap
                WHERE agreement >= 2 AND candidate_is_earlier AND candidate_person_id <> client_person_id
                    AND {NOT_SPLIT}
                ORDER BY client_id, candidate_created_at, candidate_id) m
            WHERE c.id = m.client_id RETURNING c.id, c.person_id),
        reviewed AS (
            INSERT INTO client_match_reviews (id, client_id, candidate_id, matched_on)
            SELECT gen_random_uuid(), p.client_id, p.candidate_id,
                   CASE WHEN p.same_ssn THEN ARRAY['ssn'] ELSE ARRAY['dob', 'last_name'] END
            FROM pairs p LEFT JOIN linked n ON n.id = p.client_id LEFT JOIN linked o ON o.id = p.candidate_id
            WHERE p.agreement = 1 AND {NOT_SPLIT} AND coalesce(n.person_id, p.client_person_id)
                <> coalesce(o.person_id, p.candidate_person_id)
            ON CONFLICT DO NOTHING)
        SELECT count(*) FROM linked"""), params).scalar()


def link_imported(connection, all_new: bool) -> int:
    """Link the clients this transaction inserted (`all_new`: all there are). Their created_at is the
    transaction's now(), given to the planner as a value, so that it knows from the statistics how many
    there are; all of a table just filled are given as such. That table has no statistics yet: the planner,
    guessing one row in 200 without a DateDeleted, would sort both sides of the join on name and DOB. A small
    sample of the columns the matching reads (6,000 rows, 26 ms) lets it hash them (100k clients: 0.56 s
    against 0.89 s)."""
    if all_new:
        connection.execute(sa.text(f"SET LOCAL default_statistics_target = {NEW_TABLE_STATISTICS_TARGET}"))
        connection.execute(sa.text("ANALYZE clients (date_deleted, dob, last_name, ssn_hash)"))
        connection.execute(sa.text("RESET default_statistics_target"))
        return _link(connection, "true", {})
    started = connection.execute(sa.text("SELECT now()")).scalar()
    return _link(connection, "created_at = :started", {"started": started})


def link_client(connection, client_id) -> int:
    return _link(connection, "id = :client_id", {"client_id": client_id})


def split(connection, client_id, other_id, split_by) -> None:
    """Give `client_id` back its own person and remember the pair must stay apart."""
    connection.execute(sa.text("UPDATE clients SET person_id = id, updated_at = now() WHERE id = :c"), {"c": client_id})
    keep_apart(connection, client_id, other_id, split_by)


def keep_apart(connection, client_id, other_id, split_by) -> None:
    """Remember that two records are different people, so `_link` never links them."""
    connection.execute(sa.text("""INSERT INTO client_splits (client_id, other_id, split_by) VALUES (:c, :o, :by)
        ON CONFLICT DO NOTHING"""), {"c": client_id, "o": other_id, "by": split_by})


# What people decide through the API (clients/service.py): the review list, its resolutions and splits.
# Every record whose person changes is announced (`clients.client.linked`), and every split
# (`clients.client.split`), through the outbox in the same transaction.


def reviews(session: Session, status: str, limit: int, agency_id: uuid.UUID | None = None) -> list[dict]:
    """Reviews in `status`, oldest first; with `agency_id`, only those whose two records that agency holds."""
    statement = (sa.select(match_reviews).where(match_reviews.c.status == status)
                 .order_by(match_reviews.c.created_at, match_reviews.c.id).limit(limit))
    if agency_id is not None:
        held = sa.select(clients.c.id).where(clients.c.agency_id == agency_id)
        statement = statement.where(match_reviews.c.client_id.in_(held), match_reviews.c.candidate_id.in_(held))
    return [dict(row._mapping) for row in session.execute(statement)]


def _review(session: Session, review_id: uuid.UUID, lock: bool = False):
    return first_or_not_found(session, sa.select(match_reviews).where(match_reviews.c.id == review_id), "review_id",
                              "match review", lock)


def _record(session: Session, client_id: uuid.UUID, field: str, lock: bool = False):
    columns = (clients.c.id, clients.c.agency_id, clients.c.person_id, clients.c.created_at, clients.c.personal_id)
    return first_or_not_found(session, sa.select(*columns).where(clients.c.id == client_id), field, "client", lock)


def holding_agencies(session: Session, client_ids: dict[str, uuid.UUID]) -> list[str]:
    """The agencies holding the records named ({field: id}), for the gateway's policy input: no client data
    leaves before the decision. An unknown record is NotFound naming its field."""
    return sorted({str(_record(session, client_id, field).agency_id) for field, client_id in client_ids.items()})


def review_agencies(session: Session, review_id: uuid.UUID) -> list[str]:
    review = _review(session, review_id)
    return holding_agencies(session, {"client_id": review.client_id, "candidate_id": review.candidate_id})


def _locked_pair(session: Session, client_id: uuid.UUID, other_id: uuid.UUID, other_field: str):
    """Both records, locked in id order: two changes to one pair wait for each other instead of deadlocking."""
    fields = {client_id: "client_id", other_id: other_field}
    rows = {record_id: _record(session, record_id, fields[record_id], lock=True) for record_id in sorted(fields)}
    return rows[client_id], rows[other_id]


def _move_person(session: Session, person_id: uuid.UUID, to_person_id: uuid.UUID,
                 staying: uuid.UUID | None = None) -> None:
    """Put the records of one person (but `staying`) under another, announcing each."""
    statement = clients.update().where(clients.c.person_id == person_id)
    if staying is not None:
        statement = statement.where(clients.c.id != staying)
    moved = statement.values(person_id=to_person_id, updated_at=sa.func.now()).returning(clients.c.id)
    for client_id in session.execute(moved).scalars():
        record_event(session, events.CLIENT_LINKED, events.payload(
            events.CLIENT_LINKED, {"client_id": client_id, "person_id": to_person_id}))


def _link_pair(session: Session, client, other) -> None:
    """One person: every record of the later record's person joins the earlier record's (the anchor rule of
    `_link`, so a person's id stays that of its first record); nothing changes when they already are."""
    anchor, later = sorted((client, other), key=lambda record: (record.created_at, record.personal_id))
    if anchor.person_id != later.person_id:
        _move_person(session, later.person_id, anchor.person_id)


def _split(session: Session, client, other_id: uuid.UUID, split_by: uuid.UUID) -> None:
    if client.person_id == client.id:
        # The client anchors its person: the records it leaves keep one person, under the earliest of them.
        rest = sa.select(clients.c.id).where(clients.c.person_id == client.id, clients.c.id != client.id)
        successor = session.execute(rest.order_by(clients.c.created_at, clients.c.personal_id).limit(1)).scalar()
        _move_person(session, client.id, successor, staying=client.id)
    split(session, client.id, other_id, split_by)
    record_event(session, events.CLIENT_SPLIT, events.payload(
        events.CLIENT_SPLIT, {"client_id": client.id, "other_client_id": other_id}))


def split_pair(session: Session, client_id: uuid.UUID, other_id: uuid.UUID, split_by: uuid.UUID) -> dict:
    """Give `client_id` back its own person, apart from the person it shares with `other_id`, for good."""
    if client_id == other_id:
        raise ValidationFailed("a record is not split from itself", {"other_client_id": ["must be another client"]})
    client, other = _locked_pair(session, client_id, other_id, "other_client_id")
    if client.person_id != other.person_id:
        raise ValidationFailed("the two records are not one person: nothing to split",
                               {"other_client_id": ["not the same person as the client split from it"]})
    _split(session, client, other_id, split_by)
    pair = sa.select(client_splits.c.client_id, client_splits.c.other_id.label("other_client_id"),
                     client_splits.c.split_by, client_splits.c.split_at)
    return dict(session.execute(pair.where(client_splits.c.client_id == client_id,
                                           client_splits.c.other_id == other_id)).one()._mapping)


def resolve(session: Session, review_id: uuid.UUID, decision: str, resolved_by: uuid.UUID) -> dict:
    """Resolve a pending review as a person decided: the same person (linked), or different people (kept apart
    for good; split, when the two were linked after the review was made)."""
    review = _review(session, review_id, lock=True)
    if review.status == RESOLVED:
        raise Conflict("this review is already resolved", {"review_id": [f"already resolved: {review.decision}"]})
    client, candidate = _locked_pair(session, review.client_id, review.candidate_id, "candidate_id")
    if decision == SAME_PERSON:
        _link_pair(session, client, candidate)
    elif client.person_id == candidate.person_id:
        _split(session, client, candidate.id, resolved_by)
    else:
        keep_apart(session, client.id, candidate.id, resolved_by)
    resolved = (match_reviews.update().where(match_reviews.c.id == review_id)
                .values(status=RESOLVED, decision=decision, resolved_by=resolved_by, resolved_at=sa.func.now())
                .returning(*match_reviews.c))
    return dict(session.execute(resolved).one()._mapping)

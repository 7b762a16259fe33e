"""De-duplication: client records of one person are linked to one person id.

Two records are the same person when they agree on at least two of: name (first and last, ignoring
case), date of birth, and a valid SSN (compared by keyed hash). A record agreeing with another on
exactly one of them, where that one is the SSN or the DOB with the same last name, is uncertain and
goes to the review list instead. A pair a person has split (`client_splits`) is never linked again
automatically. Matching runs in SQL so an import links thousands of records in one statement.
"""
from __future__ import annotations

import sqlalchemy as sa

# How many of name, DOB and SSN two records `n` (new) and `o` (other) agree on.
AGREEMENT = """(
    coalesce((lower(o.first_name) = lower(n.first_name) AND lower(o.last_name) = lower(n.last_name))::int, 0)
    + coalesce((o.dob = n.dob)::int, 0) + coalesce((o.ssn_hash = n.ssn_hash)::int, 0))"""
NOT_SPLIT = """NOT EXISTS (SELECT 1 FROM client_splits s
    WHERE (s.client_id = n.id AND s.other_id = o.id) OR (s.client_id = o.id AND s.other_id = n.id))"""


def _link(connection, new_clients_sql: str, params: dict) -> int:
    linked = connection.execute(sa.text(f"""
        UPDATE clients c SET person_id = m.person_id, updated_at = now() FROM (
            SELECT DISTINCT ON (n.id) n.id, o.person_id
            FROM ({new_clients_sql}) n JOIN clients o ON o.id <> n.id AND o.person_id <> n.person_id
                AND o.date_deleted IS NULL AND (o.dob = n.dob OR o.ssn_hash = n.ssn_hash)
                -- the earlier record is the anchor, so two new records of one person link one way, not swap
                AND (o.created_at, o.personal_id) < (n.created_at, n.personal_id)
            WHERE {AGREEMENT} >= 2 AND {NOT_SPLIT}
            ORDER BY n.id, o.created_at, o.id) m
        WHERE c.id = m.id"""), params).rowcount
    connection.execute(sa.text(f"""
        INSERT INTO client_match_reviews (id, client_id, candidate_id, matched_on)
        SELECT gen_random_uuid(), n.id, o.id,
               CASE WHEN o.ssn_hash = n.ssn_hash THEN ARRAY['ssn'] ELSE ARRAY['dob', 'last_name'] END
        FROM ({new_clients_sql}) n JOIN clients o ON o.id <> n.id AND o.person_id <> n.person_id
            AND o.date_deleted IS NULL AND (o.dob = n.dob OR o.ssn_hash = n.ssn_hash)
        WHERE {AGREEMENT} = 1 AND (o.ssn_hash = n.ssn_hash OR lower(o.last_name) = lower(n.last_name))
            AND {NOT_SPLIT}
        ON CONFLICT DO NOTHING"""), params)
    return linked


def link_imported(connection) -> int:
    """Link the clients this transaction inserted (their created_at is the transaction's now())."""
    return _link(connection, "SELECT * FROM clients WHERE created_at = now() AND person_id = id", {})


def link_client(connection, client_id) -> int:
    return _link(connection, "SELECT * FROM clients WHERE id = :client_id", {"client_id": client_id})


def split(connection, client_id, other_id, split_by) -> None:
    """Give `client_id` back its own person and remember the pair must stay apart."""
    connection.execute(sa.text("UPDATE clients SET person_id = id, updated_at = now() WHERE id = :c"), {"c": client_id})
    connection.execute(sa.text("""INSERT INTO client_splits (client_id, other_id, split_by) VALUES (:c, :o, :by)
        ON CONFLICT DO NOTHING"""), {"c": client_id, "o": other_id, "by": split_by})

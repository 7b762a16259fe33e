"""What a CSV import announces, built in SQL: the batch events of the records it inserted, with the payload
each would have had through the API (clients/contract/events.py), gathered into `clients.<entity>.imported`
events of up to IMPORT_BATCH records, written to the outbox in the import's transaction.
"""
from __future__ import annotations

from clients.contract import events


def returning_columns(file: str) -> str:
    """What an import's upsert of `file` returns for its announcements."""
    if file == "Client":
        return "id AS client_id, agency_id"
    return ", ".join(events.import_payload(file))


def import_announcement(file: str, records_sql: str) -> str:
    """An INSERT of the batch events announcing the records `records_sql` selects (`import_batches`); empty
    for a file an import does not announce."""
    if file not in events.IMPORT_EVENTS:
        return ""
    return f"INSERT INTO outbox (event_id, routing_key, envelope) {import_batches(file, records_sql)}"


def import_batches(file: str, records_sql: str) -> str:
    """A SELECT of the outbox rows (event_id, routing_key, envelope) of the batch events announcing the
    records `records_sql` selects (with at least the file's payload columns, `returning_columns`). Each
    record is the row of its payload columns as JSON, so fields come out as the Python builder gives them
    (numbers as numbers, ids and dates as text); the envelope is built as JSON text, which the outbox
    stores as it is (several times faster than building jsonb field by field, and than parsing it)."""
    event_type = events.imported(file)
    fields = ", ".join(events.import_payload(file))
    return f"""
        SELECT event_id, '{event_type}' AS routing_key, json_build_object(
            'event_id', event_id, 'type', '{event_type}', 'source', 'clients', 'schema_version', 1,
            'occurred_at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
            'correlation_id', %(correlation)s::text, 'data', json_build_object('records', records)) AS envelope
        FROM (SELECT gen_random_uuid() AS event_id, json_agg(record) AS records
              FROM (SELECT row_to_json(payload) AS record, (row_number() OVER () - 1) / {events.IMPORT_BATCH} AS batch
                    FROM (SELECT {fields} FROM ({records_sql}) records) payload) numbered
              GROUP BY batch) batches"""

"""The audit rows of HMIS CSV imports and exports: one per client per operation (hmis_kit.audit.record_bulk).

Which clients an import touched: every Client row it inserted or updated, known by its `updated_at`,
which both set to the import's transaction time (`now()`; another transaction begun in the same
microsecond and committed meanwhile would be counted too: one row too many, never one too few).
Records under a client (enrollments and their children) are audited through their client only when the
import also wrote the client's row: an import that changes only a client's enrollments writes no row for
that client. An export audits every client in its Client.csv.
"""
from __future__ import annotations

import sqlalchemy as sa

from clients.models import clients
from hmis_kit import audit
from hud.fy2026.spec import FILES

# What a bulk operation reads or writes of each client: every field of its record in Client.csv, named by
# the file (its 30-odd field names in each of 100k rows would make the rows several times larger and the
# import slower).
CLIENT_FIELDS = [FILES["Client"].filename]
WRITTEN_BY_THIS_TRANSACTION = sa.select(clients.c.id.cast(sa.Text)).where(clients.c.updated_at == sa.func.now())


def record_import(connection: sa.Connection, access: dict) -> int:
    """At the end of the import's transaction: a row for each client it wrote."""
    # streamed, a batch of ids per COPY: memory stays flat however many clients the import wrote
    written = connection.execute(WRITTEN_BY_THIS_TRANSACTION.execution_options(
        stream_results=True, yield_per=audit.BULK_BATCH)).scalars()
    return audit.record_bulk(connection, access, "import", CLIENT_FIELDS, written)


def record_export(connection: sa.Connection, access: dict, client_ids) -> int:
    return audit.record_bulk(connection, access, "export", CLIENT_FIELDS, client_ids)

"""Re-sealing a column of sealed values under the current field key (the first in HMIS_FIELD_KEY), for a
field-key rotation (`hmis keys rotate-field-key`; each service names its own sealed columns).

Batches of `batch_size` rows in key order, each in a transaction of its own that locks its rows: a rotation
stopped anywhere leaves every value readable (under the old key or the new, both listed) and, run again,
picks up where it stopped, since values already under the current key are skipped.
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from hmis_kit import crypto


def reseal(engine: sa.Engine, table: sa.Table, column: sa.Column, batch_size: int,
           progress: Callable[[int], None] = lambda resealed: None) -> int:
    """Re-seal every non-null value of `column` not yet under the current key; how many were re-sealed."""
    key = table.primary_key.columns.values()[0]
    resealed, after = 0, None
    while True:
        with engine.begin() as connection:
            statement = (sa.select(key, column).where(column.is_not(None)).order_by(key).limit(batch_size)
                         .with_for_update())
            rows = connection.execute(statement if after is None else statement.where(key > after)).all()
            for row in rows:
                token = row[1]
                if not crypto.sealed_under_current_key(token):
                    connection.execute(table.update().where(key == row[0])
                                       .values({column.name: crypto.encrypt(crypto.decrypt(token))}))
                    resealed += 1
        if not rows:
            return resealed
        after = rows[-1][0]
        progress(resealed)

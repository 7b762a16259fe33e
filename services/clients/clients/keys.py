"""What `hmis keys rotate-field-key` does in clients' database: re-seal every stored SSN under the current
field key. The SSN's keyed hashes (matching) are under HMIS_HASH_KEY and are left as they are."""
from __future__ import annotations

from clients.models import clients
from hmis_kit import config, rotation
from hmis_kit.db import make_engine


def reseal_ssns(batch_size: int, echo) -> int:
    engine = make_engine(config.load().database_url("clients"))
    try:
        return rotation.reseal(engine, clients, clients.c.ssn_ciphertext, batch_size,
                               lambda done: echo(f"clients: {done} SSN(s) re-sealed so far"))
    finally:
        engine.dispose()

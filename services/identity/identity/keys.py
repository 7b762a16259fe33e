"""What `hmis keys rotate-field-key` does in identity's database: re-seal every stored TOTP secret under
the current field key."""
from __future__ import annotations

from hmis_kit import config, rotation
from hmis_kit.db import make_engine
from identity.models import users


def reseal_totp_secrets(batch_size: int, echo) -> int:
    engine = make_engine(config.load().database_url("identity"))
    try:
        return rotation.reseal(engine, users, users.c.totp_secret, batch_size,
                               lambda done: echo(f"identity: {done} TOTP secret(s) re-sealed so far"))
    finally:
        engine.dispose()

"""What `hmis admin recover` does: run against identity's database (the services may be down), print
the new password once."""
from __future__ import annotations

import uuid

from hmis_kit import config
from hmis_kit.db import Transactions, make_engine
from hmis_kit.errors import HmisError
from identity.recovery import recover_system_admin


def run_recovery(username: str, agency_id: uuid.UUID | None, operator: str, echo) -> int:
    """0 when recovered (the password printed), 1 when refused (the reason printed)."""
    engine = make_engine(config.load().database_url("identity"))
    try:
        with Transactions(engine).transaction() as session:
            recovered = recover_system_admin(session, username, agency_id, operator)
    except HmisError as refused:
        echo(f"REFUSED: {refused.message} {refused.fields}")
        return 1
    finally:
        engine.dispose()
    echo(f"{recovered['username']} (user {recovered['user_id']}, agency {recovered['agency_id']}) is an active "
         "system administrator again; the recovery is in the authentication log.")
    echo(f"New password (shown once, not stored): {recovered['password']}")
    echo("Log in with it, set up a second factor (POST /api/v1/auth/totp), and log in again with a code.")
    return 0

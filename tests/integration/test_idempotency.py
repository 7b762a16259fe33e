"""The answers kept for idempotent writes (hmis_kit.idempotency) are kept for a while, then forgotten."""
import uuid

import pytest
import sqlalchemy as sa

from hmis_kit.db import Transactions
from hmis_kit.idempotency import forget_old, idempotency_keys, recorded, record

pytestmark = pytest.mark.integration


def test_an_answer_is_kept_for_its_repeats_then_forgotten(clients_engine):
    clients_db = Transactions(clients_engine)
    old, new = f"request:{uuid.uuid4()}", f"request:{uuid.uuid4()}"
    with clients_db.transaction() as session:
        record(session, old, "clients.create_client:x", {"id": "a"})
        record(session, new, "clients.create_client:x", {"id": "b"})
        session.execute(idempotency_keys.update().where(idempotency_keys.c.key == old)
                        .values(created_at=sa.func.now() - sa.text("interval '8 days'")))
    with clients_db.transaction() as session:
        assert forget_old(session) >= 1
    with clients_db.transaction() as session:
        assert recorded(session, old, "clients.create_client:x") == (False, None)
        assert recorded(session, new, "clients.create_client:x") == (True, {"id": "b"})

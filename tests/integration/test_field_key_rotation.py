"""Rotating the field key re-seals stored SSNs (clients) and TOTP secrets (identity) under the new key, against
real databases of their own (the run's shared ones keep the run's key): readable with the new key alone once
the old one is dropped, the SSN's matching hashes unchanged."""
import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from clients import pii
from clients.keys import reseal_ssns
from clients.models import clients
from hmis_kit import crypto, migrations
from hmis_kit.db import drop_database, make_engine
from identity.keys import reseal_totp_secrets
from identity.models import agencies, users

# The old key is the one the rest of the run uses, so whatever the in-process platform seals or signs meanwhile
# stays valid; the new one is the rotation's.
OLD = os.environ.get("HMIS_FIELD_KEY", "").split(",")[0].strip() or crypto.DEVELOPMENT_KEY.decode()
NEW = "bmV3LWZpZWxkLWtleS1mb3ItdGhlLXJvdGF0aW9uLTI="


@pytest.fixture
def keys(monkeypatch):
    def use(field: str):
        monkeypatch.setenv("HMIS_FIELD_KEY", field)
        monkeypatch.setenv("HMIS_HASH_KEY", OLD)
        crypto.forget_keys()
    yield use
    monkeypatch.undo()
    crypto.forget_keys()


@pytest.fixture
def private(settings, monkeypatch):
    """A database of the rotation's own for `database` (migrated), which the service's commands then use."""
    created = []

    def database(name: str) -> sa.Engine:
        url = make_url(settings.database_url(name)).set(database=f"{settings.db_prefix}_{name}_keys")
        url = url.render_as_string(hide_password=False)
        monkeypatch.setenv(f"{name.upper()}_DATABASE_URL", url)
        migrations.upgrade(name)
        created.append((url, make_engine(url)))
        return created[-1][1]
    yield database
    for url, engine in created:
        engine.dispose()
        drop_database(url)


def test_rotation_reseals_ssns_under_the_new_key_in_resumable_batches(private, keys):
    engine = private("clients")
    keys(OLD)
    ssns = [f"1234567{n:02d}" for n in range(5)]
    ids = [uuid.uuid4() for _ in ssns]
    with engine.begin() as connection:
        for client_id, ssn in zip(ids, ssns):
            ciphertext, whole, last4 = pii.ssn_forms(ssn)
            connection.execute(clients.insert().values(id=client_id, personal_id=str(client_id), person_id=client_id,
                                                       agency_id=uuid.uuid4(), first_name="Test",
                                                       last_name="Rotation", ssn_ciphertext=ciphertext,
                                                       ssn_hash=whole, ssn_last4_hash=last4))

    keys(f"{NEW},{OLD}")
    progress = []
    assert reseal_ssns(2, progress.append) == len(ssns)
    assert len(progress) == 3  # batches of 2
    assert reseal_ssns(2, progress.append) == 0  # run again: nothing left to do

    keys(NEW)
    with engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(
            sa.select(clients.c.id, clients.c.ssn_ciphertext, clients.c.ssn_hash).where(clients.c.id.in_(ids)))}
    assert [pii.decrypt_ssn(rows[client_id].ssn_ciphertext) for client_id in ids] == ssns
    assert [rows[client_id].ssn_hash for client_id in ids] == [pii.ssn_match_hash(ssn) for ssn in ssns]
    keys(OLD)
    with pytest.raises(crypto.InvalidToken):
        pii.decrypt_ssn(rows[ids[0]].ssn_ciphertext)


def test_rotation_reseals_totp_secrets_under_the_new_key(private, keys):
    engine = private("identity")
    keys(OLD)
    agency_id, user_id, secret = uuid.uuid4(), uuid.uuid4(), "JBSWY3DPEHPK3PXP"
    with engine.begin() as connection:
        connection.execute(agencies.insert().values(id=agency_id, name=f"rotation {agency_id}", status="active",
                                                    status_changed_at=sa.func.now()))
        connection.execute(users.insert().values(id=user_id, agency_id=agency_id, username=f"rotation-{user_id}",
                                                 password_hash="-", roles=[], totp_secret=crypto.encrypt(secret)))
    keys(f"{NEW},{OLD}")
    assert reseal_totp_secrets(10, lambda line: None) == 1
    keys(NEW)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(users.c.totp_secret).where(users.c.id == user_id)).scalar_one()
    assert crypto.decrypt(stored) == secret
    keys(OLD)
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(stored)

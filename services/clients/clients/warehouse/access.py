"""Who may read the warehouse feed's HTTP stream: the holder of a token whose SHA-256 a caller handed over
RPC (`expect`), until it expires (FEED_TOKEN_SECONDS) or is ended. The token itself never crosses the broker,
as with an import's upload (clients/csv/import_jobs.py); the stream is served on the service's own port,
which is not published beyond the cluster."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients.contract.warehouse import FEED_TOKEN_SECONDS
from clients.csv.import_jobs import token_hash
from clients.models import warehouse_feed_tokens as tokens
from hmis_kit.errors import AuthenticationFailed


def expect(session: Session, hashed: str) -> None:
    """Let the holder of the token with this hash read the feed; tokens expired meanwhile are forgotten."""
    session.execute(tokens.delete().where(tokens.c.expires_at < sa.func.now()))
    session.execute(tokens.insert().values(
        token_hash=hashed, expires_at=sa.func.now() + dt.timedelta(seconds=FEED_TOKEN_SECONDS)))


def end(session: Session, hashed: str) -> None:
    session.execute(tokens.delete().where(tokens.c.token_hash == hashed))


def check(session: Session, token: str) -> None:
    held = session.execute(sa.select(tokens.c.token_hash).where(
        tokens.c.token_hash == token_hash(token), tokens.c.expires_at >= sa.func.now())).first()
    if held is None:
        raise AuthenticationFailed("not a warehouse feed token", {"Authorization": ["a warehouse feed's token"]})

"""Every write through the gateway is applied once, however often its request reaches the service.

RPC requests are taken at least once: a service killed between its commit and its reply is handed the
same request again by the broker, and a client that lost an answer sends its request again. So the
gateway gives each write request an idempotency key (the caller's `Idempotency-Key`, scoped to the
caller, or a new one per request) and sends it in the call's context. A write RPC marked
`@applied_once` then runs in one transaction with the row recording its key and its answer; a repeat of
the key answers the recorded result without running again. The key's advisory lock makes a concurrent
repeat wait for the first. A write that fails records nothing, so a retry runs it again.

An answer holding a secret (a session token, an API key, a TOTP secret) must not be kept: those RPCs are
not marked, and a repeat makes a new secret, which leaves the first unusable and unseen.
"""
from __future__ import annotations

import functools
import inspect
import hashlib
import json
from collections.abc import Callable

import sqlalchemy as sa
from nameko.timer import timer
from kombu.utils import json as kombu_json
from sqlalchemy.orm import Session


CONTEXT_KEY = "idempotency_key"  # where the key travels in a nameko call's context data
MAX_KEY_LENGTH = 200
# Answers are kept this long: a repeat comes within seconds or minutes (RPC redelivery, a client's retry).
KEPT_FOR = "7 days"

idempotency_metadata = sa.MetaData()

idempotency_keys = sa.Table(
    "idempotency_keys",
    idempotency_metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("method", sa.Text, primary_key=True),  # the call and its arguments: a request may make several
    # As the RPC reply carries it (kombu's JSON, which keeps UUIDs, dates and decimals), or null.
    sa.Column("result", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(), index=True),
)


def applied_once(method: Callable) -> Callable:
    """Mark a write RPC (below `@rpc`): with an idempotency key in its call's context it is applied once."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def once(self, *args, **kwargs):
        return self.db.once(f"{self.name}.{method.__name__}:{_asked(signature, self, args, kwargs)}",
                            lambda: method(self, *args, **kwargs))
    return once


def _asked(signature: inspect.Signature, service, args, kwargs) -> str:
    """What a call asks, as a short hash: its arguments but `access`, which names the request's own policy
    decision (a client's retry is another request, under another decision, asking the same). A request may
    make the same call with other arguments (an upload's parts); a repeat asks the same."""
    arguments = signature.bind(service, *args, **kwargs).arguments
    asked = {name: value for name, value in list(arguments.items())[1:] if name != "access"}
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()[:32]


def recorded(session: Session, key: str, method: str) -> tuple[bool, object]:
    """Whether this key's call was applied, and its answer; waits while another worker applies it."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key + " " + method, 0))))
    row = session.execute(sa.select(idempotency_keys.c.result).where(
        idempotency_keys.c.key == key, idempotency_keys.c.method == method)).first()
    return (row is not None, kombu_json.loads(row.result) if row else None)


def record(session: Session, key: str, method: str, result) -> None:
    session.execute(idempotency_keys.insert().values(key=key, method=method, result=kombu_json.dumps(result)))


def forget_old(session: Session) -> int:
    """Drop answers older than KEPT_FOR; returns how many."""
    return session.execute(idempotency_keys.delete().where(
        idempotency_keys.c.created_at < sa.func.now() - sa.text(f"interval '{KEPT_FOR}'"))).rowcount


class KeepsAnswers:
    """Mixed into a service whose write RPCs are applied once: forgets their answers past KEPT_FOR."""

    @timer(interval=3600)
    def forget_old_answers(self) -> None:
        with self.db.transaction() as session:
            forget_old(session)


def create_idempotency_table() -> None:
    """Called from each service's migration."""
    from alembic import op

    idempotency_keys.create(op.get_bind())


def drop_idempotency_table() -> None:
    from alembic import op

    idempotency_keys.drop(op.get_bind())

"""Each service's own PostgreSQL database: the engine, the `self.db` dependency (transactions, and writes
applied once per idempotency key), creating the database itself, and two query helpers: one row or
NotFound (`first_or_not_found`), a search's filters (`filtered`)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from nameko.extensions import DependencyProvider
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hmis_kit import config, idempotency
from hmis_kit.errors import NotFound


def make_engine(url: str, pool: config.Pool | None = None) -> sa.Engine:
    """An engine on `url` holding at most `pool.connections` connections (by default the installation's
    HMIS_DB_POOL_SIZE + HMIS_DB_MAX_OVERFLOW); a caller finding none free within the pool's timeout gets
    sqlalchemy's TimeoutError, which callers answer as "unavailable" (hmis_kit.errors.INFRASTRUCTURE_ERRORS)."""
    pool = pool or config.load().db_pool()
    # pre_ping: a connection dropped by a PostgreSQL restart is replaced, not handed to a request.
    # hide_parameters: a failed statement's error (which nameko logs) must not carry names, SSNs or DOBs.
    return sa.create_engine(url, pool_pre_ping=True, pool_size=pool.size, max_overflow=pool.overflow,
                            pool_timeout=pool.timeout_seconds, hide_parameters=True)


def first_or_not_found(session: Session, statement, field: str, what: str, lock: bool = False):
    """The first row `statement` finds, or NotFound naming `field` ("unknown <what>").

    `lock` takes the row for update, for a change decided on what was read.
    """
    row = session.execute(statement.with_for_update() if lock else statement).first()
    if row is None:
        raise NotFound(f"no such {what}", {field: [f"unknown {what}"]})
    return row


def filtered(statement: sa.Select, filters: dict, equal: dict[str, sa.ColumnElement],
             time: sa.ColumnElement) -> sa.Select:
    """`statement` narrowed by a search's filters: each name of `equal` to its column's value, `since` and
    `until` to the half-open range [since, until) of `time`. A filter absent or None narrows nothing."""
    for name, column in equal.items():
        if filters.get(name) is not None:
            statement = statement.where(column == filters[name])
    if filters.get("since") is not None:
        statement = statement.where(time >= filters["since"])
    if filters.get("until") is not None:
        statement = statement.where(time < filters["until"])
    return statement


class Transactions:
    """Hands out sessions whose work commits together or not at all."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))


class Database(DependencyProvider):
    """nameko dependency: a worker's `self.db` (WorkerTransactions), for `self.db.transaction()`.

    The engine is built once per container, for the database named like the service, or `database` for
    a service that works in another's (the gateway's policy feed keeps the gateway's data).
    """

    def __init__(self, database: str | None = None):
        self.database = database
        self.transactions: Transactions | None = None

    def setup(self) -> None:
        database = self.database or self.container.service_name
        settings = config.load()
        self.transactions = Transactions(make_engine(settings.database_url(database),
                                                     settings.db_pool(self.container.service_name)))

    def stop(self) -> None:
        if self.transactions:
            self.transactions.engine.dispose()

    def get_dependency(self, worker_ctx) -> "WorkerTransactions":
        return WorkerTransactions(self.transactions, worker_ctx.data.get(idempotency.CONTEXT_KEY))


class WorkerTransactions:
    """What one worker's `self.db` is: transactions, and `once` for a write applied once per idempotency key.

    Inside `once`, `transaction()` joins the one transaction that also records the key and the answer.
    """

    def __init__(self, transactions: Transactions, idempotency_key: str | None):
        self._transactions = transactions
        self._key = idempotency_key
        self._joined: Session | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if self._joined is not None:
            yield self._joined
        else:
            with self._transactions.transaction() as session:
                yield session

    def ping(self) -> None:
        self._transactions.ping()

    def connect(self) -> sa.Connection:
        """A connection outside any transaction, for work that sets its own isolation (audit.verify)."""
        return self._transactions.engine.connect()

    def once(self, method: str, run: Callable[[], object]):
        """`run()` applied once for this worker's idempotency key (every time when the call carries none)."""
        if self._key is None or self._joined is not None:
            return run()
        with self._transactions.transaction() as session:
            applied, result = idempotency.recorded(session, self._key, method)
            if applied:
                return result
            self._joined = session
            try:
                result = run()
            finally:
                self._joined = None
            idempotency.record(session, self._key, method, result)
        return result


def _server_engine(url: str) -> sa.Engine:
    admin_url = make_url(url).set(database="postgres")
    return sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")


def create_database(url: str) -> bool:
    """Create the database named in `url` when missing; True if it was created."""
    name = make_url(url).database
    engine = _server_engine(url)
    try:
        with engine.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
            return not exists
    finally:
        engine.dispose()


def drop_database(url: str) -> None:
    name = make_url(url).database
    engine = _server_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()

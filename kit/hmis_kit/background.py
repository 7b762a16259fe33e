"""A loop a service runs beside its entrypoints for as long as its container runs, working in the service's
database (or `database`, as hmis_kit.db.Database) on one connection at a time: the outbox relay
(hmis_kit.outbox) and the job runner (hmis_kit.job_runner). The connection budget counts one connection
for each (hmis_platform.budget)."""
from __future__ import annotations

from abc import ABCMeta, abstractmethod

from nameko.extensions import DependencyProvider

from hmis_kit import config
from hmis_kit.db import make_engine


def one_connection(settings: config.Settings) -> config.Pool:
    """The pool of a background loop: it works on one connection at a time, so one is all it may hold."""
    return config.Pool(size=1, overflow=0, timeout_seconds=settings.db_pool_timeout_seconds)


class BackgroundLoop(DependencyProvider, metaclass=ABCMeta):
    """`loop()`, each kind's own, runs in a managed thread from start to stop, while `self.running`, over
    `self.engine`."""

    identifier = "background_loop"

    def __init__(self, database: str | None = None):
        self.database = database
        self.running = False
        self._thread = None

    def setup(self) -> None:
        self.settings = config.load()
        self.database = self.database or self.container.service_name
        self.engine = make_engine(self.settings.database_url(self.database), one_connection(self.settings))

    def start(self) -> None:
        self.running = True
        self._thread = self.container.spawn_managed_thread(self.loop, identifier=self.identifier)

    def stop(self) -> None:
        self.running = False
        if self._thread is not None:
            self._thread.wait()
        self.engine.dispose()

    def kill(self) -> None:
        self.running = False

    @abstractmethod
    def loop(self) -> None:
        """The work, until `self.running` turns false."""

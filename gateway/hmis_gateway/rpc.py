"""A pool of nameko RPC clients for the gateway's request handlers.

A standalone nameko proxy is not safe to share between concurrent requests (it polls one reply
queue), and starting one per request costs a broker round trip; so each request borrows a started
proxy from a pool and gives it back. A proxy whose connection broke is discarded, not reused.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from nameko.standalone.rpc import ClusterRpcProxy

from hmis_kit import idempotency, logs
from hmis_kit.errors import HmisError

RPC_TIMEOUT_SECONDS = 10


class RpcPool:
    def __init__(self, nameko_config: dict, size: int = 32, timeout: float = RPC_TIMEOUT_SECONDS):
        self._config = nameko_config
        self._timeout = timeout
        self._free: queue.LifoQueue[ClusterRpcProxy] = queue.LifoQueue()
        self._capacity = threading.Semaphore(size)

    @property
    def amqp_uri(self) -> str:
        return self._config["AMQP_URI"]

    @contextmanager
    def cluster(self) -> Iterator:
        """Borrow a started cluster proxy: `with pool.cluster() as services: services.identity.login(...)`."""
        self._capacity.acquire()
        try:
            try:
                proxy = self._free.get_nowait()
            except queue.Empty:
                proxy = ClusterRpcProxy(self._config, timeout=self._timeout)
                proxy.start()
            # The proxy's worker context carries our correlation id into every service it calls, and the
            # request's idempotency key once `carry_idempotency_key` set it (a borrowed proxy starts without).
            proxy._worker_ctx.data[logs.CORRELATION_KEY] = logs.current_correlation_id()
            proxy._worker_ctx.data.pop(idempotency.CONTEXT_KEY, None)
            try:
                yield proxy._proxy
            except HmisError:
                self._free.put(proxy)  # a domain error is an answer: the connection is fine
                raise
            except BaseException:
                proxy.stop()
                raise
            else:
                self._free.put(proxy)
        finally:
            self._capacity.release()

    def close(self) -> None:
        while True:
            try:
                self._free.get_nowait().stop()
            except queue.Empty:
                return


def carry_idempotency_key(services, key: str) -> None:
    """Send `key` along with every later call made through this borrowed proxy (see hmis_kit.idempotency)."""
    services._worker_ctx.data[idempotency.CONTEXT_KEY] = key

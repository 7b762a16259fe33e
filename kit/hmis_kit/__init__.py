"""The shared kit: what every Harbor service needs once.

A service: service (`ServiceBase` with /health, /ready and a `status` RPC, the `rpc` entrypoint, the
correlation id, the runner), db (its own database as the `self.db` dependency, named like the service; a
row or NotFound, a search's filters), errors (domain errors that cross RPC), config (the infrastructure's
settings from the environment), logs (JSON logs with a correlation id), green (eventlet's patching),
migrations (Alembic per database), crypto (field encryption and keyed hashes).

Delivery: events (the envelope), outbox (transactional outbox and its relay), messaging (the confirmed
publisher and the topology), inbox (idempotent consumers and dead letters), idempotency (write RPCs
applied once per request). Client data: audit (the hash-chained access trail), revocations (when each
consent's revocation was recorded, beside each trail), purposes (what client data may be used for).

Test and benchmark runs: isolation (a private vhost for each).

The kit sits below everything else and knows no component: a service passes its own name (its database,
its queues), the platform (`hmis_platform`) passes each component's port, and each service reads its own
domain settings. It imports no service, the gateway or the platform (tests/unit/test_import_boundaries.py).
"""

import warnings

# eventlet (under nameko 2.14) announces on import that it is in maintenance mode. That one notice is
# expected and silenced on purpose (see docs/decisions.md); every other warning still shows.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

"""The shared kit: what every Harbor service needs once, and only that.

config (settings from the environment), db (database dependency), events (the envelope),
outbox (transactional outbox and its relay), inbox (idempotent consumers and dead letters),
health (/health and /ready), logs (JSON logs with a correlation id), errors (domain errors that
cross RPC), migrations (Alembic per service), runner (start a service).
"""

import warnings

# eventlet (under nameko 2.14) announces on import that it is in maintenance mode. That one notice is
# expected and silenced on purpose (see docs/decisions.md); every other warning still shows.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

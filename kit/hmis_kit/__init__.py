"""The shared kit: what every Harbor service needs once, and only that.

config (settings from the environment), db (database dependency), events (the envelope),
outbox (transactional outbox and its relay), inbox (idempotent consumers and dead letters),
health (/health and /ready), logs (JSON logs with a correlation id), errors (domain errors that
cross RPC), migrations (Alembic per service), runner (start a service).
"""

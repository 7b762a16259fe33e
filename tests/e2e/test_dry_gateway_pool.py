"""A gateway whose database pool is deliberately tiny, under concurrent requests: each is answered 200 or
503 with Retry-After (the pool ran dry), never 500."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from hmis_gateway.app import create_app
from hmis_kit import config


@pytest.fixture
def tiny_gateway(platform, monkeypatch):
    monkeypatch.setenv("HMIS_GATEWAY_DB_POOL_SIZE", "1")
    monkeypatch.setenv("HMIS_GATEWAY_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("HMIS_DB_POOL_TIMEOUT_SECONDS", "0.05")
    app = create_app(config.load())
    assert app.extensions["hmis"].engine.pool.size() == 1
    yield app
    app.extensions["hmis"].rpc.close()
    app.extensions["hmis"].engine.dispose()


def test_a_dry_pool_answers_503_with_retry_after_never_500(tiny_gateway, lead):
    def read(_):
        response = tiny_gateway.test_client().get("/api/v1/decisions?limit=5", headers=lead.headers)
        return response.status_code, response.headers.get("Retry-After")

    with ThreadPoolExecutor(max_workers=40) as threads:
        answers = list(threads.map(read, range(120)))
    statuses = {status for status, _ in answers}
    assert statuses <= {200, 503}, answers
    assert 503 in statuses and 200 in statuses  # the pool did run dry, and still served
    assert all(retry == "5" for status, retry in answers if status == 503)

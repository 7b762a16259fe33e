"""A service whose database fails (its pool dry past the timeout, or the server unreachable) answers its RPC
caller Unavailable, the gateway's 503, never a RemoteError the gateway could only answer 500."""
import sqlalchemy as sa
import pytest
from nameko.containers import ServiceContainer
from nameko.standalone.rpc import ClusterRpcProxy

from hmis_kit.db import Database
from hmis_kit.errors import Unavailable
from hmis_kit.service import rpc


class PoolHolder:
    name = "pool_holder"
    db = Database("clients")

    @rpc
    def hold(self, seconds: float) -> str:
        with self.db.transaction() as session:
            session.execute(sa.text("SELECT pg_sleep(:s)"), {"s": seconds})
        return "ok"


@pytest.fixture
def holder(settings, monkeypatch):
    def start(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        container = ServiceContainer(PoolHolder, settings.nameko_config())
        container.start()
        started.append(container)
        return container
    started: list = []
    yield start
    for container in started:
        container.stop()


def test_a_dry_pool_answers_unavailable(settings, holder):
    holder(HMIS_POOL_HOLDER_DB_POOL_SIZE="1", HMIS_POOL_HOLDER_DB_MAX_OVERFLOW="0", HMIS_DB_POOL_TIMEOUT_SECONDS="0.1")
    with ClusterRpcProxy(settings.nameko_config(), timeout=15) as services:
        calls = [services.pool_holder.hold.call_async(0.5) for _ in range(4)]
        answers = []
        for call in calls:
            try:
                answers.append(call.result())
            except Unavailable as error:
                answers.append(error.code)
    assert "ok" in answers and "unavailable" in answers and set(answers) == {"ok", "unavailable"}


def test_an_unreachable_database_answers_unavailable(settings, holder):
    holder(CLIENTS_DATABASE_URL="postgresql+psycopg2://postgres@127.0.0.1:1/nowhere")
    with ClusterRpcProxy(settings.nameko_config(), timeout=15) as services:
        with pytest.raises(Unavailable):
            services.pool_holder.hold(0)

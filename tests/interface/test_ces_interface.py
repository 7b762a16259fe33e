"""The CES service alone against its contract (ces.contract). Nothing feeds its queue yet (assessments and
matching are next), so the test puts a household on it in its own database, and takes it off after.
`prioritization_list` takes no input, so there is nothing to refuse."""
import uuid

import pytest

from ces.contract import schemas
from ces.models import queue_entries
from conformance import announced, conforms
from hmis_kit.db import make_engine

pytestmark = pytest.mark.integration

SERVICE = "ces"


@pytest.fixture
def waiting(settings):
    """A household waiting on the community queue (e2e tests expect an empty queue: it is removed after)."""
    engine = make_engine(settings.database_url("ces"))
    entry = {"id": uuid.uuid4(), "client_id": uuid.uuid4(), "agency_id": uuid.uuid4(), "priority_score": 17,
             "status": "waiting"}
    with engine.begin() as connection:
        connection.execute(queue_entries.insert().values(**entry))
    yield entry
    with engine.begin() as connection:
        connection.execute(queue_entries.delete().where(queue_entries.c.id == entry["id"]))
    engine.dispose()


def test_the_prioritization_list(service, waiting):
    answer, published = service.call("prioritization_list")
    listed = conforms(schemas.QueueEntrySchema(), answer, many=True)
    assert [(row["id"], row["priority_score"], row["status"]) for row in listed] \
        == [(waiting["id"], 17, "waiting")]
    assert announced(published, SERVICE) == []

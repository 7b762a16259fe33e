"""An import's upload is streamed from the gateway to the clients service's own HTTP port: no message on the
broker carries its bytes, and neither side holds more than a few parts of it, whatever its size; its parts
are only for the holder of the upload's token."""
import hashlib
import io
import json
import os
import tracemalloc

import pika.adapters.blocking_connection
import pytest
import requests
from kombu import Producer

from clients.contract.schemas import PART_BYTES
from clients.csv import import_jobs
from e2e.conftest import new_agency
from support import eventually

pytestmark = pytest.mark.e2e
PATH = "/api/v1/csv-imports"
NOISE = os.urandom(64 << 10)


class GeneratedUpload(io.RawIOBase):
    """`size` bytes beginning like a zip, made as they are read: the test holds no more of them than its reader."""

    def __init__(self, size: int):
        self.size, self.position = size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the test client measures the body by seeking to its end and back
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = offset + (self.size if whence == io.SEEK_END else 0)
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.size - self.position)
        with memoryview(buffer) as view:
            for at in range(0, size, len(NOISE)):  # in place: no copy of the buffer's size
                view[at:min(size, at + len(NOISE))] = NOISE[:size - at]
            if self.position == 0:
                view[:len(import_jobs.ZIP_MAGIC)] = import_jobs.ZIP_MAGIC
        self.position += size
        return size


def upload(client, lead, agency_id, size: int):
    return client.post(f"{PATH}?agency_id={agency_id}", headers={**lead.headers, "Content-Type": "application/zip"},
                       input_stream=GeneratedUpload(size))


def finished(client, headers, job_id):
    def check():
        job = client.get(f"{PATH}/{job_id}", headers=headers).get_json()
        return job if job["status"] in ("succeeded", "failed", "cancelled") else None
    return eventually(check, timeout=120)


def test_no_message_on_the_broker_carries_the_upload(app, call, lead, monkeypatch):
    published = []
    kombu_publish, pika_publish = Producer.publish, pika.adapters.blocking_connection.BlockingChannel.basic_publish

    def on_kombu(self, body, *args, **kwargs):  # nameko's RPC requests and replies
        published.append(len(body) if isinstance(body, (bytes, str)) else len(json.dumps(body, default=str)))
        return kombu_publish(self, body, *args, **kwargs)

    def on_pika(self, exchange, routing_key, body, *args, **kwargs):  # the outbox relay's events
        published.append(len(body))
        return pika_publish(self, exchange, routing_key, body, *args, **kwargs)
    monkeypatch.setattr(Producer, "publish", on_kombu)
    monkeypatch.setattr(pika.adapters.blocking_connection.BlockingChannel, "basic_publish", on_pika)
    client, agency_id = app.test_client(), new_agency(call, lead, "Streamed")
    published.clear()
    started = upload(client, lead, agency_id, 3 * PART_BYTES + 12345)
    assert started.status_code == 202, started.get_json()
    job = finished(client, lead.headers, started.get_json()["id"])
    # the whole upload reached the import's worker: random bytes after a zip's first four are no zip
    assert job["report"] == {"error": import_jobs.NOT_A_ZIP}
    assert published and max(published) < 64 << 10  # 3 MiB uploaded; no message near a part's size


def test_the_upload_is_held_a_few_parts_at_a_time_whatever_its_size(app, call, lead):
    client, agency_id = app.test_client(), new_agency(call, lead, "Large upload")
    size = 64 * PART_BYTES
    tracemalloc.start()
    try:
        started = upload(client, lead, agency_id, size)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert started.status_code == 202, started.get_json()
    # a part as the gateway reads it, as the service reads it, and the driver's escaped copies; never the upload
    assert peak < 16 * PART_BYTES, f"{peak / (1 << 20):.0f} MiB held for a {size >> 20} MiB upload"
    assert finished(client, lead.headers, started.get_json()["id"])["report"] == {"error": import_jobs.NOT_A_ZIP}


def test_a_part_is_refused_without_the_uploads_token(app, call, lead):
    services = app.extensions["hmis"].rpc
    agency_id = new_agency(call, lead, "Token")
    with services.cluster() as rpc:
        opened = rpc.clients.open_csv_import({"agency_id": agency_id})
        assert rpc.clients.expect_csv_upload(opened["id"], hashlib.sha256(b"the gateway's token").hexdigest())
    url = f"{app.config['CLIENTS_URL']}/csv-imports/{opened['id']}/parts/0"
    for token in ("", "a guess"):
        refused = requests.put(url, data=import_jobs.ZIP_MAGIC, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert refused.status_code == 401 and refused.json()["fields"] == {"Authorization": ["the import's upload token"]}
    taken = requests.put(url, data=import_jobs.ZIP_MAGIC, headers={"Authorization": "Bearer the gateway's token"},
                         timeout=10)
    assert taken.status_code == 204
    too_large = requests.put(url.replace("/parts/0", f"/parts/{import_jobs.MAX_PARTS}"), data=b"x",
                             headers={"Authorization": "Bearer the gateway's token"}, timeout=10)
    assert too_large.status_code == 422
    assert too_large.json()["fields"] == {"body": [f"at most {import_jobs.MAX_PARTS * PART_BYTES} bytes"]}

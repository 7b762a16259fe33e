"""Uploads streamed to the service that keeps them, over HTTP to its own port, never through the broker.

The gateway makes a token for the upload and hands the service only its SHA-256 (over RPC), then PUTs the
request's body to the service in parts of PART_BYTES, each with the token: the part as it came, no base64,
one part in memory at a time. The token is the only key to the upload: good for that one upload, while it is
not finished, and held by nobody but the gateway's request (the service keeps its hash; the broker, the logs
and the recorded answers of applied-once RPCs never see it). The service's HTTP port is the cluster's own,
as its RPC is: it is not published beyond the gateway (docs/deploy.md).
"""
from __future__ import annotations

import hashlib
import secrets

import requests
from flask import current_app

from clients.contract.schemas import PART_BYTES
from hmis_kit.errors import from_answer

PART_TIMEOUT_SECONDS = 60


def stream_csv_import(clients, import_id: str, body) -> None:
    """Stream `body` (a readable stream) as the upload of the import the clients service opened."""
    token = secrets.token_urlsafe(32)
    if not clients.expect_csv_upload(import_id, hashlib.sha256(token.encode()).hexdigest()):
        return  # a request repeated after its import started: it has nothing more to send
    url = f"{current_app.config['CLIENTS_URL']}/csv-imports/{import_id}/parts"
    with requests.Session() as service:
        service.headers["Authorization"] = f"Bearer {token}"
        part = 0
        while data := body.read(PART_BYTES):
            answer = service.put(f"{url}/{part}", data=data, timeout=PART_TIMEOUT_SECONDS)
            if answer.status_code >= 400:
                raise from_answer(answer.json())
            part += 1

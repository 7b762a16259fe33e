"""A private RabbitMQ vhost, so a test or benchmark run never shares queues with another run."""
from __future__ import annotations

import shutil
import subprocess
from urllib.parse import quote, urlsplit, urlunsplit


def private_vhost(amqp_uri: str, name: str) -> str | None:
    """Create vhost `name` on a local broker (with rabbitmqctl) and return its URI; None where we cannot."""
    if urlsplit(amqp_uri).hostname not in ("127.0.0.1", "localhost") or not shutil.which("rabbitmqctl"):
        return None
    user = urlsplit(amqp_uri).username or "guest"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", name], check=True, capture_output=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", name, user, ".*", ".*", ".*"],
                   check=True, capture_output=True)
    parts = urlsplit(amqp_uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(name, safe=""), "", ""))


def delete_vhost(name: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True)

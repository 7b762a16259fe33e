"""`hmis run` (behind `make run`): migrate, start every component, seed demo data, print where to go.

honcho runs the processes: one terminal, each line prefixed by its component, Ctrl-C stops them all.
This process must stay unpatched by eventlet (so never import hmis_kit.serve here): honcho forks it, and
a forked copy of an eventlet hub would run the seeding green thread once in every child.
"""
from __future__ import annotations

import os
import sys
import threading

from honcho.manager import Manager

from hmis_kit import config, demo, migrations
from hmis_kit.config import COMPONENTS


def launch() -> int:
    settings = config.load()
    for database in config.DATABASES:
        migrations.upgrade(database, settings)
    manager = Manager()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for component in (*COMPONENTS, "gateway"):
        manager.add_process(component, f"{sys.executable} -m hmis_kit.serve {component}", env=env)
    gateway_url = f"http://{settings.http_host}:{settings.http_port('gateway')}"
    threading.Thread(target=demo.seed_when_ready, args=(gateway_url,), daemon=True).start()
    manager.loop()
    return manager.returncode or 0

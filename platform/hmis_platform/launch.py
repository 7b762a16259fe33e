"""`hmis run` (behind `make run`): migrate, start every component, seed demo data, print where to go.

honcho runs the processes: one terminal, each line prefixed by its component, Ctrl-C stops them all.
This process must stay unpatched by eventlet (so never import hmis_platform.serve here): honcho forks it,
and a forked copy of an eventlet hub would run the seeding green thread once in every child.
"""
from __future__ import annotations

import os
import sys
import threading

from honcho.manager import Manager

from hmis_kit import config, migrations
from hmis_platform import budget, demo
from hmis_platform.components import COMPONENTS, DATABASES, gateway_url


def launch() -> int:
    settings = config.load()
    fits, lines = budget.report(settings)
    if not fits:
        print("\n".join(["the connection budget does not fit the server (hmis db budget):", *lines]), file=sys.stderr)
        return 1
    for database, package in DATABASES.items():
        migrations.upgrade(database, settings, package)
    manager = Manager()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for component in COMPONENTS:
        manager.add_process(component, f"{sys.executable} -m hmis_platform.serve {component}", env=env)
    threading.Thread(target=demo.seed_when_ready, args=(gateway_url(settings),), daemon=True).start()
    manager.loop()
    return manager.returncode or 0

"""`hmis db budget`: every connection the installation may hold, against the real server's max_connections."""
import os
import subprocess
import sys

from hmis_kit import config
from hmis_platform import budget


def test_the_default_budget_fits_postgresql_default_max_connections():
    lines = budget.lines(config.Settings())
    assert sum(line.connections for line in lines) <= 100 - 3  # max_connections 100, 3 for superusers
    assert [line.what for line in lines][-3:] == ["clients jobs", "reports jobs", "migrations"]


def test_a_component_pool_of_its_own_is_counted(monkeypatch):
    monkeypatch.setenv("HMIS_GATEWAY_DB_POOL_SIZE", "20")
    gateway = next(line for line in budget.lines(config.Settings()) if line.what == "gateway")
    assert gateway.connections == 20 + config.Settings().db_max_overflow


def hmis_db_budget(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hmis_platform", "db", "budget"], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_the_command_says_whether_the_budget_fits_the_server(settings):
    server = budget.server(settings)
    fits = hmis_db_budget()
    assert fits.returncode == 0
    assert fits.stdout.splitlines()[-1].startswith(f"server: max_connections {server.max_connections} - reserved")
    assert fits.stdout.splitlines()[-1].endswith("available: fits")

    too_many = hmis_db_budget(HMIS_DB_POOL_SIZE=str(server.max_connections))
    assert too_many.returncode == 1
    assert "DOES NOT FIT" in too_many.stdout.splitlines()[-1]

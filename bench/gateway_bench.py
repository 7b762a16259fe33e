"""An authorized client read through the gateway vs the same read straight over RPC, 20 callers at once.

Starts the whole platform as separate processes (as `make run` does) on databases and a vhost of its
own, seeds one agency, one case manager and one client, then times `GET /api/v1/clients/<id>`
(authenticate + owner lookup + policy decision + decision-log write + the read) and `clients.get_client`
called directly with nameko's standalone RPC proxy, each from `concurrency` threads.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

PASSWORD = "benchmark password 2026"


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _measure(call_factory, total: int, concurrency: int) -> dict:
    """Run `total` calls spread over `concurrency` threads, each with its own client from call_factory()."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = total // concurrency

    def worker():
        call, close = call_factory()
        try:
            call()  # warm up the connection
            mine = []
            for _ in range(per_thread):
                started = time.perf_counter()
                call()
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)
        finally:
            close()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "per_s": len(latencies) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000, "p99_ms": _percentile(latencies, 0.99) * 1000}


def _start_platform(env: dict, log_dir: str) -> list[subprocess.Popen]:
    from hmis_kit.serve import COMPONENTS

    processes = []
    for component in (*COMPONENTS, "gateway"):
        log = open(os.path.join(log_dir, f"{component}.log"), "w")
        processes.append(subprocess.Popen([sys.executable, "-m", "hmis_kit.serve", component], env=env,
                                          stdout=log, stderr=subprocess.STDOUT))
    return processes


def _wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/ready", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the platform did not become ready")


def _seed(settings, url: str) -> tuple[str, str]:
    """One agency, one licensed and trained case manager, one client; returns (session token, client id)."""
    from hmis_kit import demo
    from hmis_kit.onboarding import Person, enroll_second_factor, expect, log_in, onboard, wait_until_allowed

    call = demo.http_caller(url)
    demo.bootstrap_lead(settings)
    lead = log_in(call, Person(*demo.ADMIN))
    wait_until_allowed(call, lead, "mfa:enroll")
    enroll_second_factor(call, lead)
    agency = expect(call, "POST", "/api/v1/agencies", headers=lead.headers, json={"name": "Benchmark Agency"})
    worker = onboard(call, lead, lead, Person("bench.worker", PASSWORD), ["case_manager"], agency["id"],
                     "clients:read")
    client = expect(call, "POST", "/api/v1/clients", headers=worker.headers,
                    json={"first_name": "Bench", "last_name": "Mark", "dob": "1975-06-01"})
    return worker.headers["Authorization"], client["id"]


def run(total: int = 4000, concurrency: int = 20) -> dict:
    from hmis_kit import config, migrations  # first: it sets the warning filters nameko's imports need
    from hmis_kit.db import drop_database
    from hmis_kit.isolation import delete_vhost, private_vhost
    from nameko.standalone.rpc import ClusterRpcProxy

    run_id = uuid.uuid4().hex[:8]
    vhost = f"hmis-bench-{run_id}"
    base = config.load()
    isolated = private_vhost(base.amqp_uri, vhost)
    os.environ.update({"HMIS_DB_PREFIX": f"hmis_bench_{run_id}", "HMIS_PORT_OFFSET": "30000",
                       "AMQP_URI": isolated or base.amqp_uri, "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"})
    settings = config.load()
    processes: list[subprocess.Popen] = []
    log_dir = tempfile.mkdtemp(prefix="hmis-bench-")
    try:
        for database in config.DATABASES:
            migrations.upgrade(database, settings)
        processes = _start_platform(dict(os.environ), log_dir)
        url = f"http://{settings.http_host}:{settings.http_port('gateway')}"
        _wait_ready(url)
        authorization, client_id = _seed(settings, url)

        def gateway_client():
            http = requests.Session()
            http.headers["Authorization"] = authorization

            def call():
                response = http.get(f"{url}/api/v1/clients/{client_id}")
                assert response.status_code == 200, response.text
            return call, http.close

        def rpc_client():
            proxy = ClusterRpcProxy(settings.nameko_config("gateway"), timeout=30)
            services = proxy.start()
            return (lambda: services.clients.get_client(client_id)), proxy.stop

        through_gateway = _measure(gateway_client, total, concurrency)
        direct_rpc = _measure(rpc_client, total, concurrency)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for database in config.DATABASES:
            drop_database(settings.database_url(database))
        if isolated:
            delete_vhost(vhost)
    return {"concurrency": concurrency, "gateway": through_gateway, "rpc": direct_rpc,
            "ratio": through_gateway["per_s"] / direct_rpc["per_s"], "logs": log_dir}


def report(result: dict) -> str:
    def line(name: str, figures: dict) -> str:
        return (f"  {name:<28} {figures['per_s']:>8.0f} req/s   p50 {figures['p50_ms']:>6.1f} ms"
                f"   p99 {figures['p99_ms']:>6.1f} ms   ({figures['requests']} requests)")
    return "\n".join([
        f"authorized client read, {result['concurrency']} concurrent callers",
        line("through the gateway", result["gateway"]),
        line("straight over RPC", result["rpc"]),
        f"  ratio gateway / RPC          {result['ratio']:>8.2f}",
    ])


if __name__ == "__main__":
    print(report(run()))

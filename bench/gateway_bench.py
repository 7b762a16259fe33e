"""An authorized client read through the gateway vs the same read straight over RPC, 20 callers at once.

Starts the whole platform as separate processes (bench/platform.py), seeds one agency, one licensed
case manager and one client, then times `GET /api/v1/clients/<id>`
(authenticate + owner lookup + consent lookup + policy decision + decision-log write + the read with
its audit row) and `clients.get_client`
called directly with nameko's standalone RPC proxy, each from `concurrency` threads.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests


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


def run(total: int = 4000, concurrency: int = 20) -> dict:
    from bench.platform import new_worker, running_platform
    from hmis_platform.onboarding import expect

    with running_platform() as platform:
        from nameko.standalone.rpc import ClusterRpcProxy

        worker = new_worker(platform, "Benchmark Agency")
        client_id = expect(platform.call, "POST", "/api/v1/clients", headers=worker.headers,
                           json={"first_name": "Bench", "last_name": "Mark", "dob": "1975-06-01"})["id"]
        # The direct RPC read carries an access context too, so both sides write the same audit row.
        access = {"principal": {"kind": "user", "id": worker.user_id, "agency_id": worker.agency_id,
                                "roles": ["case_manager"]}, "action": "clients:read",
                  "decision_id": str(uuid.uuid4()), "purpose": None, "break_glass_reason": None, "consent": None}

        def gateway_client():
            http = requests.Session()
            http.headers.update(worker.headers)

            def call():
                response = http.get(f"{platform.url}/api/v1/clients/{client_id}")
                assert response.status_code == 200, response.text
            return call, http.close

        def rpc_client():
            proxy = ClusterRpcProxy(platform.settings.nameko_config(), timeout=30)
            services = proxy.start()
            return (lambda: services.clients.get_client(client_id, access)), proxy.stop

        through_gateway = _measure(gateway_client, total, concurrency)
        direct_rpc = _measure(rpc_client, total, concurrency)
    return {"concurrency": concurrency, "gateway": through_gateway, "rpc": direct_rpc,
            "ratio": through_gateway["per_s"] / direct_rpc["per_s"], "logs": platform.logs}


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

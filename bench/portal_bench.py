"""Citizen lookups over HTTP on a production server (gunicorn), against a bare view of the same
server in the same run.

Serves motcua with gunicorn on a free port of 127.0.0.1 (the demo district's dossiers; rate limits
lifted for the run, everything else as in production), then:
- throughput: `wrk` (2 threads, 16 connections, 3 rounds of 4 s each) on the tracking page of
  200 dossiers in turn, and on /health/ (one `SELECT 1` through the whole middleware stack) —
  goal ≥ 50% of /health/.
  Every page is fetched twice first: this measures the steady state, where the tracking cache
  holds each page (a first lookup after a change renders it: about 20 ms);
- latency at a fixed 300 requests a second for 8 s (an open-loop client that measures from each
  request's scheduled instant, so a slow answer delays nothing): p50 and p99 — goal p99 < 50 ms.
The client shares the machine with the server; on a 2-core machine it takes part of the CPU the
server would otherwise have. Needs `wrk` (apt-get install wrk); without it the throughput part is
skipped and said so.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DURATION = 8
ROUNDS = 3
WRK_SECONDS = 4
RATE = 300
LOOKUPS = 200


def setup() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from motcua.dossiers.models import Dossier, DossierStatus

    call_command("migrate", verbosity=0)
    if not Dossier.objects.exclude(code=None).exists():
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    lookups = (
        Dossier.objects.exclude(code=None)
        .exclude(status__in=[DossierStatus.DRAFT, DossierStatus.NOT_RECEIVED])
        .values_list("code", "secret")[:LOOKUPS]
    )
    return [f"/track/{code}?s={secret}" for code, secret in lookups]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MOTCUA_PUBLIC_RATE_LIMIT": "1000000000",
        "MOTCUA_TRACK_TRIES_PER_CODE": "1000000000",
    }
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable, "-m", "gunicorn", "motcua.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
            "--log-level", "warning",
        ],
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def warm(port: int, paths: list[str]) -> None:
    """Every page once (the tracking cache fills) and each worker past its first requests."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in paths * 2:
        connection.request("GET", path)
        connection.getresponse().read()


def wrk(port: int, paths: list[str]) -> float:
    """Requests per second wrk sustains over these paths (each connection walks the list)."""
    script = (
        "paths = {"
        + ",".join(f'"{path}"' for path in paths)
        + "}\n"
        + (
            "counter = 0\nrequest = function()\n  counter = counter + 1\n"
            "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n"
        )
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c16", f"-d{WRK_SECONDS}s", "-s", file.name, f"http://127.0.0.1:{port}"],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    Path(file.name).unlink()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} failed responses:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found, output
    return float(found.group(1))


def paced(port: int, paths: list[str]) -> list[float]:
    """Latencies (ms) of requests sent at a fixed rate, each timed from its scheduled instant."""
    total = RATE * DURATION
    start = time.perf_counter() + 0.2
    latencies: list[float] = []
    next_index = iter(range(total))
    lock = threading.Lock()
    failures = []

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            scheduled = start + index / RATE
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            connection.request("GET", paths[index % len(paths)])
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
            elapsed = (time.perf_counter() - scheduled) * 1000
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} lookups failed: {failures[:5]}")
    return latencies


def main() -> None:
    paths = setup()
    port = free_port()
    server = serve(port)
    try:
        print(
            f"\nCitizen lookup over HTTP (gunicorn, 2 workers × 4 threads, {len(paths)} dossiers)"
        )
        warm(port, paths)
        if shutil.which("wrk"):
            # Interleaved rounds: this machine's speed drifts by ×2 within a minute, so each
            # ratio compares two runs a few seconds apart; the median ratio is reported.
            rounds = [(wrk(port, ["/health/"]), wrk(port, paths)) for _ in range(ROUNDS)]
            for bare, lookup in rounds:
                print(
                    f"  wrk /health/ (baseline) {bare:6.0f} req/s, "
                    f"/track/<code>?s=… {lookup:6.0f} req/s, ratio {lookup / bare:.2f}"
                )
            ratio = statistics.median(lookup / bare for bare, lookup in rounds)
            print(f"  median ratio {ratio:.2f} (goal ≥ 0.50)")
        else:
            print("  wrk is not installed (apt-get install wrk): throughput skipped")
        latencies = sorted(paced(port, paths))
        p50 = statistics.median(latencies)
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(
            f"  {RATE} req/s for {DURATION} s: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
            f"(goal p99 < 50 ms), {len(latencies)} lookups"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

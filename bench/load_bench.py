"""Load test: a province's working day compressed (bench/locustfile.py), through nginx with TLS,
before two `motcua serve` nodes of two workers each and a job worker, on PostgreSQL + Redis —
all on this machine. Prints throughput, p50/p95/p99 and errors per page, and the load as
dossiers per working day; judged against p95 < 300 ms for staff pages and no error.

    make load                       # PostgreSQL at DATABASE_URL, or the local server
    LOAD_USERS=40 LOAD_SECONDS=120 make load

It needs nginx, a PostgreSQL server it may create a database on, and Redis (REDIS_URL, else
127.0.0.1:6379, database 11).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.ops.instances import Instance

STAFF_P95_MS = 300
WORKING_DAY_SECONDS = 8 * 3600  # 7:30–11:30 and 13:30–17:30 (Decree 08/2023 office hours)


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    from tests.network import free_port
    from tests.ops.instances import instance, serving_process
    from tests.ops.nginx import nginx

    users, seconds = _count("LOAD_USERS", 24), _count("LOAD_SECONDS", 60)
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        sys.exit("The load test needs nginx (apt-get install nginx-light).")
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    folder = Path(tempfile.mkdtemp(prefix="motcua-load-"))
    try:
        with instance(folder / "var", "load") as inst:
            inst.extra_env.update({
                "TRUSTED_PROXIES": "127.0.0.1", "BEHIND_HTTPS_PROXY": "true",
                "ALLOWED_HOSTS": "127.0.0.1,localhost", "MOTCUA_PUBLIC_URL": "https://127.0.0.1",
                "REDIS_URL": redis, "HUEY_NAME": "motcua-load",
                # Citizens come from many addresses; here all from one: the limit per address
                # is the proxy test's subject, not this one's.
                "MOTCUA_PUBLIC_RATE_LIMIT": "1000000",
            })  # fmt: skip
            print(f"\nLoad test: setting up (PostgreSQL, demo, {users} users, {seconds} s)…")
            inst.run("migrate", "-v0")
            inst.run("demo")
            inst.run("collectstatic", "--noinput", "-v0")
            components = [
                {"name": name, "originals": originals, "copies": copies, "position": position}
                for position, name, originals, copies in inst.query(
                    "SELECT c.position, c.name, c.originals, c.copies"
                    " FROM catalog_requiredcomponent c"
                    " JOIN catalog_procedureversion v ON v.id = c.version_id"
                    " JOIN catalog_procedure p ON p.id = v.procedure_id"
                    " WHERE p.code = 'BX-H-008' AND v.status = 'published' ORDER BY c.position"
                )
            ]
            password = (inst.var_dir / "demo-password").read_text().strip()
            nodes = [free_port(), free_port()]
            worker = inst.popen("run_huey", "--workers", "2", log=folder / "worker.log")
            try:
                static = inst.var_dir / "static"
                with serving_process(inst, port=nodes[0], workers=2), \
                        serving_process(inst, port=nodes[1], workers=2), \
                        nginx(folder, nodes=nodes, static=static) as proxy:  # fmt: skip
                    before = _received(inst)
                    started = time.time()
                    _locust(proxy, folder, users=users, seconds=seconds, env={
                        "LOAD_CERT": str(proxy["cert"]), "LOAD_PASSWORD": password,
                        "LOAD_COMPONENTS": json.dumps(components),
                    })  # fmt: skip
                    elapsed = time.time() - started
            finally:
                worker.terminate()
                worker.wait(timeout=30)
            received = _received(inst) - before
            _report(folder / "load_stats.csv", received=received, elapsed=elapsed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"{name} must be a whole number above 0, not {value!r}.")
    return int(value)


def _received(inst: Instance) -> int:
    ((count,),) = inst.query("SELECT count(*) FROM dossiers_dossierevent WHERE action = 'receive'")
    return int(count)  # type: ignore[call-overload]


def _locust(proxy: dict[str, object], folder: Path, *, users: int, seconds: int,
            env: dict[str, str]) -> None:  # fmt: skip
    subprocess.run(  # noqa: S603 - locust from this environment
        [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
         "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 5)),
         "--run-time", f"{seconds}s", "--host", str(proxy["base"]),
         "--csv", str(folder / "load"), "--only-summary", "--loglevel", "WARNING"],
        env={**os.environ, **env}, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _report(stats: Path, *, received: int, elapsed: float) -> None:
    rows = list(csv.DictReader(stats.open()))
    print(f"\n  {'page':34} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  ms")
    verdicts = []
    for row in rows:
        name = row["Name"]
        if name == "Aggregated":
            continue
        p95 = float(row["95%"])
        print(
            f"  {name:34} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
        if name.startswith("staff:") and not name.endswith("(API)"):
            verdicts.append(p95 < STAFF_P95_MS)
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    per_second = received / elapsed
    print(
        f"  {'all':34} {total['Request Count']:>8} {errors:>6} {total['50%']:>6} "
        f"{total['95%']:>6} {total['99%']:>6}\n"
        f"  throughput {float(total['Requests/s']):.1f} requests/s; {received} dossiers received "
        f"in {elapsed:.0f} s = {per_second * WORKING_DAY_SECONDS:,.0f} dossiers per working day "
        f"(8 h) carried to the signature"
    )
    ok = errors == 0 and all(verdicts)
    print(f"  {'PASS' if ok else 'FAIL'}: {errors} errors; staff pages p95 < {STAFF_P95_MS} ms: "
          f"{sum(verdicts)} of {len(verdicts)}")  # fmt: skip


if __name__ == "__main__":
    main()

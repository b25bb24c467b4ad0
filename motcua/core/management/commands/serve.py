from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from motcua.core.uploads import upload_leftovers_purge

# The path without its query string (lookup secrets travel there), never a client's address.
ACCESS_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(L)ss %({x-request-id}o)s'


class Command(BaseCommand):
    help = "Serve motcua (gunicorn) together with its background job worker (Huey)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="Do not start the job worker.")

    def handle(self, *args: Any, bind: str, workers: int, no_worker: bool, **options: Any) -> None:
        # Each gunicorn worker counts into its own files here; /metrics adds them up. The
        # counts start again at each start of the node (Prometheus expects resets).
        metrics_dir = Path(settings.VAR_DIR) / "prometheus" / bind.replace(":", "-")
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.settings",
               "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}  # fmt: skip
        upload_leftovers_purge()  # what workers killed before this start left behind
        # JSON logs: one line per request from motcua.access (core.observability) instead.
        access_log = (
            ["--access-logfile", "-", "--access-logformat", ACCESS_FORMAT]
            if settings.CONFIG.log_format == "plain" else []
        )  # fmt: skip
        children: list[subprocess.Popen[bytes]] = []
        if not no_worker:
            children.append(
                subprocess.Popen(
                    [sys.executable, "-m", "motcua.cli", "run_huey", "--workers", "2"], env=env
                )
            )
        # The command line comes from the operator who started the server, not from a request.
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "motcua.wsgi:application",
                "--bind", bind, "--workers", str(workers), "--threads", "4",
                *access_log,
            ],
            env=env,
        )  # fmt: skip
        children.append(web)
        queue = "Redis" if settings.REDIS_URL else "SQLite"
        self.stdout.write(
            self.style.SUCCESS(f"motcua is serving on http://{bind}/ (job queue: Huey on {queue})")
        )

        def stop(signum: int, frame: object) -> None:
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            web.wait()
        finally:
            stop(signal.SIGTERM, None)
            for child in children:
                child.wait(timeout=10)

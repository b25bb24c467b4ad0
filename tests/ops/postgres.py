"""A PostgreSQL primary and its streaming replica (pg_basebackup), each its own server on a
free loopback port, for the tests of the read replica. As root, the servers run as `postgres`
(PostgreSQL refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.network import free_port


def _bin(name: str) -> str:
    for candidate in (shutil.which(name), *sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                                                   reverse=True)):  # fmt: skip
        if candidate:
            return str(candidate)
    raise RuntimeError(f"{name} not found: install PostgreSQL's server package")


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Server:
    data: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-o", options,  # noqa: S603
                                     "-l", str(self.data / "server.log"), "-w", "start"]),
                       check=True, capture_output=True)  # fmt: skip

    def stop(self) -> None:
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),  # noqa: S603
                       check=False, capture_output=True)  # fmt: skip


@contextmanager
def primary_and_replica() -> Iterator[tuple[Server, Server]]:
    # Not under pytest's tmp_path: its parents are closed to the postgres user.
    root = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary = Server(root / "primary", free_port())
    replica = Server(root / "replica", free_port())
    try:
        subprocess.run(_as_postgres([_bin("initdb"), "-D", str(primary.data), "-U", "postgres",  # noqa: S603
                                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)  # fmt: skip
        primary.start()
        subprocess.run(_as_postgres([_bin("pg_basebackup"), "-h", "127.0.0.1",  # noqa: S603
                                     "-p", str(primary.port), "-U", "postgres",
                                     "-D", str(replica.data), "-R", "-X", "stream"]),
                       check=True, capture_output=True)  # fmt: skip
        replica.start()
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


def wait_for_replay(primary: Server, replica: Server, timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with primary.connect() as connection:
        row = connection.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        target = row[0]
    deadline = time.monotonic() + timeout
    with replica.connect() as connection:
        while time.monotonic() < deadline:
            caught_up = connection.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()
            if caught_up and caught_up[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"the replica did not replay up to {target} in {timeout} s")

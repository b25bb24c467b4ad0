"""Whole motcua instances in subprocesses — their own var folder and database — for the tests
of what an operator runs: backups, the reverse proxy, the replica, several workers.

They use the suite's engine: a SQLite file in the instance's folder, or, when the suite runs on
PostgreSQL, a database of their own on the same server (dropped afterwards)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]


def suite_postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in ("postgres", "postgresql", "pgsql") else None


def postgres_admin(url: str) -> psycopg.Connection:
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres", autocommit=True,
    )  # fmt: skip


@dataclass
class Instance:
    var_dir: Path
    database_url: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **more: str) -> dict[str, str]:
        env = {**os.environ, "MOTCUA_VAR_DIR": str(self.var_dir), "HUEY_NAME": "motcua-ops"}
        for inherited in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            env.pop(inherited, None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return {**env, **self.extra_env, **more}

    def run(self, *args: str, check: bool = True, timeout: float = 300,
            **env: str) -> subprocess.CompletedProcess[str]:  # fmt: skip
        result = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "motcua.cli", *args], cwd=ROOT, env=self.env(**env),
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise AssertionError(f"motcua {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def popen(self, *args: str, log: Path, **env: str) -> subprocess.Popen[bytes]:
        """Its own process group, so that a test can kill it with everything it started; its
        output in a file (a pipe nobody reads would block it once full)."""
        with log.open("ab") as output:
            return subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "motcua.cli", *args], cwd=ROOT, env=self.env(**env),
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        if self.database_url is None:
            connection = sqlite3.connect(self.var_dir / "motcua.sqlite3")
            try:
                return list(connection.execute(sql.replace("%s", "?"), params))
            finally:
                connection.close()
        with psycopg.connect(self.database_url) as postgres:
            return list(postgres.execute(sql, params))


@contextmanager
def instance(folder: Path, name: str) -> Iterator[Instance]:
    """A new, empty instance (no tables yet) on the suite's engine."""
    folder.mkdir(parents=True, exist_ok=True)
    suite_url = suite_postgres_url()
    if suite_url is None:
        yield Instance(var_dir=folder)
        return
    database = f"motcua_{name}_{os.getpid()}"
    with postgres_admin(suite_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    parts = urlsplit(suite_url)
    try:
        yield Instance(var_dir=folder, database_url=urlunsplit(parts._replace(path=f"/{database}")))
    finally:
        with postgres_admin(suite_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def table_contents(inst: Instance) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (sorted), and for PostgreSQL every sequence's position."""
    if inst.database_url is None:
        connection = sqlite3.connect(inst.var_dir / "motcua.sqlite3")
        try:
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
            return {table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr)  # noqa: S608
                    for table in tables}  # fmt: skip
        finally:
            connection.close()
    with psycopg.connect(inst.database_url) as postgres:
        tables = [row[0] for row in postgres.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]  # fmt: skip
        contents = {table: sorted(postgres.execute(f'SELECT * FROM "{table}"'), key=repr)  # noqa: S608
                    for table in tables}  # fmt: skip
        for (sequence,) in postgres.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            contents[f"sequence {sequence}"] = postgres.execute(
                f'SELECT last_value, is_called FROM "{sequence}"'  # noqa: S608
            ).fetchall()
        return contents


def media_digests(inst: Instance) -> dict[str, str]:
    media = inst.var_dir / "media"
    return {
        path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


@contextmanager
def serving(inst: Instance, *, port: int, workers: int = 1, **env: str) -> Iterator[str]:
    """`motcua serve` (gunicorn, no job worker) on a loopback port until the block ends."""
    with serving_process(inst, port=port, workers=workers, **env) as (base, _process):
        yield base


@contextmanager
def serving_process(
    inst: Instance, *, port: int, workers: int = 1, **env: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`motcua serve` (gunicorn, no job worker) on a loopback port until the block ends."""
    log = inst.var_dir / f"serve-{port}.log"
    process = inst.popen("serve", "--no-worker", "--bind", f"127.0.0.1:{port}",
                         "--workers", str(workers), log=log, **env)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=2):  # noqa: S310 - loopback
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"motcua serve did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield base, process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def clone(template: Instance, folder: Path, name: str) -> Iterator[Instance]:
    """A copy of an instance: its database (SQLite's backup, or PostgreSQL's TEMPLATE), its
    uploaded files and its key — faster than loading the demo again."""
    import sqlite3

    folder.mkdir(parents=True, exist_ok=True)
    if (template.var_dir / "media").exists():
        shutil.copytree(template.var_dir / "media", folder / "media")
    shutil.copy2(template.var_dir / "secret_key", folder / "secret_key")
    if template.database_url is None:
        source = sqlite3.connect(template.var_dir / "motcua.sqlite3")
        copy = sqlite3.connect(folder / "motcua.sqlite3")
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        yield Instance(var_dir=folder, extra_env=dict(template.extra_env))
        return
    parts = urlsplit(template.database_url)
    database = f"motcua_{name}_{os.getpid()}"
    with postgres_admin(template.database_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{parts.path.lstrip("/")}"')
    try:
        yield Instance(var_dir=folder, database_url=urlunsplit(parts._replace(path=f"/{database}")),
                       extra_env=dict(template.extra_env))  # fmt: skip
    finally:
        with postgres_admin(template.database_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def file_petition(session: requests.Session, base: str, *, title: str) -> requests.Response | None:
    """A citizen files a petition through the portal's form (its CSRF token from the page); the
    site's answer to the POST, or None when the form itself did not come."""
    form = session.get(f"{base}/petitions/new/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if form.status_code != 200 or token is None:
        return None
    return session.post(
        f"{base}/petitions/new/", allow_redirects=False, timeout=10,
        headers={"Referer": f"{base}/petitions/new/"},
        data={"title": title, "content": "Đèn đường trước nhà văn hóa thôn hỏng hai tuần nay.",
              "kind": "other", "channel": "", "email": "dan@example.vn",
              "csrfmiddlewaretoken": token[1]},
    )  # fmt: skip

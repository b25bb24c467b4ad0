"""Settings from the environment: safe defaults, and one clear line for a bad value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from motcua.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_give_sqlite_in_var_with_wal_and_immediate_transactions(tmp_path):
    config = load_config({"MOTCUA_VAR_DIR": str(tmp_path)}, base_dir=ROOT)
    database = config.database
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "motcua.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert config.debug is False
    assert config.redis_url is None
    assert "127.0.0.1" in config.allowed_hosts


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = load_config({"MOTCUA_VAR_DIR": str(tmp_path)}, base_dir=ROOT).secret_key
    second = load_config({"MOTCUA_VAR_DIR": str(tmp_path)}, base_dir=ROOT).secret_key
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_url_is_parsed(tmp_path):
    config = load_config(
        {"MOTCUA_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://u@db.local:5433/motcua"},
        base_dir=ROOT,
    )
    assert config.database["ENGINE"] == "django.db.backends.postgresql"
    assert (config.database["HOST"], config.database["PORT"]) == ("db.local", 5433)
    assert config.database["NAME"] == "motcua"


def test_a_replica_is_a_second_database_read_under_the_primary_in_tests():
    config = load_config(
        {"DATABASE_URL": "postgres://u@primary:5432/motcua",
         "DATABASE_REPLICA_URL": "postgres://u@replica:5433/motcua"},
        base_dir=ROOT,
    )  # fmt: skip
    assert config.replica_database is not None
    assert (config.replica_database["HOST"], config.replica_database["PORT"]) == ("replica", 5433)
    assert config.replica_database["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/motcua"),
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "postgres://u@host:5432/"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DEBUG", "maybe"),
        ("SECRET_KEY", "short"),
        ("ALLOWED_HOSTS", " , "),
        ("DATABASE_REPLICA_URL", "sqlite:///replica.sqlite3"),
        ("DATABASE_REPLICA_URL", "postgres://u@host:5432/"),
        ("DATABASE_REPLICA_URL", "postgres://u@replica:5432/motcua"),  # beside SQLite
        ("MOTCUA_REPLICA_PIN_SECONDS", "soon"),
        ("MOTCUA_METRICS_ALLOWED", "prometheus.local"),
        ("MOTCUA_LOG_FORMAT", "xml"),
    ],
)
def test_bad_values_name_their_variable(tmp_path, variable, value):
    with pytest.raises(ConfigError, match=f"^{variable}: "):
        load_config({"MOTCUA_VAR_DIR": str(tmp_path), variable: value}, base_dir=ROOT)


def run_motcua(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(
        [sys.executable, "-m", "motcua.cli", "showmigrations", "org"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_bad_database_url_stops_the_command_with_one_line(tmp_path):
    result = run_motcua(tmp_path, DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "motcua: configuration error: DATABASE_URL: unsupported scheme 'mysql'; "
        "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/dbname"
    ]


def test_unreachable_database_stops_the_command_with_one_line(tmp_path):
    result = run_motcua(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1
    assert lines[0].startswith("motcua: configuration error: DATABASE_URL: cannot connect")


def test_unreachable_redis_stops_the_command_with_one_line(tmp_path):
    result = run_motcua(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1
    assert lines[0].startswith("motcua: configuration error: REDIS_URL: cannot reach Redis")


def test_sqlite_connection_runs_in_wal_mode_with_immediate_transactions(
    tmp_path, django_db_blocker
):
    config = load_config({"MOTCUA_VAR_DIR": str(tmp_path)}, base_dir=ROOT)
    sqlite = ConnectionHandler({"default": config.database})["default"]
    try:
        with django_db_blocker.unblock(), sqlite.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout_ms = cursor.fetchone()[0]
        assert journal_mode == "wal"
        assert busy_timeout_ms == 20_000
        assert sqlite.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
    finally:
        sqlite.close()


def test_trusted_proxies_are_addresses_or_networks(tmp_path):
    config = load_config({"TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}, base_dir=tmp_path)
    assert [str(n) for n in config.trusted_proxies] == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        load_config({"TRUSTED_PROXIES": "nginx.local"}, base_dir=tmp_path)


def test_behind_https_proxy_false_means_false(tmp_path):
    assert load_config({"BEHIND_HTTPS_PROXY": "false"}, base_dir=tmp_path).behind_https is False
    assert load_config({"BEHIND_HTTPS_PROXY": "1"}, base_dir=tmp_path).behind_https is True
    with pytest.raises(ConfigError, match="BEHIND_HTTPS_PROXY"):
        load_config({"BEHIND_HTTPS_PROXY": "maybe"}, base_dir=tmp_path)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MOTCUA_PUBLIC_RATE_LIMIT", "nhiều"),
        ("MOTCUA_PUBLIC_RATE_LIMIT", "0"),
        ("MOTCUA_API_TOKEN_DAYS", "1.5"),
        ("MOTCUA_PUBLIC_URL", "motcua.example.vn"),
    ],
)
def test_a_bad_value_is_one_line_naming_its_variable(tmp_path, name, value):
    with pytest.raises(ConfigError, match=name):
        load_config({name: value}, base_dir=tmp_path)

"""Read motcua's configuration from environment variables.

Every setting has a safe default so that a fresh clone runs with SQLite in ``./var/``. A value
that cannot be used raises :class:`ConfigError` whose message names the variable, so that start-up
fails with one clear line instead of a traceback deep inside a driver.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(Exception):
    """A setting from the environment cannot be used; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Config:
    base_dir: Path
    var_dir: Path
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    database: dict[str, Any]
    redis_url: str | None
    # A streaming replica for reads that may lag a moment (statistics, exports, public pages).
    replica_database: dict[str, Any] | None = None
    replica_pin_seconds: int = 15
    trusted_proxies: tuple[IPNetwork, ...] = ()
    behind_https: bool = False
    public_url: str = "http://127.0.0.1:8000"
    hotline_office: str = "BX.VP"
    public_rate_limit: int = 120
    track_tries_per_code: int = 10
    public_min_cases: int = 10
    api_token_days: int = 90
    huey_name: str = "motcua"
    email_backend: str = "django.core.mail.backends.filebased.EmailBackend"
    default_from_email: str = "motcua@localhost"
    sms_backend: str = "motcua.core.messaging.FileSmsGateway"
    docx_template_dir: Path | None = None
    # Signed results: the PEM files of the roots a signer's certificate must chain to (empty:
    # any certificate the key carries), and the timestamp authority's URL (PAdES B-T).
    signature_trust_roots: tuple[Path, ...] = ()
    timestamp_url: str = ""
    # Who may read /metrics (Prometheus), by the client's real address; and the log lines' form.
    metrics_allowed: tuple[IPNetwork, ...] = ()
    log_format: str = "plain"


def parse_bool(name: str, raw: str | None, *, default: bool) -> bool:
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}: expected one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def parse_int(name: str, raw: str | None, *, default: int, minimum: int = 1) -> int:
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
    return value


def parse_paths(name: str, raw: str | None) -> tuple[Path, ...]:
    """Files separated by commas, each of which must exist."""
    paths = tuple(Path(part.strip()) for part in (raw or "").split(",") if part.strip())
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"{name}: no file at {path}")
    return paths


def parse_optional_url(name: str, raw: str | None) -> str:
    url = (raw or "").strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
        raise ConfigError(f"{name}: expected http(s)://host/path, got {raw!r}")
    return url


def parse_public_url(raw: str | None) -> str:
    url = (raw or "http://127.0.0.1:8000").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"MOTCUA_PUBLIC_URL: expected https://host[/path], got {raw!r}")
    return url


def parse_database_url(raw: str | None, *, var_dir: Path) -> dict[str, Any]:
    """Return Django's DATABASES['default'] for DATABASE_URL (SQLite in var_dir when unset)."""
    url = raw.strip() if raw else f"sqlite:///{var_dir / 'motcua.sqlite3'}"
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL: unsupported scheme {scheme or '(none)'!r}; "
            "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/dbname"
        )
    try:
        database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except (ValueError, KeyError) as error:
        raise ConfigError(f"DATABASE_URL: cannot parse {url!r}: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        if not database.get("NAME"):
            raise ConfigError("DATABASE_URL: the SQLite URL names no file")
        database["OPTIONS"] = {
            # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
            # two concurrent writers queue on the busy timeout instead of failing on upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        # Tests use a file too (not Django's shared in-memory database), so concurrency tests
        # meet SQLite's real locking.
        database["TEST"] = {"NAME": str(Path(database["NAME"]).with_name("test-motcua.sqlite3"))}
    else:
        if not database.get("NAME"):
            raise ConfigError("DATABASE_URL: the PostgreSQL URL names no database")
        database["CONN_MAX_AGE"] = 60
        database["CONN_HEALTH_CHECKS"] = True
    return database


def parse_replica_url(raw: str | None, *, var_dir: Path) -> dict[str, Any] | None:
    """DATABASES['replica'] for DATABASE_REPLICA_URL: a PostgreSQL hot standby, or none."""
    if raw is None or not raw.strip():
        return None
    if urlsplit(raw.strip()).scheme not in ("postgres", "postgresql", "pgsql"):
        raise ConfigError(
            "DATABASE_REPLICA_URL: a read replica is a PostgreSQL standby "
            "(postgres://user@host:5433/dbname)"
        )
    try:
        replica = parse_database_url(raw, var_dir=var_dir)
    except ConfigError as error:
        raise ConfigError(str(error).replace("DATABASE_URL", "DATABASE_REPLICA_URL")) from None
    # Tests read the primary under this name: a test database is never replicated.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def parse_redis_url(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"REDIS_URL: expected redis://host:port/db, got {url!r}")
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(f"REDIS_URL: no host in {url!r}")
    return url


def parse_allowed_hosts(raw: str | None, *, debug: bool) -> list[str]:
    if raw is None:
        return ["127.0.0.1", "localhost", "[::1]"] + (["testserver"] if debug else [])
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    if not hosts:
        raise ConfigError("ALLOWED_HOSTS: empty; give a comma-separated list of host names")
    return hosts


def parse_trusted_proxies(
    raw: str | None, *, variable: str = "TRUSTED_PROXIES"
) -> tuple[IPNetwork, ...]:
    """The reverse proxies whose X-Forwarded-For is believed: addresses or networks (CIDR)."""
    networks = []
    for item in (raw or "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ConfigError(
                f"{variable}: {item.strip()!r} is not an address or a network (10.0.0.0/8)"
            ) from None
    return tuple(networks)


def parse_log_format(raw: str | None) -> str:
    value = (raw or "plain").strip().lower()
    if value not in ("plain", "json"):
        raise ConfigError(f"MOTCUA_LOG_FORMAT: expected plain or json, got {raw!r}")
    return value


def load_secret_key(raw: str | None, *, var_dir: Path) -> str:
    """Use SECRET_KEY, or one generated once and kept in var/secret_key (never committed)."""
    if raw is not None:
        if len(raw) < 32:
            raise ConfigError("SECRET_KEY: too short; use at least 32 random characters")
        return raw
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def load_config(environ: Mapping[str, str], *, base_dir: Path) -> Config:
    var_dir = Path(environ.get("MOTCUA_VAR_DIR") or base_dir / "var").resolve()
    debug = parse_bool("DEBUG", environ.get("DEBUG"), default=False)
    database = parse_database_url(environ.get("DATABASE_URL"), var_dir=var_dir)
    replica = parse_replica_url(environ.get("DATABASE_REPLICA_URL"), var_dir=var_dir)
    if replica is not None and database["ENGINE"] == "django.db.backends.sqlite3":
        raise ConfigError("DATABASE_REPLICA_URL: set only with a PostgreSQL DATABASE_URL")
    return Config(
        base_dir=base_dir,
        var_dir=var_dir,
        debug=debug,
        secret_key=load_secret_key(environ.get("SECRET_KEY"), var_dir=var_dir),
        allowed_hosts=parse_allowed_hosts(environ.get("ALLOWED_HOSTS"), debug=debug),
        database=database,
        redis_url=parse_redis_url(environ.get("REDIS_URL")),
        replica_database=replica,
        replica_pin_seconds=parse_int(
            "MOTCUA_REPLICA_PIN_SECONDS", environ.get("MOTCUA_REPLICA_PIN_SECONDS"), default=15
        ),
        trusted_proxies=parse_trusted_proxies(environ.get("TRUSTED_PROXIES")),
        behind_https=parse_bool(
            "BEHIND_HTTPS_PROXY", environ.get("BEHIND_HTTPS_PROXY"), default=False
        ),
        public_url=parse_public_url(environ.get("MOTCUA_PUBLIC_URL")),
        hotline_office=(environ.get("MOTCUA_HOTLINE_OFFICE") or "BX.VP").strip(),
        public_rate_limit=parse_int(
            "MOTCUA_PUBLIC_RATE_LIMIT", environ.get("MOTCUA_PUBLIC_RATE_LIMIT"), default=120
        ),
        track_tries_per_code=parse_int(
            "MOTCUA_TRACK_TRIES_PER_CODE", environ.get("MOTCUA_TRACK_TRIES_PER_CODE"), default=10
        ),
        public_min_cases=parse_int(
            "MOTCUA_PUBLIC_MIN_CASES", environ.get("MOTCUA_PUBLIC_MIN_CASES"), default=10
        ),
        api_token_days=parse_int(
            "MOTCUA_API_TOKEN_DAYS", environ.get("MOTCUA_API_TOKEN_DAYS"), default=90
        ),
        huey_name=environ.get("HUEY_NAME") or "motcua",
        email_backend=environ.get("EMAIL_BACKEND")
        or "django.core.mail.backends.filebased.EmailBackend",
        default_from_email=environ.get("DEFAULT_FROM_EMAIL") or "motcua@localhost",
        sms_backend=environ.get("MOTCUA_SMS_BACKEND") or "motcua.core.messaging.FileSmsGateway",
        docx_template_dir=Path(environ["MOTCUA_DOCX_TEMPLATE_DIR"])
        if environ.get("MOTCUA_DOCX_TEMPLATE_DIR")
        else var_dir / "docx-templates",
        signature_trust_roots=parse_paths(
            "MOTCUA_SIGNATURE_TRUST_ROOTS", environ.get("MOTCUA_SIGNATURE_TRUST_ROOTS")
        ),
        timestamp_url=parse_optional_url(
            "MOTCUA_TIMESTAMP_URL", environ.get("MOTCUA_TIMESTAMP_URL")
        ),
        metrics_allowed=parse_trusted_proxies(
            environ.get("MOTCUA_METRICS_ALLOWED", "127.0.0.1,::1"),
            variable="MOTCUA_METRICS_ALLOWED",
        ),
        log_format=parse_log_format(environ.get("MOTCUA_LOG_FORMAT")),
    )

"""Start-up checks that turn an unusable setting into one line naming the variable."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connections

from motcua.config import ConfigError


def check_database() -> None:
    for alias, variable in (("default", "DATABASE_URL"), ("replica", "DATABASE_REPLICA_URL")):
        if alias not in settings.DATABASES:
            continue
        try:
            connections[alias].ensure_connection()
        except DatabaseError as error:
            first_line = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise ConfigError(f"{variable}: cannot connect to the database: {first_line}") from None


def check_redis() -> None:
    if not settings.REDIS_URL:
        return
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except (redis.RedisError, ValueError) as error:
        raise ConfigError(
            f"REDIS_URL: cannot reach Redis at {settings.REDIS_URL}: {error}"
        ) from None


def run_preflight() -> None:
    check_database()
    check_redis()

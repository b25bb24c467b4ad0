"""Reads that may lag a moment go to a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Which reads: the GET requests of the pages named in settings.MOTCUA_REPLICA_READS — statistics,
exports, indices and the public portal. Everything else reads the primary, and every write goes
there. Accounts and sessions are always read on the primary (a login must see itself).

Read-your-writes: a client whose request changed something (a POST, PUT, PATCH or DELETE that
succeeded) carries a cookie for settings.MOTCUA_REPLICA_PIN_SECONDS, during which its reads stay
on the primary — the citizen who just filed a petition sees it on the next page, even if the
replica has not replayed it yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "motcua-primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read on the primary always: who is logged in, their session, their second factor, lockouts.
PRIMARY_APPS = frozenset({"auth", "sessions", "accounts", "account", "mfa", "axes", "org"})

_replica_reads: ContextVar[bool] = ContextVar("motcua_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Sends a read to the replica only inside a request that may read there."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _replica_reads.get() and model._meta.app_label not in PRIMARY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


def _pinned(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaReadsMiddleware:
    """Marks the requests that may read on the replica, and pins a client that wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = replica_configured()
        self.views = frozenset(settings.MOTCUA_REPLICA_READS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _replica_reads.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            seconds = settings.MOTCUA_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE, f"{time.time() + seconds:.0f}", max_age=seconds, httponly=True,
                secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
            )  # fmt: skip
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (
            self.enabled
            and request.method in SAFE_METHODS
            and match is not None
            and match.url_name in self.views
            and not _pinned(request)
        ):
            request._replica_token = _replica_reads.set(True)  # type: ignore[attr-defined]

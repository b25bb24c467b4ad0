"""A per-client fixed-window rate limit for public pages, counted in the shared cache.

The client is REMOTE_ADDR, which core.client_address sets from X-Forwarded-For only when the
connection comes from one of TRUSTED_PROXIES; a header the client controls is never trusted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.edge import interface_error


def hit(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one request for `key`; True while within `limit` requests per window."""
    window = int(time.time() // window_seconds)
    counter = f"ratelimit:{key}:{window}"
    # Increment first: in a busy window the counter exists and one round trip is enough.
    try:
        return cache.incr(counter) <= limit
    except ValueError:  # the first request of the window
        if cache.add(counter, 1, timeout=window_seconds + 1):
            return True
        return cache.incr(counter) <= limit  # another request created it meanwhile


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def too_many_requests(request: HttpRequest, message: str) -> HttpResponse:
    """The 429: what happened, in the visitor's language, and when to try again — a page, or
    an interface's own error format (MOTCUA_EDGE_ERRORS, e.g. Open311's)."""
    registered = interface_error(request, 429, message)
    if registered is not None:
        return registered
    response = render(request, "core/rate_limited.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


R = TypeVar("R", bound=HttpResponseBase)


def public_rate_limit(
    scope: str,
) -> Callable[[Callable[..., R]], Callable[..., R | HttpResponse]]:
    """429 with a translated page once a client passes MOTCUA_PUBLIC_RATE_LIMIT a minute."""

    def decorator(view: Callable[..., R]) -> Callable[..., R | HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R | HttpResponse:
            key = f"{scope}:{client_address(request)}"
            if not hit(key, limit=settings.MOTCUA_PUBLIC_RATE_LIMIT):
                return too_many_requests(
                    request, _("Too many requests. Please wait a minute and try again.")
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

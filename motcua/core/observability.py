"""Request ids and structured logs.

Every request carries an id — the proxy's X-Request-ID when it sends a sane one (nginx's
$request_id), else a new one — in its log lines and in the response's X-Request-ID, so that one
request can be followed from nginx to the application and back. With MOTCUA_LOG_FORMAT=json
each log line is one JSON object (time, level, logger, message, request id). Log messages never
carry personal data: motcua logs codes and counts, not names, numbers or addresses.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id: ContextVar[str] = ContextVar("motcua_request_id", default="")
# One line per request when logs are JSON (gunicorn's own access log cannot escape JSON).
access_log = logging.getLogger("motcua.access")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            # The path without its query string: lookup secrets travel there.
            access_log.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"http": {"method": request.method, "path": request.path,
                                "status": response.status_code,
                                "seconds": round(time.perf_counter() - started, 4)}},
            )  # fmt: skip
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors (Loki, Elasticsearch) read without rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
            "process": record.process,
        }
        if hasattr(record, "http"):
            entry["http"] = record.http
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)

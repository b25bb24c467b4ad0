"""Prometheus metrics at /metrics, for the addresses in MOTCUA_METRICS_ALLOWED only.

Requests (count by view, method and status; duration by view), the job queue's depth, and the
domain gauges that apps above core add through settings.MOTCUA_METRICS_COLLECTORS (dossiers
received today, overdue now...), computed when Prometheus asks. Under `motcua serve` every
gunicorn worker writes its counts into PROMETHEUS_MULTIPROC_DIR and a scrape adds them up.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter("motcua_http_requests", "HTTP requests answered", ["view", "method", "status"])
DURATION = Histogram(
    "motcua_http_request_duration_seconds", "Time to answer a request", ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gauge:
    name: str
    documentation: str
    value: float


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = (match.view_name or "unnamed") if match is not None else "unmatched"
        if view != "metrics":
            REQUESTS.labels(view, request.method or "", str(response.status_code)).inc()
            DURATION.labels(view).observe(time.perf_counter() - started)
        return response


def queue_gauges() -> Iterator[Gauge]:
    yield Gauge("motcua_jobs_pending", "Jobs waiting in the queue", HUEY.pending_count())
    yield Gauge("motcua_jobs_scheduled", "Jobs scheduled for later", HUEY.scheduled_count())


class DomainCollector(Collector):
    """The gauges of settings.MOTCUA_METRICS_COLLECTORS, read at scrape time."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for path in settings.MOTCUA_METRICS_COLLECTORS:
            source: Callable[[], Iterable[Gauge]] = import_string(path)
            for gauge in source():
                yield GaugeMetricFamily(gauge.name, gauge.documentation, value=gauge.value)


def _allowed(address: str) -> bool:
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in network for network in settings.CONFIG.metrics_allowed)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(str(request.META.get("REMOTE_ADDR", ""))):
        raise Http404  # nothing to see for anyone else
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    domain = CollectorRegistry()
    domain.register(DomainCollector())
    body = generate_latest(registry) + generate_latest(domain)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)

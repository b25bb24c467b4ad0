"""/metrics for Prometheus (loopback only by default) with request, queue and dossier gauges;
a request id on every response and log line; JSON log lines without lookup secrets."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.utils import timezone

from motcua.core.observability import JsonFormatter, RequestIdFilter
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def _metric(client, name: str, **labels: str) -> float:
    page = client.get("/metrics")
    assert page.status_code == 200
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = rf"^{name}(?:\{{{re.escape(wanted)}\}})? (\S+)$" if wanted else rf"^{name} (\S+)$"
    found = re.search(pattern, page.content.decode(), re.M)
    return float(found[1]) if found else 0.0


def test_metrics_count_requests_by_view_and_status(client):
    before = _metric(client, "motcua_http_requests_total", view="portal-procedures",
                     method="GET", status="200")  # fmt: skip
    for _ in range(3):
        client.get("/procedures/")
    after = _metric(client, "motcua_http_requests_total", view="portal-procedures",
                    method="GET", status="200")  # fmt: skip
    assert after == before + 3
    assert _metric(client, "motcua_http_request_duration_seconds_count",
                   view="portal-procedures") >= 3  # fmt: skip


def test_metrics_show_dossiers_received_today_and_overdue_now(client, world):
    received, overdue = (_metric(client, "motcua_dossiers_received_today"),
                         _metric(client, "motcua_dossiers_overdue"))  # fmt: skip
    world.receive(timezone.now())
    world.receive(vn(2019, 3, 4, 8))  # three working days, long past
    assert _metric(client, "motcua_dossiers_received_today") == received + 1
    assert _metric(client, "motcua_dossiers_overdue") == overdue + 1
    assert "motcua_jobs_pending" in client.get("/metrics").content.decode()


def test_metrics_are_for_the_allowed_addresses_only(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    made = client.get("/procedures/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/procedures/")["X-Request-ID"] != made
    kept = client.get("/procedures/", HTTP_X_REQUEST_ID="nginx-5f2a9c1e77")["X-Request-ID"]
    assert kept == "nginx-5f2a9c1e77"
    forged = client.get("/procedures/", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


def test_json_log_lines_carry_the_request_id_and_no_lookup_secret(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("motcua.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        response = client.get("/track/BX-190304-0001?s=SECRET42", HTTP_X_REQUEST_ID="req-12345678")
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["request_id"] == "req-12345678"
    assert entry["http"] == {"method": "GET", "path": "/track/BX-190304-0001",
                             "status": response.status_code,
                             "seconds": entry["http"]["seconds"]}  # fmt: skip
    assert "SECRET42" not in line

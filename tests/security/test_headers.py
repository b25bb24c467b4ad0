"""Security headers by default, and a production configuration that `check --deploy` accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "BEHIND_HTTPS_PROXY": "1",
    "SECRET_KEY": "k" * 20 + "-production-secret-of-fifty-characters",
    "ALLOWED_HOSTS": "motcua.example.vn",
    "DEBUG": "false",
    "TRUSTED_PROXIES": "127.0.0.1",
}


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def production(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PRODUCTION, "MOTCUA_VAR_DIR": str(tmp_path)}
    for inherited in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # tests' own
        env.pop(inherited, None)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env, capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    result = production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_https_browsers_are_told_to_stay_on_https(tmp_path):
    script = (
        "from django.test import Client; "
        "r = Client().get('/health/', HTTP_X_FORWARDED_PROTO='https', "
        "HTTP_HOST='motcua.example.vn'); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security')); "
        "p = Client().get('/procedures/', HTTP_HOST='motcua.example.vn'); "
        "print(p.status_code, p.headers.get('Location')); "
        "h = Client().get('/health/', HTTP_HOST='motcua.example.vn'); "
        "print(h.status_code)"
    )
    result = production(tmp_path, "shell", "--no-imports", "-c", script)
    lines = result.stdout.split("\n")
    assert lines[0] == "200 max-age=31536000; includeSubDomains", result.stderr
    assert lines[1] == "301 https://motcua.example.vn/procedures/"
    assert lines[2] == "200"  # the proxy asks each node over plain HTTP whether it is up

"""The Content-Security-Policy holds on the pages people use, the admin and the API readers."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_admin_and_api_pages_run_under_the_policy(browser, live_server, admin):
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    page = login(browser, live_server, admin, totp_secret=secret)
    for path in ("/staff/", "/admin/", "/admin/accounts/user/", "/api/docs/", "/accounts/2fa/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/v1/dossiers/").first.wait_for()  # Swagger UI ran its (external) script

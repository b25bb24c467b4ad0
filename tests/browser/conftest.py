"""Browser tests drive the real Chromium installed by apt (/usr/bin/chromium) through Playwright."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What Chromium reports when the Content-Security-Policy blocks something on a page.
CSP_VIOLATIONS: list[str] = []


def watch_csp(page):
    page.on(
        "console",
        lambda message: (
            CSP_VIOLATIONS.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


@pytest.fixture(autouse=True)
def _no_csp_violation():
    """Every page a browser test visits works under the policy: nothing inline is blocked."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == []


# A loaded CI machine (PostgreSQL, two test runs) can take more than the default 5 s to answer.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's guard would refuse the ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = watch_csp(context.new_page())
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(browser, live_server, user, *, totp_secret: str | None = None, viewport=None):
    """A new browser session of `user`, logged in through the real forms (TOTP included)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from tests.factories import TEST_PASSWORD

    context = browser.new_context(locale="vi-VN", **({"viewport": viewport} if viewport else {}))
    page = watch_csp(context.new_page())
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if totp_secret:
        counter = next(iter(yield_hotp_counters_from_time()))
        page.locator("input[name=code]").fill(format_hotp_value(hotp_value(totp_secret, counter)))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/staff/")
    return page

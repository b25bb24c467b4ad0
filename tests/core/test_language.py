"""Vietnamese whatever the browser says; English only when chosen; error pages translated."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_still_gets_vietnamese(client):
    page = client.get(reverse("portal-home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="vi"' in page.content.decode()
    assert page.headers["Content-Language"] == "vi"
    assert "Cookie" in page.headers["Vary"]


def test_english_when_the_visitor_chooses_it(client):
    chosen = client.get(reverse("switch-language", args=["en"]), {"next": "/"})
    assert chosen.status_code == 302
    page = client.get(reverse("portal-home"), headers={"accept-language": "vi"})
    assert '<html lang="en"' in page.content.decode()
    back = client.get(reverse("switch-language", args=["vi"]), {"next": "/"})
    assert back.status_code == 302
    assert '<html lang="vi"' in client.get(reverse("portal-home")).content.decode()


def test_an_unknown_language_cookie_is_ignored(client):
    client.cookies["django_language"] = "fr"
    assert '<html lang="vi"' in client.get(reverse("portal-home")).content.decode()


def test_the_not_found_page_is_the_sites_own_in_vietnamese(client):
    page = client.get("/khong-co-trang-nay/", headers={"accept-language": "en"})
    assert page.status_code == 404
    text = page.content.decode()
    assert "Không tìm thấy trang" in text
    assert reverse("portal-track") in text

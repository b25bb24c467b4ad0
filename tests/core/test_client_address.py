"""One client address for rate limits and lockouts: the real one behind trusted proxies only."""

from __future__ import annotations

import dataclasses
import ipaddress

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core.client_address import client_address_behind
from motcua.org.models import Role
from tests.factories import TEST_PASSWORD, staff

PROXIES = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # one proxy
        ("127.0.0.1", "203.0.113.5, 10.1.2.3", "203.0.113.5"),  # two of ours
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own claim: ignored
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),  # not through a proxy: header ignored
        ("127.0.0.1", "not-an-address, 10.1.2.3", "10.1.2.3"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_first_address_our_proxies_did_not_add(peer, forwarded, client):
    assert client_address_behind(peer, forwarded, PROXIES) == client


@pytest.fixture
def behind_proxy(settings, rate_window):
    settings.CONFIG = dataclasses.replace(settings.CONFIG, trusted_proxies=PROXIES)
    settings.MOTCUA_PUBLIC_RATE_LIMIT = 3


@pytest.mark.django_db
def test_citizens_behind_the_proxy_each_have_their_own_rate_limit(behind_proxy):
    client = Client(REMOTE_ADDR="127.0.0.1")

    def units(address: str) -> int:
        return client.get(reverse("portal-units"), HTTP_X_FORWARDED_FOR=address).status_code

    assert [units("203.0.113.5") for _ in range(4)] == [200, 200, 200, 429]
    assert units("203.0.113.6") == 200  # a neighbour is not punished
    # A client cannot escape its limit by writing the header itself.
    assert units("1.2.3.4, 203.0.113.5") == 429


@pytest.mark.django_db
def test_a_spoofed_header_from_outside_changes_nothing(behind_proxy):
    client = Client(REMOTE_ADDR="198.51.100.7")
    codes = [
        client.get(reverse("portal-units"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_a_stranger_cannot_lock_an_official_out(district):
    staff(Role.CLERK, district.desk_a, username="clerk-a")
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(10):
        stranger.post(reverse("account_login"), {"login": "clerk-a", "password": "đoán bừa 1234"})
    locked = stranger.post(
        reverse("account_login"), {"login": "clerk-a", "password": TEST_PASSWORD}
    )
    assert locked.status_code in (403, 429)  # the stranger's address is locked for this name
    official = Client(REMOTE_ADDR="198.51.100.20")
    response = official.post(
        reverse("account_login"), {"login": "clerk-a", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert official.get(reverse("staff-dashboard")).status_code == 200

"""The client's address, once, for everything that counts per client (rate limits, Axes, allauth).

Behind a reverse proxy the connection comes from the proxy. Only when it comes from one of
TRUSTED_PROXIES is X-Forwarded-For read — from the right, skipping our own proxies, since only
the entries they appended are facts (what the client sent itself sits further left and is not
believed). The result replaces REMOTE_ADDR for the rest of the request; the peer is kept in
MOTCUA_PEER_ADDR for the logs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from motcua.config import IPNetwork


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address_behind(
    peer: str, forwarded_for: str | None, trusted: Sequence[IPNetwork]
) -> str:
    """The client's address given the connection's peer and the X-Forwarded-For header."""
    peer_address = _address(peer)
    if peer_address is None or not forwarded_for:
        return peer
    if not any(peer_address in network for network in trusted):
        return peer  # a client talking to us directly: its header is its own claim
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            break  # garbage before our proxies' entries: the last believed hop is the client
        client = str(hop_address)
        if not any(hop_address in network for network in trusted):
            break
    return client


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted: tuple[IPNetwork, ...] = settings.CONFIG.trusted_proxies

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = str(request.META.get("REMOTE_ADDR", ""))
        request.META["MOTCUA_PEER_ADDR"] = peer
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address_behind(
                peer, request.META.get("HTTP_X_FORWARDED_FOR"), self.trusted
            )
        return self.get_response(request)

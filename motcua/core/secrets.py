"""Lookup secrets printed on receipts (dossiers, petitions): short, easy to type, not guessable."""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read and type
LENGTH = 8  # 32⁸ ≈ 10¹²: with per-address and per-code limits, not guessable


def lookup_secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))

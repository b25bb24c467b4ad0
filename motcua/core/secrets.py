"""Lookup secrets printed on receipts (dossiers, petitions): short, easy to type, not guessable;
and finding a record by its code and secret, with the same answer for every wrong guess."""

from __future__ import annotations

import re
import secrets
from typing import TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError, NotFound
from motcua.core.ratelimit import hit

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read and type
assert len(ALPHABET) == 32
LENGTH = 8  # 32⁸ ≈ 10¹²: with per-address and per-code limits, not guessable


# 256 is a multiple of 32, so each random byte taken modulo 32 is a uniform letter.
_LETTER_OF_BYTE = bytes(ord(ALPHABET[byte % 32]) for byte in range(256))


def lookup_secret() -> str:
    return lookup_secrets(1)[0]


def lookup_secrets(count: int) -> list[str]:
    """`count` lookup secrets from one read of the system's random source."""
    letters = secrets.token_bytes(LENGTH * count).translate(_LETTER_OF_BYTE).decode()
    return [letters[start : start + LENGTH] for start in range(0, LENGTH * count, LENGTH)]


class TooManyTries(DomainError):
    """One code was asked for too often this minute."""

    code = "too_many_tries"
    http_status = 429
    default_message = gettext_lazy("Too many attempts for this code. Please wait a minute.")


S = TypeVar("S", bound=Model)

# A fixed string to compare against when the code does not exist, so that an unknown code and
# a wrong secret take the same path.
_NO_SECRET = "-" * 16


def found_by_secret(records: QuerySet[S], code: str, secret: str) -> S:
    """The record (a dossier, a petition) with this code if `secret` is its secret; NotFound
    otherwise — the same answer whether the code does not exist or the secret is wrong."""
    code = check_tries(code)
    record = records.filter(code=code).first()
    check_secret(getattr(record, "secret", None), secret)
    assert record is not None
    return record


# What a dossier or petition code may be made of (Circular 01/2018 and the provinces' patterns):
# anything else is answered "not found" at once, and never reaches a cache key.
CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]*")


def check_tries(code: str) -> str:
    """The code, normalised, if it may still be tried this minute. Each code may be tried
    MOTCUA_TRACK_TRIES_PER_CODE times a minute, whoever asks: guessing one code's secret from
    many addresses is slowed as much as from one."""
    code = code.strip().upper()[:80]
    if not CODE.fullmatch(code):
        raise NotFound(_("No dossier matches this code and lookup secret."))
    if not hit(f"track-code:{code}", limit=settings.MOTCUA_TRACK_TRIES_PER_CODE):
        raise TooManyTries
    return code


def check_secret(expected: str | None, given: str) -> None:
    """NotFound unless `given` is the expected secret (compared in constant time; a missing
    dossier is compared against a fixed string, so both refusals take the same path)."""
    if (
        not constant_time_compare(expected or _NO_SECRET, given.strip().upper()[:16])
        or not expected
    ):
        raise NotFound(_("No dossier matches this code and lookup secret."))

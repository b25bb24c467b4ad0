"""Strict parsing of what arrives in URLs and forms: a bad value is None, never an exception.

`str.isdigit()` accepts "²" and "٣" (which `int()` then refuses or reads as another number);
an id is ASCII digits only, and small enough for the database's 64-bit keys.
"""

from __future__ import annotations

import re
from datetime import date

_ID = re.compile(r"[0-9]{1,18}")
# Dates people may mean: a statistics period, a deadline, a birth date. Outside, a typo.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def parse_id(value: str | None) -> int | None:
    """A positive database id from text, or None."""
    if value is None or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number > 0 else None


def parse_count(value: str | None, *, default: int, maximum: int) -> int:
    """A non-negative count (a page size, days), clamped to `maximum`; `default` if unreadable."""
    if value is None or not _ID.fullmatch(value):
        return default
    return min(int(value), maximum)


def parse_date(value: str | None) -> date | None:
    """An ISO date within EARLIEST_DATE..LATEST_DATE, or None."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None

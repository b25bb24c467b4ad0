"""The statistics table's arithmetic (after form II.06a, Circular 01/2020/TT-VPCP), no Django.

One row per group (unit, agency, procedure, field or channel) for a period:

    received   = carried over + new (online, direct, post)
    leaving    = resolved (early + on time + late + no time limit) + refused + withdrawn + cancelled
    in progress at the end = within the time limit + overdue + awaiting supplementation
    received   = leaving + in progress at the end          (each dossier in exactly one place)

On-time rate = (early + on time) / resolved and early rate = early / resolved, against the
targets of the directive (on time > 95%, early > 30%; configurable). Dossiers resolved without
a legal time limit are counted apart and left out of both rates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

COUNT_FIELDS = (
    "carried_over", "new_online", "new_direct", "new_post",
    "early", "on_time", "late", "no_time_limit",
    "refused", "withdrawn", "cancelled",
    "within_limit", "overdue", "awaiting_supplement",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Targets:
    on_time_rate: Fraction = Fraction(95, 100)
    early_rate: Fraction = Fraction(30, 100)


@dataclass(frozen=True, slots=True)
class Counts:
    carried_over: int = 0
    new_online: int = 0
    new_direct: int = 0
    new_post: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    no_time_limit: int = 0
    refused: int = 0
    withdrawn: int = 0
    cancelled: int = 0
    within_limit: int = 0
    overdue: int = 0
    awaiting_supplement: int = 0  # in progress, the clock stopped for documents asked for

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f) + getattr(other, f) for f in COUNT_FIELDS))

    @property
    def new(self) -> int:
        return self.new_online + self.new_direct + self.new_post

    @property
    def received(self) -> int:
        return self.carried_over + self.new

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late + self.no_time_limit

    @property
    def in_progress(self) -> int:
        return self.within_limit + self.overdue + self.awaiting_supplement

    @property
    def left(self) -> int:
        return self.resolved + self.refused + self.withdrawn + self.cancelled

    @property
    def balanced(self) -> bool:
        """Every dossier received is in exactly one place at the end of the period."""
        return self.received == self.left + self.in_progress

    @property
    def timed(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> Fraction | None:
        return Fraction(self.early + self.on_time, self.timed) if self.timed else None

    @property
    def early_rate(self) -> Fraction | None:
        return Fraction(self.early, self.timed) if self.timed else None

    def meets(self, targets: Targets) -> tuple[bool | None, bool | None]:
        """(on-time target met, early target met); None when nothing was resolved in time."""
        on_time, early = self.on_time_rate, self.early_rate
        return (
            None if on_time is None else on_time > targets.on_time_rate,
            None if early is None else early > targets.early_rate,
        )


def total(rows: list[Counts]) -> Counts:
    result = Counts()
    for row in rows:
        result = result + row
    return result


class PeriodError(ValueError):
    pass


_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|H2|9M|M(0[1-9]|1[0-2])|(0[1-9]|1[0-2])))?$")


def parse_period(text: str) -> tuple[date, date]:
    """`2018` (year), `2018-Q2`, `2018-H1` / `H2`, `2018-9M` (nine months), `2018-05` (month)."""
    match = _PERIOD.match(text.strip().upper())
    if not match:
        raise PeriodError(f"unknown period {text!r}: use 2018, 2018-Q2, 2018-H1, 2018-9M, 2018-05")
    year = int(match.group(1))
    part = match.group(2)
    if part is None:
        return date(year, 1, 1), date(year, 12, 31)
    if part.startswith("Q"):
        quarter = int(part[1])
        first_month = 3 * quarter - 2
        return date(year, first_month, 1), _month_end(year, first_month + 2)
    if part in ("H1", "H2"):
        first_month = 1 if part == "H1" else 7
        return date(year, first_month, 1), _month_end(year, first_month + 5)
    if part == "9M":
        return date(year, 1, 1), date(year, 9, 30)
    month = int(part.removeprefix("M"))
    return date(year, month, 1), _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])

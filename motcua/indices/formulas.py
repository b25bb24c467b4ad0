"""The service index of Decision 766/QĐ-TTg (23/06/2022), without Django: an indicator's points
from its numerator and denominator, a group's and a unit's totals, and what would raise them.

Formulas (legal.md, "Decision 766"): a threshold indicator scores `max if rate ≥ T else
rate / T × max`; a linear one `rate × max`. An indicator whose data motcua does not hold, or
whose denominator is zero, has **no points**, not zero: the total says how many points it is
computed on (`computed_on`). Points are rounded to two places as the national portal shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

CENT = Decimal("0.01")


class Kind(StrEnum):
    THRESHOLD = "threshold"  # max if rate ≥ T, else rate / T × max
    LINEAR = "linear"  # rate × max
    NO_DATA = "no_data"  # motcua does not hold what it needs (yet)


class Status(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"


@dataclass(frozen=True, slots=True)
class Result:
    numerator: int | None
    denominator: int | None
    rate: Fraction | None
    points: Decimal | None
    status: Status


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def score(
    kind: Kind, maximum: Decimal, numerator: int | None, denominator: int | None,
    threshold: Fraction | None = None,
) -> Result:  # fmt: skip
    """An indicator's rate and points; "no data" when it cannot be measured."""
    if kind is Kind.NO_DATA or numerator is None or denominator is None or denominator == 0:
        return Result(numerator, denominator, None, None, Status.NO_DATA)
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{numerator} of {denominator} is not a rate")
    rate = Fraction(numerator, denominator)
    if kind is Kind.THRESHOLD:
        if threshold is None or threshold <= 0:
            raise ValueError("a threshold indicator needs its threshold")
        points = maximum if rate >= threshold else _decimal(rate / threshold) * maximum
    else:
        points = _decimal(rate) * maximum
    return Result(numerator, denominator, rate, points.quantize(CENT, ROUND_HALF_UP), Status.SCORED)


@dataclass(frozen=True, slots=True)
class Total:
    points: Decimal  # the points of the indicators with data
    computed_on: Decimal  # the maxima of the indicators with data
    maximum: Decimal  # the maxima of every indicator


def total(results: Sequence[tuple[Decimal, Result]]) -> Total:
    """(maximum, result) of each indicator → the points, on how many they are computed."""
    scored = [(top, r) for top, r in results if r.points is not None]
    return Total(
        points=sum((r.points for _top, r in scored if r.points is not None), Decimal(0)),
        computed_on=sum((top for top, _r in scored), Decimal(0)),
        maximum=sum((top for top, _r in results), Decimal(0)),
    )


def band(points: Decimal, computed_on: Decimal) -> str:
    """The 766 bands on the share of the points it could be computed on: 90–100 excellent,
    under 50 weak (between: "good" from 70, else "average" — DESIGN.md, our reading)."""
    if computed_on <= 0:
        return ""
    share = points / computed_on * 100
    if share >= 90:
        return "excellent"
    if share >= 70:
        return "good"
    if share >= 50:
        return "average"
    return "weak"


def gain_if(
    kind: Kind, maximum: Decimal, numerator: int, denominator: int, threshold: Fraction | None,
    more: int,
) -> Decimal | None:  # fmt: skip
    """What-if: the points gained if `more` of the denominator had succeeded too (e.g. N more
    dossiers resolved on time); None when the indicator has no data."""
    now = score(kind, maximum, numerator, denominator, threshold)
    then = score(kind, maximum, min(numerator + more, denominator), denominator, threshold)
    if now.points is None or then.points is None:
        return None
    return then.points - now.points

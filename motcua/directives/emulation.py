"""The yearly emulation (thi đua) score of a unit, as plain data (no Django): each measure a
rate between 0 and 1 — or None when there is nothing to measure —, weighted; the score is on
the weights that could be computed, and says which, so a unit is never ranked on a silent zero.
The weights are data (EmulationWeights, per year); the defaults are ours (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

MEASURES = ("tasks", "reports", "inspections", "par", "statistics")
DEFAULT_WEIGHTS: Mapping[str, int] = {
    "tasks": 30,  # directive tasks done on time
    "reports": 15,  # periodic reports submitted on time
    "inspections": 15,  # checklist items met at the unit's inspections
    "par": 20,  # the PAR index, share of its maximum
    "statistics": 20,  # the on-time and early targets of the statistics table
}


@dataclass(frozen=True, slots=True)
class Score:
    points: Fraction | None  # out of `computed_on`
    computed_on: int  # the weights of the measures that had data
    maximum: int  # all the weights

    @property
    def share(self) -> Fraction | None:
        """The points over the weights computed: what units are ranked by."""
        if self.points is None or not self.computed_on:
            return None
        return self.points / self.computed_on


def rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def targets_rate(on_time: Fraction | None, early: Fraction | None,
                 on_time_target: Fraction, early_target: Fraction) -> Fraction | None:  # fmt: skip
    """Half for the on-time target, half for the early target, each in proportion up to it."""
    if on_time is None or early is None:
        return None
    return (min(on_time / on_time_target, Fraction(1)) + min(early / early_target, Fraction(1))) / 2


def score(rates: Mapping[str, Fraction | None], weights: Mapping[str, int]) -> Score:
    computed = {name: rates[name] for name in MEASURES if rates.get(name) is not None}
    computed_on = sum(weights[name] for name in computed)
    points = sum((weights[name] * value for name, value in computed.items() if value is not None),
                 Fraction(0)) if computed else None  # fmt: skip
    return Score(points, computed_on, sum(weights[name] for name in MEASURES))


def ranked(shares: Mapping[str, Fraction | None]) -> dict[str, int | None]:
    """Rank 1 for the best share; equal shares share a rank; no data, no rank."""
    places: dict[str, int | None] = {}
    for key, share in shares.items():
        if share is None:
            places[key] = None
        else:
            places[key] = 1 + sum(1 for other in shares.values()
                                  if other is not None and other > share)  # fmt: skip
    return places

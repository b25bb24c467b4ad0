"""The satisfaction survey's method, without Django: how many people to ask, whom (a stratified
random sample reproducible from its seed), and the index with its confidence interval.

Defaults from the method in force (Decision 1001/QĐ-BNV, 11/12/2023, SIPAS 2023–2026 — legal.md,
"PAR index and SIPAS"), kept as parameters so a province's own method can change them:

- sample size per unit: Cochran's formula with the finite-population correction,
  n0 = z²·p(1−p)/e², n = n0 / (1 + (n0 − 1)/N), rounded up (z = 1.96, p = 0.5, e = 0.05);
- the sample split among the unit's procedures in proportion to the dossiers returned
  (largest remainders), drawn at random from a seed recorded with the campaign;
- on the 5-point scale, 4 and 5 are "satisfied"; a factor's index is the share of its
  respondents satisfied (Wilson 95 % interval); the unit's index is the mean of its five factor
  indices, its interval a normal approximation over the respondents' own shares of satisfied
  factors; the gap of a factor is its mean expectation minus its mean satisfaction.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import fmean, stdev
from typing import TypeVar

Z_95 = 1.96
SATISFIED_FROM = 4  # "satisfied" and "very satisfied" on the 5-point scale
SCALE = range(1, 6)

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def sample_size(population: int, *, z: float = Z_95, p: float = 0.5, margin: float = 0.05) -> int:
    """How many of `population` people to ask for the margin of error at that confidence."""
    if population <= 0:
        return 0
    if not 0 < margin < 1 or not 0 < p < 1:
        raise ValueError("margin and p are between 0 and 1")
    n0 = z * z * p * (1 - p) / (margin * margin)
    return min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))


def margin_of_error(n: int, population: int, *, z: float = Z_95, p: float = 0.5) -> float:
    """The margin a sample of n people out of `population` gives (finite-population corrected)."""
    if n <= 0:
        return 1.0
    if n >= population:
        return 0.0
    return z * math.sqrt(p * (1 - p) / n * (population - n) / (population - 1))


def allocate(sizes: Mapping[K, int], total: int) -> dict[K, int]:
    """`total` split among strata in proportion to their sizes (largest remainders; ties by
    key order), never more than a stratum holds."""
    population = sum(sizes.values())
    total = min(total, population)
    if population == 0:
        return dict.fromkeys(sizes, 0)
    shares = {key: Fraction(total * size, population) for key, size in sizes.items()}
    counts = {key: math.floor(share) for key, share in shares.items()}
    left = total - sum(counts.values())
    by_remainder = sorted(sizes, key=lambda key: (-(shares[key] - counts[key]), str(key)))
    for key in by_remainder[:left]:
        counts[key] += 1
    return counts


def draw(strata: Mapping[K, Sequence[T]], counts: Mapping[K, int], seed: int) -> dict[K, list[T]]:
    """A simple random sample of `counts[k]` from each stratum, the same for the same seed (the
    strata are visited in key order; each stratum's members should come in a stable order)."""
    rng = random.Random(seed)  # noqa: S311 — a survey sample, reproducible by design
    return {
        key: rng.sample(list(strata[key]), counts.get(key, 0)) for key in sorted(strata, key=str)
    }


def wilson(successes: int, n: int, *, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    share = successes / n
    centre = share + z * z / (2 * n)
    spread = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return (max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator))


@dataclass(frozen=True, slots=True)
class Respondent:
    """One response: for each factor answered, the satisfaction and expectation scores."""

    satisfaction: Mapping[int, int]  # factor → 1..5
    expectation: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FactorIndex:
    factor: int
    n: int
    satisfied: int
    mean: float | None
    expectation: float | None
    ci: tuple[float, float]

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.n if self.n else None

    @property
    def gap(self) -> float | None:
        """Expectation above satisfaction: the larger, the more there is to improve first."""
        if self.mean is None or self.expectation is None:
            return None
        return self.expectation - self.mean


@dataclass(frozen=True, slots=True)
class UnitIndex:
    n: int
    factors: tuple[FactorIndex, ...]
    index: float | None
    ci: tuple[float, float] | None
    enough: bool  # n reaches the minimum sample: the index may be shown as a number


def unit_index(
    respondents: Sequence[Respondent], *, factors: Sequence[int], minimum: int, z: float = Z_95
) -> UnitIndex:
    for respondent in respondents:
        for score in (*respondent.satisfaction.values(), *respondent.expectation.values()):
            if score not in SCALE:
                raise ValueError(f"{score} is outside the 1–5 scale")
    results = []
    for factor in factors:
        scores = [r.satisfaction[factor] for r in respondents if factor in r.satisfaction]
        hopes = [r.expectation[factor] for r in respondents if factor in r.expectation]
        satisfied = sum(score >= SATISFIED_FROM for score in scores)
        results.append(
            FactorIndex(
                factor=factor, n=len(scores), satisfied=satisfied,
                mean=fmean(scores) if scores else None,
                expectation=fmean(hopes) if hopes else None,
                ci=wilson(satisfied, len(scores), z=z),
            )
        )  # fmt: skip
    shares = [f.satisfied_share for f in results]
    index = (
        fmean(s for s in shares if s is not None) if all(s is not None for s in shares) else None
    )
    own = [
        sum(score >= SATISFIED_FROM for score in r.satisfaction.values()) / len(r.satisfaction)
        for r in respondents
        if r.satisfaction
    ]
    ci = None
    if index is not None and len(own) >= 2:
        half = z * stdev(own) / math.sqrt(len(own))
        ci = (max(0.0, index - half), min(1.0, index + half))
    return UnitIndex(
        n=len(respondents), factors=tuple(results), index=index, ci=ci,
        enough=len(respondents) >= minimum,
    )  # fmt: skip

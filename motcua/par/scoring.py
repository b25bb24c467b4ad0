"""The PAR (CCHC) index's arithmetic, without Django: a criteria set as a tree with maxima and
scoring rules, a criterion's points from the self-assessment, the appraisal or a measured value,
a unit's total (direct + survey), ranks and classification bands.

Criteria sets differ by province and year (legal.md, "PAR index and SIPAS"; national scheme
Decision 876/QĐ-BNV): they are data; this module only applies them. Points are Decimals rounded
to two places, as the published indices are (Bình Xuyên 2017: 45 + 43.37 = 88.37).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

CENT = Decimal("0.01")


# Why a set or a score cannot be used: a key and its English text; the services translate the
# key (par/services/scorecards.py, SCORING_MESSAGES) for the people who read it.
MESSAGES = {
    "parts_of_100": "The direct part and the survey must make 100 points.",
    "fields_total": "The fields' maxima make {total}, not the direct part's {max}.",
    "code_twice": "Criterion code {code} is used twice.",
    "negative_max": "{code}: a maximum cannot be negative.",
    "parts_total": "{code}: its parts make {total}, not its maximum {max}.",
    "no_bands": "{code}: a banded criterion needs its bands.",
    "bands_order": "{code}: bands go from the highest threshold down.",
    "band_over_max": "{code}: a band gives more than the maximum.",
    "no_threshold": "{code}: a ratio criterion needs its threshold.",
    "manual": "{code} is scored by hand, not from a measured value.",
    "points_range": "{code}: {points} is outside 0–{max} points.",
    "survey_range": "A survey score of {points} is outside 0–{max}.",
}


class ScoringError(ValueError):
    """A criteria set or a score that cannot be used; the message names the criterion."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(MESSAGES[key].format(**params))


class Rule(StrEnum):
    MANUAL = "manual"  # scored by the unit with evidence, then appraised
    BANDED = "banded"  # from a measured value: the first band it reaches gives the points
    RATIO = "ratio"  # max if the value reaches the threshold, else value / threshold × max
    DEDUCTION = "deduction"  # points taken off (điểm trừ), up to the maximum


@dataclass(frozen=True, slots=True)
class Band:
    at_least: Fraction  # the measured value, e.g. Fraction(95, 100) for 95 %
    points: Decimal


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    name: str
    max_points: Decimal
    rule: Rule = Rule.MANUAL
    bands: tuple[Band, ...] = ()  # BANDED: from the highest threshold down
    threshold: Fraction | None = None  # RATIO
    children: tuple[Criterion, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    direct_max: Decimal  # the appraised part (the seed's province: 50)
    survey_max: Decimal  # the survey's part (50; Hà Nội's divisions: 30)
    fields: tuple[Criterion, ...]
    classes: tuple[tuple[Decimal, str], ...] = ()  # (at least, label), highest first


def leaves(criteria: Iterable[Criterion]) -> list[Criterion]:
    found: list[Criterion] = []
    for criterion in criteria:
        found += [criterion] if criterion.is_leaf else leaves(criterion.children)
    return found


def counted(criterion: Criterion) -> Decimal:
    """What a criterion adds to its parent's maximum: a deduction adds nothing (it only takes
    points off, up to its own maximum)."""
    return Decimal(0) if criterion.rule is Rule.DEDUCTION else criterion.max_points


def check_set(criteria_set: CriteriaSet) -> None:
    """Maxima that add up (children to their parent, fields to the direct part, direct and
    survey to 100), bands in order and within the maximum, codes unique."""
    if criteria_set.direct_max + criteria_set.survey_max != 100:
        raise ScoringError("parts_of_100")
    fields_max = sum((counted(field_) for field_ in criteria_set.fields), Decimal(0))
    if fields_max != criteria_set.direct_max:
        raise ScoringError("fields_total", total=fields_max, max=criteria_set.direct_max)
    seen: set[str] = set()

    def walk(criterion: Criterion) -> None:
        if criterion.code in seen:
            raise ScoringError("code_twice", code=criterion.code)
        seen.add(criterion.code)
        if criterion.max_points < 0:
            raise ScoringError("negative_max", code=criterion.code)
        if criterion.children:
            total = sum((counted(child) for child in criterion.children), Decimal(0))
            if total != criterion.max_points:
                raise ScoringError(
                    "parts_total", code=criterion.code, total=total, max=criterion.max_points
                )
            for child in criterion.children:
                walk(child)
        if criterion.rule is Rule.BANDED:
            if not criterion.bands:
                raise ScoringError("no_bands", code=criterion.code)
            thresholds = [band.at_least for band in criterion.bands]
            if thresholds != sorted(thresholds, reverse=True):
                raise ScoringError("bands_order", code=criterion.code)
            if any(
                band.points > criterion.max_points or band.points < 0 for band in criterion.bands
            ):
                raise ScoringError("band_over_max", code=criterion.code)
        if criterion.rule is Rule.RATIO and not criterion.threshold:
            raise ScoringError("no_threshold", code=criterion.code)

    for field_ in criteria_set.fields:
        walk(field_)


def measured_points(criterion: Criterion, value: Fraction) -> Decimal:
    """A criterion's points from a measured value (a rate between 0 and 1)."""
    if criterion.rule is Rule.BANDED:
        for band in criterion.bands:
            if value >= band.at_least:
                return band.points
        return Decimal(0)
    if criterion.rule is Rule.RATIO:
        assert criterion.threshold
        if value >= criterion.threshold:
            return criterion.max_points
        share = Decimal(value.numerator) / Decimal(value.denominator)
        threshold = Decimal(criterion.threshold.numerator) / Decimal(
            criterion.threshold.denominator
        )
        return (share / threshold * criterion.max_points).quantize(CENT, ROUND_HALF_UP)
    raise ScoringError("manual", code=criterion.code)


@dataclass(frozen=True, slots=True)
class Score:
    """What is known of one criterion for one unit; the appraisal, when given, is final."""

    self_score: Decimal | None = None
    appraised: Decimal | None = None
    measured: Fraction | None = None  # the value motcua measured (automatic criteria)


def criterion_points(criterion: Criterion, score: Score) -> Decimal:
    """The points that count: appraised, else automatic, else the unit's own (0 if none)."""
    if score.appraised is not None:
        points = score.appraised
    elif score.measured is not None and criterion.rule in (Rule.BANDED, Rule.RATIO):
        points = measured_points(criterion, score.measured)
    else:
        points = score.self_score if score.self_score is not None else Decimal(0)
    if not 0 <= points <= criterion.max_points:
        raise ScoringError(
            "points_range", code=criterion.code, points=points, max=criterion.max_points
        )
    return -points if criterion.rule is Rule.DEDUCTION else points


@dataclass(frozen=True, slots=True)
class Total:
    direct: Decimal
    survey: Decimal

    @property
    def total(self) -> Decimal:
        return self.direct + self.survey


def unit_total(criteria_set: CriteriaSet, scores: Mapping[str, Score], survey: Decimal) -> Total:
    """The direct part (the leaves' points, deductions subtracted) plus the survey's points."""
    direct = sum(
        (criterion_points(c, scores.get(c.code, Score())) for c in leaves(criteria_set.fields)),
        Decimal(0),
    )
    if not 0 <= survey <= criteria_set.survey_max:
        raise ScoringError("survey_range", points=survey, max=criteria_set.survey_max)
    return Total(direct.quantize(CENT, ROUND_HALF_UP), survey.quantize(CENT, ROUND_HALF_UP))


def ranks(totals: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4): equal totals share a rank."""
    ordered = sorted(totals.values(), reverse=True)
    return {unit: ordered.index(total) + 1 for unit, total in totals.items()}


def classify(total: Decimal, classes: Sequence[tuple[Decimal, str]]) -> str:
    for at_least, label in classes:
        if total >= at_least:
            return label
    return ""

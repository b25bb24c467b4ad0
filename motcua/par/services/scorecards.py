"""PAR assessments: the criteria set as the scoring core reads it, each unit's scorecard
(self, appraised, automatic, evidence) and the ranking of a year and level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.documents.reports import Heading, heading_above
from motcua.par import scoring
from motcua.par.measures import Measured, measured
from motcua.par.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionScore,
    EvidenceFile,
)

if TYPE_CHECKING:
    pass


# The scoring core's refusals (par/scoring.py, MESSAGES) in the reader's language.
SCORING_MESSAGES = {
    "parts_of_100": gettext_lazy("The direct part and the survey must make 100 points."),
    "fields_total": gettext_lazy(
        "The fields' maxima make %(total)s, not the direct part's %(max)s."
    ),
    "code_twice": gettext_lazy("Criterion code %(code)s is used twice."),
    "negative_max": gettext_lazy("%(code)s: a maximum cannot be negative."),
    "parts_total": gettext_lazy("%(code)s: its parts make %(total)s, not its maximum %(max)s."),
    "no_bands": gettext_lazy("%(code)s: a banded criterion needs its bands."),
    "bands_order": gettext_lazy("%(code)s: bands go from the highest threshold down."),
    "band_over_max": gettext_lazy("%(code)s: a band gives more than the maximum."),
    "no_threshold": gettext_lazy("%(code)s: a ratio criterion needs its threshold."),
    "manual": gettext_lazy("%(code)s is scored by hand, not from a measured value."),
    "points_range": gettext_lazy("%(code)s: %(points)s is outside 0–%(max)s points."),
    "survey_range": gettext_lazy("A survey score of %(points)s is outside 0–%(max)s."),
}


def scoring_message(error: scoring.ScoringError) -> str:
    params = {
        name: format(value.normalize(), "f") if isinstance(value, Decimal) else value
        for name, value in error.params.items()
    }
    return str(SCORING_MESSAGES[error.key]) % params


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def core_set(criteria_set: CriteriaSet) -> tuple[scoring.CriteriaSet, list[Criterion]]:
    """The set as the scoring core reads it, and its rows in order; checked."""
    rows = list(criteria_set.criteria.order_by("position"))
    children: dict[int | None, list[Criterion]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)

    def node(row: Criterion) -> scoring.Criterion:
        return scoring.Criterion(
            code=row.code,
            name=row.name,
            max_points=row.max_points,
            rule=scoring.Rule(row.rule),
            bands=tuple(scoring.Band(_fraction(at), Decimal(str(pts))) for at, pts in row.bands),
            threshold=_fraction(row.threshold) if row.threshold is not None else None,
            children=tuple(node(child) for child in children.get(row.pk, [])),
        )

    core = scoring.CriteriaSet(
        direct_max=criteria_set.direct_max,
        survey_max=criteria_set.survey_max,
        fields=tuple(node(row) for row in children.get(None, [])),
        classes=tuple((Decimal(str(at)), label) for at, label in criteria_set.classes),
    )
    try:
        scoring.check_set(core)
    except scoring.ScoringError as error:
        raise DomainError(scoring_message(error)) from None
    return core, rows


@dataclass(frozen=True, slots=True)
class CardLine:
    criterion: Criterion
    self_score: Decimal | None
    appraised: Decimal | None
    automatic: Decimal | None  # the points from motcua's own figure, when it measures it
    measured: Measured | None  # that figure, the number behind it and its page
    evidence: str
    points: Decimal
    reason: str = ""  # the council's reason, when it changed the points
    link: str = ""  # the motcua record the unit gave as evidence
    files: tuple[EvidenceFile, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldLine:
    """A field's points (its criteria's, deductions taken off) against its maximum."""

    code: str
    name: str
    max_points: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Scorecard:
    assessment: Assessment
    lines: list[CardLine]
    fields: list[FieldLine]
    total: scoring.Total


def scorecard(
    assessment: Assessment, built: tuple[scoring.CriteriaSet, list[Criterion]] | None = None
) -> Scorecard:
    """The unit's scorecard; `built` is its set from `core_set`, when already read and checked."""
    core, rows = built or core_set(assessment.criteria_set)
    leaves = {leaf.code: leaf for leaf in scoring.leaves(core.fields)}
    saved = {
        s.criterion_id: s
        for s in CriterionScore.objects.filter(assessment=assessment).prefetch_related("files")
    }
    figures = measured(
        {row.measure for row in rows if row.measure}, assessment.unit, assessment.criteria_set.year
    )
    lines, scores, points_by_code = [], {}, {}
    for row in rows:
        if row.code not in leaves:
            continue
        kept = saved.get(row.pk)
        figure = figures.get(row.measure) if row.measure else None
        value = figure.value if figure else None
        score = scoring.Score(
            self_score=kept.self_score if kept else None,
            appraised=kept.appraised if kept else None,
            measured=value,
        )
        try:
            points = scoring.criterion_points(leaves[row.code], score)
            automatic = (
                scoring.measured_points(leaves[row.code], value) if value is not None else None
            )
        except scoring.ScoringError as error:
            raise DomainError(scoring_message(error)) from None
        scores[row.code], points_by_code[row.code] = score, points
        lines.append(
            CardLine(
                row, score.self_score, score.appraised, automatic, figure,
                kept.evidence_note if kept else "", points,
                kept.appraisal_reason if kept else "", kept.evidence_link if kept else "",
                tuple(kept.files.all()) if kept else (),
            )
        )  # fmt: skip
    try:
        total = scoring.unit_total(core, scores, assessment.survey_score or Decimal(0))
    except scoring.ScoringError as error:
        raise DomainError(scoring_message(error)) from None
    fields = [
        FieldLine(
            field_.code,
            field_.name,
            field_.max_points,
            sum((points_by_code[leaf.code] for leaf in scoring.leaves([field_])), Decimal(0)),
        )
        for field_ in core.fields
    ]
    return Scorecard(assessment, lines, fields, total)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cards(criteria_set: CriteriaSet) -> list[Scorecard]:
    built = core_set(criteria_set)  # read and checked once for every unit
    return [
        scorecard(assessment, built)
        for assessment in criteria_set.assessments.select_related("unit", "criteria_set")
    ]


def par_report(*, year: int, level: str) -> dict[str, Any]:
    """Every unit of the year and level: totals, rank, class, each field's points with its
    change from the year before, and each criterion's scores and evidence."""
    criteria_set = CriteriaSet.objects.filter(year=year, level=level).first()
    if criteria_set is None:
        raise DomainError(
            _("No PAR criteria set for %(year)s and level %(level)s.")
            % {"year": year, "level": level}
        )
    cards = _cards(criteria_set)
    before = CriteriaSet.objects.filter(year=year - 1, level=level).first()
    previous = {card.assessment.unit.code: card for card in _cards(before)} if before else {}
    placed = scoring.ranks({card.assessment.unit.code: card.total.total for card in cards})
    classes = [(Decimal(str(at)), label) for at, label in criteria_set.classes]
    units = []
    for card in cards:
        code = card.assessment.unit.code
        last_year = previous.get(code)
        last_fields = (
            {field_.code: field_.points for field_ in last_year.fields} if last_year else {}
        )
        units.append({
            "code": code,
            "name": card.assessment.unit.name,
            "status": card.assessment.status,
            "total": _number(card.total.total),
            "direct": _number(card.total.direct),
            "survey": _number(card.total.survey),
            "rank": placed[code],
            "classification": scoring.classify(card.total.total, classes),
            "previous_total": _number(last_year.total.total) if last_year else None,
            "change": _number(card.total.total - last_year.total.total) if last_year else None,
            "fields": [
                {
                    "code": field_.code, "name": field_.name, "max": _number(field_.max_points),
                    "points": _number(field_.points),
                    "change": _number(field_.points - last_fields[field_.code])
                    if field_.code in last_fields else None,
                }
                for field_ in card.fields
            ],
            "criteria": [
                {
                    "code": line.criterion.code,
                    "name": line.criterion.name,
                    "max": _number(line.criterion.max_points),
                    "self": _number(line.self_score),
                    "appraised": _number(line.appraised),
                    "automatic": _number(line.automatic),
                    "measured": float(line.measured.value)
                    if line.measured and line.measured.value is not None else None,
                    "evidence": _evidence(line),
                }
                for line in card.lines
            ],
        })  # fmt: skip
    units.sort(key=lambda unit: (unit["rank"], unit["name"]))
    return {
        "year": year, "level": level, "criteria_set": criteria_set.name,
        "source": criteria_set.source, "direct_max": _number(criteria_set.direct_max),
        "survey_max": _number(criteria_set.survey_max), "units": units,
    }  # fmt: skip


def _evidence(line: CardLine) -> str:
    """What proves the line, in words: the unit's note, its motcua record, its files, and the
    figure motcua measured with the number and the page behind it."""
    parts = [line.evidence, line.link, *(file.name for file in line.files)]
    if line.measured is not None:
        parts.append(f"{line.measured.counted} — {line.measured.link}")
    return "; ".join(part for part in parts if part)


def unit_years(
    unit_code: str, level: str, known: Iterable[Scorecard] = ()
) -> list[tuple[int, Decimal]]:
    """A unit's index in each year of this level that assessed it, oldest first; the years of
    the `known` scorecards (already computed by the caller) are not computed again."""
    cards = {card.assessment.pk: card for card in known}
    assessments = (
        Assessment.objects.filter(unit__code=unit_code, criteria_set__level=level)
        .select_related("unit", "criteria_set")
        .order_by("criteria_set__year")
    )
    years = []
    for assessment in assessments:
        card = cards.get(assessment.pk) or scorecard(assessment)
        years.append((assessment.criteria_set.year, card.total.total))
    return years


def ranking_heading(criteria_set: CriteriaSet, *, day: date) -> Heading:
    """The ranking is issued by the People's Committee above the units it ranks."""
    return heading_above(
        criteria_set.assessments.values_list("unit_id", flat=True), day=day,
        fallback=criteria_set.name,
    )  # fmt: skip


def last_year_card(assessment: Assessment) -> Scorecard | None:
    """The unit's scorecard of the year before, in the set of the same level, if any."""
    before = (
        Assessment.objects.filter(
            unit_id=assessment.unit_id,
            criteria_set__level=assessment.criteria_set.level,
            criteria_set__year=assessment.criteria_set.year - 1,
        )
        .select_related("unit", "criteria_set")
        .first()
    )
    return scorecard(before) if before else None

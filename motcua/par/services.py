"""PAR assessments: the criteria set as the scoring core reads it, each unit's scorecard
(self, appraised, automatic, evidence) and the ranking of a year and level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.org.access import can_appraise, can_self_assess
from motcua.par import scoring
from motcua.par.measures import measured
from motcua.par.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Criterion,
    CriterionScore,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User


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
        raise DomainError(str(error)) from None
    return core, rows


@dataclass(frozen=True, slots=True)
class CardLine:
    criterion: Criterion
    self_score: Decimal | None
    appraised: Decimal | None
    automatic: Decimal | None  # the points from motcua's own figure, when it measures it
    measured: Fraction | None
    evidence: str
    points: Decimal
    reason: str = ""  # the council's reason, when it changed the points


@dataclass(frozen=True, slots=True)
class Scorecard:
    assessment: Assessment
    lines: list[CardLine]
    total: scoring.Total


def scorecard(
    assessment: Assessment, built: tuple[scoring.CriteriaSet, list[Criterion]] | None = None
) -> Scorecard:
    """The unit's scorecard; `built` is its set from `core_set`, when already read and checked."""
    core, rows = built or core_set(assessment.criteria_set)
    leaves = {leaf.code: leaf for leaf in scoring.leaves(core.fields)}
    saved = {s.criterion_id: s for s in CriterionScore.objects.filter(assessment=assessment)}
    figures = measured(
        {row.measure for row in rows if row.measure}, assessment.unit, assessment.criteria_set.year
    )
    lines, scores = [], {}
    for row in rows:
        if row.code not in leaves:
            continue
        kept = saved.get(row.pk)
        value = figures.get(row.measure) if row.measure else None
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
            raise DomainError(str(error)) from None
        scores[row.code] = score
        lines.append(
            CardLine(
                row, score.self_score, score.appraised, automatic, value,
                kept.evidence_note if kept else "", points,
                kept.appraisal_reason if kept else "",
            )
        )  # fmt: skip
    try:
        total = scoring.unit_total(core, scores, assessment.survey_score or Decimal(0))
    except scoring.ScoringError as error:
        raise DomainError(str(error)) from None
    return Scorecard(assessment, lines, total)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def par_report(*, year: int, level: str) -> dict[str, Any]:
    """Every unit of the year and level: totals, rank, class and each criterion's scores."""
    criteria_set = CriteriaSet.objects.filter(year=year, level=level).first()
    if criteria_set is None:
        raise DomainError(f"No PAR criteria set for {year} and level {level}.")
    built = core_set(criteria_set)  # read and checked once for every unit
    cards = [
        scorecard(assessment, built)
        for assessment in criteria_set.assessments.select_related("unit", "criteria_set")
    ]
    placed = scoring.ranks({card.assessment.unit.code: card.total.total for card in cards})
    classes = built[0].classes
    units = [
        {
            "code": card.assessment.unit.code,
            "name": card.assessment.unit.name,
            "total": _number(card.total.total),
            "direct": _number(card.total.direct),
            "survey": _number(card.total.survey),
            "rank": placed[card.assessment.unit.code],
            "classification": scoring.classify(card.total.total, classes),
            "criteria": [
                {
                    "code": line.criterion.code,
                    "name": line.criterion.name,
                    "max": _number(line.criterion.max_points),
                    "self": _number(line.self_score),
                    "appraised": _number(line.appraised),
                    "automatic": _number(line.automatic),
                    "evidence": line.evidence,
                }
                for line in card.lines
            ],
        }
        for card in cards
    ]
    units.sort(key=lambda unit: (unit["rank"], unit["name"]))
    return {"year": year, "level": level, "criteria_set": criteria_set.name, "units": units}


# --- self-assessment, appraisal, publication ---------------------------------------------------


def _locked(assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("criteria_set", "unit")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise NotFound
    return assessment


def _leaf(assessment: Assessment, criterion_id: int | None) -> Criterion:
    criterion = (
        Criterion.objects.filter(criteria_set=assessment.criteria_set, pk=criterion_id or 0)
        .exclude(children__isnull=False)
        .first()
    )
    if criterion is None:
        raise DomainError(_("Choose a criterion of this set that is scored (not a field)."))
    return criterion


def _checked_points(criterion: Criterion, points: Decimal | None) -> Decimal:
    if points is None or not 0 <= points <= criterion.max_points:
        raise DomainError(
            _("The points of %(code)s go from 0 to %(max)s.")
            % {"code": criterion.code, "max": format(criterion.max_points.normalize(), "f")},
            field="points",
        )
    return points


def score_self(
    *, actor: User, assessment_id: int, criterion_id: int | None, points: Decimal | None,
    evidence: str,
) -> CriterionScore:  # fmt: skip
    """The unit scores itself on one criterion, with its evidence, while the self-assessment is
    open; every change is kept in the score's history."""
    with outermost():
        assessment = _locked(assessment_id)
        if not can_self_assess(actor, assessment.unit_id):
            raise PermissionDenied(_("Only the unit's own leaders and officials score it."))
        if assessment.status != AssessmentStatus.DRAFT:
            raise DomainError(_("The self-assessment was submitted: it can no longer change."))
        criterion = _leaf(assessment, criterion_id)
        score, _created = CriterionScore.objects.update_or_create(
            assessment=assessment, criterion=criterion,
            defaults={"self_score": _checked_points(criterion, points),
                      "evidence_note": normalize_text(evidence)[:500]},
        )  # fmt: skip
        return score


def assessment_submit(*, actor: User, assessment_id: int) -> Assessment:
    """The unit sends its self-assessment to the council: it is locked from then on."""
    with outermost():
        assessment = _locked(assessment_id)
        if not can_self_assess(actor, assessment.unit_id):
            raise PermissionDenied(_("Only the unit's own leaders and officials score it."))
        if assessment.status != AssessmentStatus.DRAFT:
            raise DomainError(_("The self-assessment was already submitted."))
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.save(update_fields=["status"])
        return assessment


def score_appraise(
    *, actor: User, assessment_id: int, criterion_id: int | None, points: Decimal | None,
    reason: str,
) -> CriterionScore:  # fmt: skip
    """The council sets a criterion's appraised points, with the reason the unit will read."""
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council appraises."))
        assessment = _locked(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise DomainError(
                _("Only a submitted self-assessment is appraised, before its publication.")
            )
        criterion = _leaf(assessment, criterion_id)
        reason = normalize_text(reason)
        if not reason:
            raise DomainError(_("Give the reason of the appraisal."), field="reason")
        score, _created = CriterionScore.objects.update_or_create(
            assessment=assessment, criterion=criterion,
            defaults={"appraised": _checked_points(criterion, points),
                      "appraisal_reason": reason[:500]},
        )  # fmt: skip
        return score


def assessment_publish(*, actor: User, assessment_id: int) -> Assessment:
    """The council publishes the appraised result: it enters the ranking as it stands."""
    with outermost():
        if not can_appraise(actor):
            raise PermissionDenied(_("Only the appraisal council publishes."))
        assessment = _locked(assessment_id)
        if assessment.status != AssessmentStatus.SUBMITTED:
            raise DomainError(_("Only a submitted self-assessment is published."))
        assessment.status = AssessmentStatus.PUBLISHED
        assessment.save(update_fields=["status"])
        return assessment

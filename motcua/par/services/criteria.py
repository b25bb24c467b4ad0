"""Criteria sets in and out of the spreadsheet a reform office fills in, and the assessments a
set opens for the units of its level."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.errors import PermissionDenied
from motcua.core.spreadsheets import ImportRejected, RowError
from motcua.core.transactions import outermost
from motcua.org.access import can_appraise
from motcua.org.models import AdministrativeUnit, UnitKind
from motcua.par import scoring
from motcua.par.exports import SET_SHEET, SetData, criteria_set_xlsx, read_criteria_set_xlsx
from motcua.par.measures import MEASURES
from motcua.par.models import Assessment, CriteriaSet, Criterion, CriterionScore
from motcua.par.services.scorecards import scoring_message

if TYPE_CHECKING:
    from motcua.accounts.models import User

# The units a set of a level scores: a level names the tier, whatever each unit is called.
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    UnitKind.PROVINCE: (UnitKind.PROVINCE, UnitKind.CITY),
    UnitKind.DISTRICT: (UnitKind.DISTRICT, UnitKind.PROVINCIAL_CITY, UnitKind.TOWN),
    UnitKind.COMMUNE: (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP),
}


def criteria_set_export(criteria_set: CriteriaSet) -> bytes:
    codes = {row.pk: row.code for row in criteria_set.criteria.all()}
    return criteria_set_xlsx(
        {
            "name": criteria_set.name,
            "year": criteria_set.year,
            "level": criteria_set.level,
            "source": criteria_set.source,
            "direct_max": criteria_set.direct_max,
            "survey_max": criteria_set.survey_max,
            "due": criteria_set.self_assessment_due,
            "classes": criteria_set.classes,
        },
        [
            {
                "code": row.code,
                "parent": codes.get(row.parent_id or 0, ""),
                "name": row.name,
                "max_points": row.max_points,
                "rule": row.rule,
                "bands": row.bands,
                "threshold": row.threshold,
                "measure": row.measure,
                "evidence": row.evidence,
            }
            for row in criteria_set.criteria.order_by("position")
        ],
    )


def _checked(data: SetData) -> None:
    """The scoring core's checks (maxima that add up, bands in order, codes unique)."""
    children: dict[str, list[Any]] = {}
    for row in data.criteria:
        children.setdefault(row.parent, []).append(row)

    def node(row: Any) -> scoring.Criterion:
        return scoring.Criterion(
            code=row.code,
            name=row.name,
            max_points=row.max_points,
            rule=scoring.Rule(row.rule),
            bands=tuple(
                scoring.Band(Fraction(str(at)), Decimal(str(pts))) for at, pts in row.bands
            ),
            threshold=Fraction(str(row.threshold)) if row.threshold is not None else None,
            children=tuple(node(child) for child in children.get(row.code, [])),
        )

    try:
        scoring.check_set(
            scoring.CriteriaSet(
                direct_max=data.direct_max,
                survey_max=data.survey_max,
                fields=tuple(node(row) for row in children.get("", [])),
                classes=tuple((Decimal(str(at)), label) for at, label in data.classes),
            )
        )
    except scoring.ScoringError as error:
        raise ImportRejected([RowError(SET_SHEET, 0, "—", scoring_message(error))]) from None


def criteria_set_import(*, actor: User, source: IO[bytes]) -> CriteriaSet:
    """A criteria set from its spreadsheet: a new year and level, or the same one again while no
    unit has scored it; its assessments are opened for the units of the level in that year."""
    if not can_appraise(actor):
        raise PermissionDenied(_("Only the appraisal council sets the criteria."))
    data = read_criteria_set_xlsx(source, levels=set(LEVEL_KINDS), measures=set(MEASURES))
    _checked(data)
    with outermost():
        criteria_set, _created = CriteriaSet.objects.select_for_update().get_or_create(
            year=data.year,
            level=data.level,
            defaults={
                "name": data.name,
                "source": data.source,
                "direct_max": data.direct_max,
                "survey_max": data.survey_max,
            },
        )
        if CriterionScore.objects.filter(assessment__criteria_set=criteria_set).exists():
            raise ImportRejected(
                [
                    RowError(
                        SET_SHEET,
                        2,
                        "B",
                        _(
                            "Units have already scored the set of this year and level: "
                            "it can no longer be replaced."
                        ),
                    )
                ]
            )
        criteria_set.name, criteria_set.source = data.name, data.source
        criteria_set.direct_max, criteria_set.survey_max = data.direct_max, data.survey_max
        criteria_set.self_assessment_due, criteria_set.classes = data.due, data.classes
        criteria_set.save()
        criteria_set.criteria.filter(parent__isnull=False).delete()
        criteria_set.criteria.all().delete()
        rows: dict[str, Criterion] = {}
        for position, row in enumerate(data.criteria, start=1):
            rows[row.code] = Criterion.objects.create(
                criteria_set=criteria_set,
                parent=rows.get(row.parent),
                code=row.code,
                name=row.name,
                position=position,
                max_points=row.max_points,
                rule=row.rule,
                bands=row.bands,
                threshold=row.threshold,
                measure=row.measure,
                evidence=row.evidence,
            )
        assessments_open(criteria_set)
        return criteria_set


def assessments_open(criteria_set: CriteriaSet) -> int:
    """An assessment for every unit of the set's level that existed during its year."""
    start, end = date(criteria_set.year, 1, 1), date(criteria_set.year, 12, 31)
    units = AdministrativeUnit.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        kind__in=LEVEL_KINDS.get(criteria_set.level, (criteria_set.level,)),
        valid_from__lte=end,
    )
    opened = 0
    for unit in units:
        _assessment, created = Assessment.objects.get_or_create(
            criteria_set=criteria_set, unit=unit
        )
        opened += created
    return opened

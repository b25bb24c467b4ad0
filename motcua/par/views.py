"""The PAR index's pages: the criteria sets, a set's ranking, a unit's scorecard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.errors import NotFound
from motcua.org.guards import staff_required
from motcua.par.models import CriteriaSet
from motcua.par.services import par_report, scorecard


def _criteria_set(set_id: int) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(pk=set_id).first()
    if criteria_set is None:
        raise NotFound
    return criteria_set


@staff_required
def par_sets(request: HttpRequest) -> HttpResponse:
    return render(request, "par/sets.html", {"sets": CriteriaSet.objects.all()})


@staff_required
def par_ranking(request: HttpRequest, set_id: int) -> HttpResponse:
    criteria_set = _criteria_set(set_id)
    report = par_report(year=criteria_set.year, level=criteria_set.level)
    return render(request, "par/ranking.html", {"criteria_set": criteria_set, "report": report})


@staff_required
def par_scorecard(request: HttpRequest, set_id: int, unit_code: str) -> HttpResponse:
    criteria_set = _criteria_set(set_id)
    assessment = (
        criteria_set.assessments.select_related("unit", "criteria_set")
        .filter(unit__code=unit_code)
        .first()
    )
    if assessment is None:
        raise NotFound
    return render(request, "par/scorecard.html", {"card": scorecard(assessment)})

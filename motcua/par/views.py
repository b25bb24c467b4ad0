"""The PAR index's pages: the criteria sets, a set's ranking, a unit's scorecard."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.parsing import parse_id
from motcua.org.access import can_appraise, can_self_assess
from motcua.org.guards import staff_required, staff_user
from motcua.par.models import Assessment, AssessmentStatus, CriteriaSet
from motcua.par.services import (
    assessment_publish,
    assessment_submit,
    par_report,
    score_appraise,
    score_self,
    scorecard,
)


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


def _assessment(set_id: int, unit_code: str) -> Assessment:
    assessment = (
        _criteria_set(set_id)
        .assessments.select_related("unit", "criteria_set")
        .filter(unit__code=unit_code)
        .first()
    )
    if assessment is None:
        raise NotFound
    return assessment


@staff_required
def par_scorecard(request: HttpRequest, set_id: int, unit_code: str) -> HttpResponse:
    assessment = _assessment(set_id, unit_code)
    card = scorecard(assessment)
    return render(
        request,
        "par/scorecard.html",
        {
            "card": card,
            "scored": [line.criterion for line in card.lines],
            "may_self_assess": assessment.status == AssessmentStatus.DRAFT
            and can_self_assess(request.user, assessment.unit_id),
            "may_appraise": assessment.status == AssessmentStatus.SUBMITTED
            and can_appraise(request.user),
        },
    )


def _points(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.strip().replace(",", ".")) if raw.strip() else None
    except InvalidOperation:
        return None


@staff_required
@require_POST
def par_act(request: HttpRequest, set_id: int, unit_code: str) -> HttpResponse:
    """Score, submit, appraise or publish from the scorecard; a refusal is shown, nothing lost."""
    assessment = _assessment(set_id, unit_code)
    actor, post = staff_user(request), request.POST
    action = post.get("action", "")
    criterion = parse_id(post.get("criterion"))
    try:
        if action == "self":
            score_self(
                actor=actor, assessment_id=assessment.pk, criterion_id=criterion,
                points=_points(post.get("points", "")), evidence=post.get("evidence", ""),
            )  # fmt: skip
        elif action == "submit":
            assessment_submit(actor=actor, assessment_id=assessment.pk)
        elif action == "appraise":
            score_appraise(
                actor=actor, assessment_id=assessment.pk, criterion_id=criterion,
                points=_points(post.get("points", "")), reason=post.get("reason", ""),
            )  # fmt: skip
        elif action == "publish":
            assessment_publish(actor=actor, assessment_id=assessment.pk)
        else:
            raise NotFound
    except PermissionDenied:
        raise  # answered as "not allowed" (403), not as a form error
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("par-scorecard", set_id=set_id, unit_code=unit_code)

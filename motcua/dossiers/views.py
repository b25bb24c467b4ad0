"""Staff pages of dossiers (read side): the list with filters and the dossier page."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.core.errors import NotFound
from motcua.core.views import staff_required
from motcua.dossiers.labels import ACTION_LABELS
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.selectors import dossier_filter, dossier_for, dossier_time_left, dossiers_for
from motcua.dossiers.slips import Slip, slip_pdf

PAGE_SIZE = 50


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    status = params.get("status") if params.get("status") in DossierStatus.values else None
    dossiers = dossier_filter(
        dossiers_for(request.user),
        status=status,
        procedure_code=params.get("procedure") or None,
        received_from=_day(params.get("from")),
        received_to=_day(params.get("to")),
        overdue=params.get("overdue") == "1",
        query=params.get("q", "")[:100],
    ).order_by("-received_at", "-pk")
    page = Paginator(dossiers, PAGE_SIZE).get_page(params.get("page"))
    return render(
        request,
        "dossiers/list.html",
        {"page": page, "statuses": DossierStatus.choices, "params": params},
    )


@staff_required
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Applicant, components, the process with each step's state, the event timeline."""
    dossier = dossier_for(request.user, code)
    events = dossier.events.select_related("actor", "actor_agency", "step").order_by("sequence")
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "components": dossier.components.all(),
            "steps": dossier.steps.select_related("agency", "assignee", "process_step"),
            "events": [
                (event, ACTION_LABELS.get(Action(event.action), event.action)) for event in events
            ],
            "timing": dossier_time_left(dossier),
        },
    )


@staff_required
@require_GET
def dossier_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A slip of a dossier the user may read, as PDF (to print or to send)."""
    dossier = dossier_for(request.user, code)
    try:
        slip = Slip(kind)
    except ValueError:
        raise NotFound from None
    response = HttpResponse(slip_pdf(dossier, slip), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slip}-{dossier.code}.pdf"'
    return response

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import NotFound
from motcua.org.access import is_system_admin
from motcua.org.guards import staff_required, staff_user
from motcua.workcal.selectors import year_review
from motcua.workcal.services import FIRST_YEAR, LAST_YEAR, calendar_for, calendar_year_approve


@staff_required
def year_calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound
    user = staff_user(request)
    return render(
        request,
        "workcal/year.html",
        {
            "review": year_review(calendar_for(), year),
            "can_approve": is_system_admin(user),
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
        },
    )


@require_POST
@staff_required
def year_calendar_approve(request: HttpRequest, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound
    calendar_year_approve(actor=staff_user(request), year=year)
    messages.success(request, _("The %(year)s calendar is approved.") % {"year": year})
    return redirect("workcal-year", year=year)

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.org import selectors
from motcua.org.access import access_agency, scope_for, visible_positions
from motcua.org.guards import staff_required


@staff_required
def agency_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    agencies = [
        (agency, scope.can_read(agency.pk))
        for agency in selectors.agency_list().select_related("unit")
    ]
    return render(request, "org/agency_list.html", {"agencies": agencies})


@staff_required
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = access_agency(request.user, agency_id)
    staff = visible_positions(request.user).filter(agency=agency).order_by("role", "user__username")
    return render(request, "org/agency_detail.html", {"agency": agency, "staff": staff})

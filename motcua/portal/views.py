"""Public pages: the procedure catalogue (search, procedure page, form templates)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalog import selectors
from motcua.catalog.models import Level, RequiredComponent
from motcua.core.errors import NotFound
from motcua.core.ratelimit import public_rate_limit

PAGE_SIZE = 20


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@public_rate_limit("catalogue")
def procedure_search(request: HttpRequest) -> HttpResponse:
    """Search by name or code without diacritics, filter by field, level and agency."""
    today = timezone.localdate()
    query = request.GET.get("q", "")[:200]
    field_id = _int_or_none(request.GET.get("field"))
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    agency_id = _int_or_none(request.GET.get("agency"))
    results = selectors.procedure_search(
        day=today, query=query, field_id=field_id, level=level, agency_id=agency_id
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "page": page,
        "field_id": field_id,
        "level": level,
        "agency_id": agency_id,
        "fields": selectors.fields_in_use(today),
        "levels": Level.choices,
        "agencies": selectors.receiving_agencies(today),
        "filtered": bool(query or field_id or level or agency_id),
    }
    template = "portal/_results.html" if request.htmx else "portal/procedure_search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@public_rate_limit("catalogue")
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything a citizen needs to file the procedure: documents, fees, time, where."""
    today = timezone.localdate()
    try:
        version = selectors.procedure_version_in_force(code, today)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "components": version.components.all(),
            "processes": selectors.processes_for_procedure(version.procedure_id, today),
            "history": selectors.published_versions(version.procedure_id),
        },
    )


@require_GET
@public_rate_limit("catalogue")
def component_template(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    """A form template of a procedure in force (files live outside the web root)."""
    component = (
        RequiredComponent.objects.filter(pk=component_id, version__procedure__code=code.upper())
        .exclude(template="")
        .first()
    )
    if component is None or not component.version.in_force_on(timezone.localdate()):
        raise Http404
    return FileResponse(component.template.open("rb"), as_attachment=True)

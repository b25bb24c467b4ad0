"""Staff pages of the catalogue: the procedures in force, import/export, and the process audit."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog import exchange, selectors
from motcua.catalog.models import Process
from motcua.catalog.reports import write_audit_xlsx
from motcua.core.errors import NotFound, PermissionDenied
from motcua.core.parsing import parse_id
from motcua.core.spreadsheets import ImportRejected
from motcua.core.views import XLSX, file_response
from motcua.org.access import is_system_admin, scope_for
from motcua.org.guards import staff_required, staff_user

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _may_import(request: HttpRequest) -> bool:
    return is_system_admin(request.user)


@staff_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    versions = selectors.procedure_versions_in_force(today).annotate(
        process_count=Count(
            "procedure__processes",
            filter=Q(procedure__processes__in=selectors.processes_in_force(today)),
        )
    )
    return render(
        request,
        "catalog/catalogue.html",
        {"versions": versions.order_by("procedure__code"), "may_import": _may_import(request)},
    )


@staff_required
@require_GET
def catalogue_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    records = exchange.export_records(
        exchange.versions_for_export(day=today, all_versions=request.GET.get("all") == "1")
    )
    stem = f"thu-tuc-hanh-chinh-{today:%Y%m%d}"
    if request.GET.get("format") == "json":
        return file_response(
            exchange.write_json(records), filename=f"{stem}.json", content_type="application/json"
        )
    return file_response(exchange.write_xlsx(records), filename=f"{stem}.xlsx", content_type=XLSX)


@staff_required
@require_POST
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Import a spreadsheet or JSON file: all rows or none, every error listed by row."""
    if not _may_import(request):
        raise PermissionDenied
    upload = request.FILES.get("file")
    context: dict[str, object] = {}
    if upload is None or upload.size is None or upload.size > MAX_IMPORT_BYTES:
        context["problem"] = _("Choose a spreadsheet (.xlsx) or a JSON file of at most 10 MB.")
    else:
        try:
            reader = (
                exchange.read_json if (upload.name or "").endswith(".json") else exchange.read_xlsx
            )
            records = reader(upload)
            context["report"] = exchange.catalogue_import(
                actor=staff_user(request), records=records
            )
        except ImportRejected as rejected:
            context["rejected"] = rejected
    return render(
        request, "catalog/import_result.html", context, status=200 if "report" in context else 400
    )


def _readable_processes(request: HttpRequest, agency_id: int | None) -> QuerySet[Process]:
    today = timezone.localdate()
    processes = scope_for(request.user).filter_readable(selectors.processes_in_force(today))
    if agency_id is not None:
        processes = processes.filter(agency_id=agency_id)
    return processes


@staff_required
@require_GET
def process_audit(request: HttpRequest) -> HttpResponse:
    """Every process in force the user may read that has a finding; `?format=xlsx` to download."""
    today = timezone.localdate()
    agency_param = request.GET.get("agency", "")
    agency_id = parse_id(agency_param)
    processes = _readable_processes(request, agency_id)
    audits = selectors.process_audit_report(processes, on=today)
    if request.GET.get("format") == "xlsx":
        return file_response(
            write_audit_xlsx(audits, on=today),
            filename=f"kiem-tra-quy-trinh-{today:%Y%m%d}.xlsx",
            content_type=XLSX,
        )
    scope = scope_for(request.user)
    agencies = scope.filter_readable(selectors.receiving_agencies(today), agency_field="pk")
    return render(
        request,
        "catalog/process_audit.html",
        {
            "audits": audits,
            "audited": processes.count(),
            "blocking": sum(len(audit.blocking) for audit in audits),
            "agencies": agencies,
            "agency_id": agency_id,
            "today": today,
        },
    )


@staff_required
@require_GET
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = (
        scope_for(request.user)
        .filter_readable(Process.objects.select_related("procedure", "agency", "procedure_version"))
        .filter(pk=process_id)
        .first()
    )
    if process is None:
        raise NotFound
    today = timezone.localdate()
    return render(
        request,
        "catalog/process_detail.html",
        {
            "process": process,
            "steps": process.steps.select_related("agency"),
            "findings": selectors.process_findings(process, on=today),
            "total_hours": sum(step.duration_hours for step in process.steps.all()),
        },
    )

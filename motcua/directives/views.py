"""The directives' pages: the chairman's overview of every task by unit (overdue first), a
directive, one unit's task with its history and evidence, issuing a directive."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_count, parse_id
from motcua.core.spreadsheets import xlsx_row
from motcua.core.uploads import uploaded_file_response
from motcua.core.views import DOCX, XLSX, file_response
from motcua.directives import emulation
from motcua.directives.evaluation import evaluation, weights_for
from motcua.directives.forms import (
    FINDING_ROWS,
    TASK_ROWS,
    DecisionForm,
    DirectiveForm,
    PlanForm,
    RecordForm,
    ReportForm,
    TaskForm,
)
from motcua.directives.models import AssignmentStatus, Evidence, Severity, TaskKind
from motcua.directives.reports import report_draft
from motcua.directives.selectors import (
    INSPECTION_LABELS,
    STATE_LABELS,
    STATE_TAGS,
    TaskState,
    assignment_state,
    inspection_state,
    overview,
    state_counts,
    visible_assignment,
    visible_assignments,
    visible_directives,
    visible_inspections,
)
from motcua.directives.services import (
    CheckData,
    DirectiveData,
    FindingData,
    ReportData,
    assignment_accept,
    assignment_report,
    assignment_send_back,
    directive_issue,
    inspection_plan,
    inspection_record,
)
from motcua.org.access import (
    INSPECTING_ROLES,
    agencies_held_at_or_above,
    can_direct,
    can_inspect,
    can_report_task,
    is_system_admin,
    scope_for,
)
from motcua.org.guards import staff_required, staff_user
from motcua.org.models import Agency, AgencyKind
from motcua.stats.services import resolve_period


@staff_required
@require_GET
def directive_overview(request: HttpRequest) -> HttpResponse:
    """Every task of every directive the user follows, by unit, overdue first."""
    user = staff_user(request)
    directive_id = parse_id(request.GET.get("directive"))
    wanted = request.GET.get("state", "")
    state = TaskState(wanted) if wanted in TaskState._value2member_map_ else None
    every = overview(user, directive_id=directive_id)
    rows = [row for row in every if state is None or row.state is state]
    return render(
        request,
        "directives/overview.html",
        {
            "rows": rows,
            "counts": [(s, STATE_LABELS[s], n) for s, n in state_counts(every).items()],
            "directives": visible_directives(user),
            "directive_id": directive_id,
            "state": state,
            "may_issue": _issuers(user).exists(),
        },
    )


def _in_force() -> Any:
    today = timezone.localdate()
    return Agency.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def _issuers(user: Any) -> Any:
    """The People's Committees in whose name the user may issue directives."""
    committees = _in_force().filter(kind=AgencyKind.PEOPLES_COMMITTEE).select_related("unit")
    allowed = [agency.pk for agency in committees if can_direct(user, agency)]
    return Agency.objects.filter(pk__in=allowed).order_by("code")


def _assignable() -> Any:
    return _in_force().order_by("code")


@staff_required
def directive_new(request: HttpRequest) -> HttpResponse:
    """Record a directive and its tasks; a refusal shows every field as typed."""
    user = staff_user(request)
    issuers = _issuers(user)
    if not issuers.exists():
        raise NotFound
    posted = request.method == "POST"
    form = DirectiveForm(request.POST if posted else None, request.FILES if posted else None,
                         issuers=issuers)  # fmt: skip
    tasks = [
        TaskForm(request.POST if posted else None, prefix=f"task-{n}", agencies=_assignable())
        for n in range(1, TASK_ROWS + 1)
    ]
    if posted and form.is_valid() and all(task.is_valid() for task in tasks):
        data = form.cleaned_data
        try:
            directive = directive_issue(
                actor=user,
                data=DirectiveData(
                    number=data["number"], issued_on=data["issued_on"],
                    issuing_agency_id=data["issuing_agency"].pk, signer=data["signer"],
                    signer_title=data["signer_title"], subject=data["subject"],
                    tasks=tuple(t for t in (task.task_data() for task in tasks) if t),
                    file=data.get("file"),
                ),
            )  # fmt: skip
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The directive is recorded and its tasks assigned."))
            return redirect(f"{reverse('directives')}?directive={directive.pk}")
    return render(
        request, "directives/new.html", {"form": form, "tasks": tasks},
        status=400 if posted else 200,
    )  # fmt: skip


def _assignment_context(
    request: HttpRequest, assignment_id: int, *, report: ReportForm | None = None,
    decision: DecisionForm | None = None,
) -> dict[str, Any]:  # fmt: skip
    user = staff_user(request)
    assignment = visible_assignment(user, assignment_id)
    events = (
        assignment.events.select_related("actor").prefetch_related("evidence").order_by("sequence")
    )
    reporter = can_report_task(user, assignment.agency_id)
    may_report = reporter and assignment.status in (
        AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS,
    )  # fmt: skip
    may_decide = (
        can_direct(user, assignment.task.directive.issuing_agency)
        and assignment.status == AssignmentStatus.REPORTED
    )
    state = assignment_state(assignment, timezone.now())
    return {
        "assignment": assignment,
        "task": assignment.task,
        "directive": assignment.task.directive,
        "state": state,
        "state_label": STATE_LABELS[state],
        "state_tag": STATE_TAGS[state],
        "events": events,
        "report_form": (report or ReportForm()) if may_report else None,
        "may_draft": reporter and assignment.task.kind == TaskKind.REPORT,
        "decision_form": (decision or DecisionForm()) if may_decide else None,
        "others": visible_assignments(user)
        .filter(task=assignment.task)
        .exclude(pk=assignment.pk)
        .order_by("agency__code", "due_at"),
    }


@staff_required
@require_GET
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return render(
        request, "directives/assignment.html", _assignment_context(request, assignment_id)
    )


@staff_required
@require_POST
def assignment_report_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    visible_assignment(staff_user(request), assignment_id)  # what the user may not see: 404
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        files = request.FILES.getlist("evidence")
        try:
            assignment_report(
                actor=staff_user(request), assignment_id=assignment_id,
                report=ReportData(text=data["text"], done=data["done"], files=files,
                                  links=(data["links"] or "").splitlines()),
            )  # fmt: skip
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The report is recorded."))
            return redirect("directive-assignment", assignment_id=assignment_id)
    context = _assignment_context(request, assignment_id, report=form)
    return render(request, "directives/assignment.html", context, status=400)


@staff_required
@require_POST
def assignment_decide_view(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Accept the report of done, or send it back with what is missing."""
    visible_assignment(staff_user(request), assignment_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("decision") == "accept":
            assignment_accept(actor=staff_user(request), assignment_id=assignment_id,
                              comment=comment)  # fmt: skip
            messages.success(request, _("The task is accepted as done."))
        else:
            assignment_send_back(actor=staff_user(request), assignment_id=assignment_id,
                                 reason=comment)  # fmt: skip
            messages.success(request, _("The report is sent back."))
    except DomainError as error:
        form.add_error("comment" if error.field == "reason" else None, str(error.message))
        context = _assignment_context(request, assignment_id, decision=form)
        return render(request, "directives/assignment.html", context, status=400)
    return redirect("directive-assignment", assignment_id=assignment_id)


def _report_code_and_period(assignment: Any) -> tuple[str, str]:
    """A People's Committee reports on its whole unit; another agency on itself. The period
    is the assignment's (2018-Q2), or the year of a one-off report's deadline."""
    agency = assignment.agency
    code = agency.unit.code if agency.kind == AgencyKind.PEOPLES_COMMITTEE else agency.code
    return code, assignment.period or str(timezone.localtime(assignment.due_at).year)


@staff_required
@require_GET
def assignment_draft(request: HttpRequest, assignment_id: int) -> HttpResponseBase:
    """The draft of a periodic report, for the unit to edit, sign and submit."""
    user = staff_user(request)
    assignment = visible_assignment(user, assignment_id)
    if assignment.task.kind != TaskKind.REPORT or not can_report_task(user, assignment.agency_id):
        raise NotFound
    code, period = _report_code_and_period(assignment)
    start, end = resolve_period(period=period, start=None, end=None)
    content = report_draft(code=code, period=period, start=start, end=end)
    return file_response(content, filename=f"bao-cao-cchc-{code}-{period}.docx", content_type=DOCX)


@staff_required
@require_GET
def directive_file(request: HttpRequest, directive_id: int) -> HttpResponseBase:
    """The directive's document, for whoever follows one of its tasks."""
    directive = visible_directives(staff_user(request)).filter(pk=directive_id).first()
    if directive is None or not directive.file:
        raise NotFound
    return uploaded_file_response(directive.file, filename=f"{directive.number}.pdf")


@staff_required
@require_GET
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    """An evidence file, for whoever may see the task it proves."""
    evidence = Evidence.objects.select_related("event").filter(pk=evidence_id).first()
    if evidence is None or not evidence.file:
        raise NotFound
    visible_assignment(staff_user(request), evidence.event.assignment_id)
    return uploaded_file_response(evidence.file, filename=evidence.name or "minh-chung")


# --- inspections --------------------------------------------------------------------------------


def _inspecting_agencies(user: Any) -> Any:
    """The agencies in whose name the user inspects (one look at the user's positions)."""
    if is_system_admin(user):
        return _in_force().order_by("code")
    held = agencies_held_at_or_above(user, INSPECTING_ROLES)
    return _in_force().filter(pk__in=held).order_by("code")


@staff_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The inspection plan: every inspection by or of an agency the user reads, with its state;
    those who inspect add to it."""
    user = staff_user(request)
    inspecting = _inspecting_agencies(user)
    form = None
    status = 200
    if inspecting.exists():
        posted = request.method == "POST"
        form = PlanForm(request.POST if posted else None, inspecting=inspecting,
                        agencies=_assignable())  # fmt: skip
        if posted and form.is_valid():
            data = form.cleaned_data
            try:
                inspection = inspection_plan(
                    actor=user, inspecting_agency_id=data["inspecting_agency"].pk,
                    inspected_agency_id=data["inspected_agency"].pk,
                    checklist_code=data["checklist"].code, planned_on=data["planned_on"],
                )  # fmt: skip
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The inspection is in the plan."))
                return redirect("directive-inspection", inspection_id=inspection.pk)
        status = 400 if posted else 200
    elif request.method == "POST":
        raise NotFound
    rows = [(i, INSPECTION_LABELS[inspection_state(i)]) for i in visible_inspections(user)]
    return render(request, "directives/inspections.html", {"rows": rows, "form": form},
                  status=status)  # fmt: skip


def _record_form(inspection: Any, data: Any = None) -> RecordForm:
    return RecordForm(data, items=inspection.checklist.items.order_by("position"),
                      prefix="record")  # fmt: skip


def _inspection_context(user: Any, inspection: Any, form: RecordForm | None) -> dict[str, Any]:
    may_record = inspection.inspected_on is None and can_inspect(
        user, inspection.inspecting_agency_id
    )
    findings = inspection.findings.select_related("task").prefetch_related("task__assignments")
    return {
        "inspection": inspection,
        "state": INSPECTION_LABELS[inspection_state(inspection)],
        "results": inspection.results.select_related("item").order_by("item__position"),
        "findings": findings,
        "form": (form or _record_form(inspection)) if may_record else None,
    }


def _visible_inspection(user: Any, inspection_id: int) -> Any:
    found = visible_inspections(user).filter(pk=inspection_id).first()
    if found is None:
        raise NotFound
    return found


@staff_required
def inspection_page(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """An inspection: its checklist to record, then what was checked and found, and the
    remediation tasks of its conclusion."""
    user = staff_user(request)
    inspection = _visible_inspection(user, inspection_id)
    if request.method != "POST":
        return render(request, "directives/inspection.html",
                      _inspection_context(user, inspection, None))  # fmt: skip
    form = _record_form(inspection, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        results = [CheckData(item.pk, data[f"item-{item.pk}"], data[f"note-{item.pk}"])
                   for item in form.items]  # fmt: skip
        findings = [
            FindingData(data[f"finding-{n}"], data[f"severity-{n}"] or Severity.MINOR,
                        data[f"days-{n}"] or 0)
            for n in range(1, FINDING_ROWS + 1) if (data[f"finding-{n}"] or "").strip()
        ]  # fmt: skip
        try:
            inspection_record(
                actor=user, inspection_id=inspection.pk, inspected_on=data["inspected_on"],
                results=results, findings=findings,
                conclusion_number=data["conclusion_number"], summary=data["summary"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("directive-inspection", inspection_id=inspection.pk)
    return render(request, "directives/inspection.html",
                  _inspection_context(user, inspection, form), status=400)  # fmt: skip


# --- emulation ----------------------------------------------------------------------------------

MEASURE_LABELS = {
    "tasks": gettext_lazy("Tasks on time"),
    "reports": gettext_lazy("Reports on time"),
    "inspections": gettext_lazy("Inspection items met"),
    "par": gettext_lazy("PAR index"),
    "statistics": gettext_lazy("Statistics targets"),
}


def _percent(value: Any) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


@staff_required
@require_GET
def emulation_page(request: HttpRequest) -> HttpResponseBase:
    """The units under a People's Committee scored and ranked for a year (HTML or XLSX)."""
    user = staff_user(request)
    scope = scope_for(user)
    committees = [a for a in _in_force().filter(kind=AgencyKind.PEOPLES_COMMITTEE)
                  .order_by("code") if scope.can_read(a.pk)]  # fmt: skip
    wanted = request.GET.get("agency", "")
    committee = next((a for a in committees if a.code == wanted), None) or (
        committees[0] if committees else None
    )
    year = parse_count(request.GET.get("year"), default=timezone.localdate().year - 1,
                       maximum=timezone.localdate().year)  # fmt: skip
    rows = evaluation(committee, year) if committee is not None else []
    weights = weights_for(year)
    lines = [
        {
            "rank": row.rank, "name": row.agency.name,
            "rates": [_percent(row.rates[name]) for name in emulation.MEASURES],
            "points": None if row.score.points is None else round(float(row.score.points), 2),
            "computed_on": row.score.computed_on,
            "share": _percent(row.score.share),
        }
        for row in rows
    ]  # fmt: skip
    headings = [f"{MEASURE_LABELS[name]} ({weights[name]})" for name in emulation.MEASURES]
    if request.GET.get("format") == "xlsx" and committee is not None:
        return file_response(
            _emulation_xlsx(committee, year, headings, lines),
            filename=f"thi-dua-{committee.code}-{year}.xlsx", content_type=XLSX,
        )  # fmt: skip
    return render(request, "directives/emulation.html", {
        "committees": committees, "committee": committee, "year": year, "lines": lines,
        "headings": headings, "maximum": sum(weights.values()),
    })  # fmt: skip


def _emulation_xlsx(committee: Any, year: int, headings: list[str], lines: list[Any]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(year))
    rows = [
        [_("Emulation evaluation %(year)s — units under %(committee)s")
         % {"year": year, "committee": committee.name}],
        [_("Rank"), _("Unit"), *headings, _("Points"), _("Computed on"), "%"],
        *([line["rank"], line["name"], *line["rates"], line["points"], line["computed_on"],
           line["share"]] for line in lines),
    ]  # fmt: skip
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The PAR index's pages: the criteria sets (import, export), a set's ranking (chart, XLSX, PDF),
a unit's scorecard (self-assessment with evidence, appraisal, charts, spreadsheet in and out)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.parsing import parse_id
from motcua.core.spreadsheets import ImportRejected
from motcua.core.uploads import uploaded_file_response
from motcua.core.views import XLSX, file_response
from motcua.documents.reports import image_src
from motcua.org.access import can_appraise, can_read_par_evidence, can_self_assess
from motcua.org.guards import staff_required, staff_user
from motcua.par import exports
from motcua.par.models import Assessment, AssessmentStatus, CriteriaSet, EvidenceFile
from motcua.par.services import (
    Evidence,
    assessment_publish,
    assessment_submit,
    assessment_survey_from_campaign,
    assessment_survey_set,
    criteria_set_export,
    criteria_set_import,
    last_year_card,
    par_report,
    ranking_heading,
    score_appraise,
    score_self,
    scorecard,
    scores_import,
    unit_years,
)
from motcua.surveys.selectors import surveying

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _criteria_set(set_id: int) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(pk=set_id).first()
    if criteria_set is None:
        raise NotFound
    return criteria_set


@staff_required
def par_sets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "par/sets.html",
        {"sets": CriteriaSet.objects.all(), "may_import": can_appraise(request.user)},
    )


@staff_required
@require_POST
def par_set_import(request: HttpRequest) -> HttpResponse:
    """A criteria set from the reform office's spreadsheet: all rows or none."""
    if not can_appraise(request.user):
        raise PermissionDenied(_("Only the appraisal council sets the criteria."))
    upload = request.FILES.get("file")
    if upload is None or not upload.size or upload.size > MAX_IMPORT_BYTES:
        return _rejected(request, _("Choose a spreadsheet (.xlsx) of at most 5 MB."), "par-sets")
    try:
        criteria_set = criteria_set_import(actor=staff_user(request), source=upload)
    except ImportRejected as rejected:
        return _rejected(request, rejected, "par-sets")
    messages.success(request, _("The criteria set was imported."))
    return redirect("par-ranking", set_id=criteria_set.pk)


def _rejected(
    request: HttpRequest, problem: ImportRejected | str, back: str, *args: Any
) -> HttpResponse:
    """Nothing was imported: every wrong row, and the way back to the page it came from."""
    rejected = problem if isinstance(problem, ImportRejected) else None
    return render(
        request,
        "core/import_rejected.html",
        {
            "title": _("Import refused"),
            "rejected": rejected,
            "problem": "" if rejected else problem,
            "back_url": reverse(back, args=args),
            "back_label": _("Back"),
        },
        status=400,
    )


@staff_required
@require_GET
def par_set_export(request: HttpRequest, set_id: int) -> HttpResponse:
    criteria_set = _criteria_set(set_id)
    name = exports.file_name("bo-tieu-chi-cchc", criteria_set.year, criteria_set.level)
    return file_response(
        criteria_set_export(criteria_set), filename=f"{name}.xlsx", content_type=XLSX
    )


@staff_required
def par_ranking(request: HttpRequest, set_id: int) -> HttpResponse:
    criteria_set = _criteria_set(set_id)
    report = par_report(year=criteria_set.year, level=criteria_set.level)
    wanted = request.GET.get("format", "")
    name = exports.file_name("chi-so-cchc", criteria_set.year, criteria_set.level)
    if wanted == "xlsx":
        heading = ranking_heading(criteria_set, day=timezone.localdate())
        return file_response(
            exports.ranking_xlsx(report, heading), filename=f"{name}.xlsx", content_type=XLSX
        )
    if wanted == "pdf":
        heading = ranking_heading(criteria_set, day=timezone.localdate())
        return file_response(
            exports.ranking_pdf(report, heading),
            filename=f"{name}.pdf",
            content_type="application/pdf",
        )
    chart = image_src(exports.ranking_chart(report)) if report["units"] else ""
    return render(
        request,
        "par/ranking.html",
        {"criteria_set": criteria_set, "report": report, "chart": chart},
    )


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
    may_self_assess = assessment.status == AssessmentStatus.DRAFT and can_self_assess(
        request.user, assessment.unit_id
    )
    if request.GET.get("format") == "xlsx":
        lines = {line.criterion.pk: line for line in card.lines}  # the scored criteria
        rows = [
            (
                row.code, row.name, row.max_points, row.pk not in lines,
                lines[row.pk].self_score if row.pk in lines else None,
                lines[row.pk].evidence if row.pk in lines else "",
            )
            for row in assessment.criteria_set.criteria.order_by("position")
        ]  # fmt: skip
        content = exports.scorecard_xlsx(
            rows, set_name=assessment.criteria_set.name, unit_name=assessment.unit.name
        )
        name = exports.file_name("tu-cham-cchc", assessment.criteria_set.year, unit_code)
        return file_response(content, filename=f"{name}.xlsx", content_type=XLSX)
    before = last_year_card(assessment)
    last_fields = {f.code: f.points for f in before.fields} if before else {}
    report_fields = [
        {"code": f.code, "name": f.name, "max": float(f.max_points), "points": float(f.points),
         "change": float(f.points - last_fields[f.code]) if f.code in last_fields else None}
        for f in card.fields
    ]  # fmt: skip
    years = unit_years(
        unit_code, assessment.criteria_set.level, known=[card, *([before] if before else [])]
    )
    due = assessment.criteria_set.self_assessment_due
    return render(
        request,
        "par/scorecard.html",
        {
            "card": card,
            "scored": [line.criterion for line in card.lines],
            "may_self_assess": may_self_assess,
            "may_appraise": assessment.status == AssessmentStatus.SUBMITTED
            and can_appraise(request.user),
            "due": due,
            "campaigns": surveying(assessment.unit_id),
            "fields": report_fields,
            "may_read_evidence": can_read_par_evidence(request.user, assessment.unit_id),
            "past_due": due is not None and timezone.localdate() > due,
            "fields_chart": image_src(exports.fields_chart(report_fields))
            if report_fields else "",
            "years": years,
            "years_chart": image_src(exports.years_chart(years)) if len(years) > 1 else "",
        },
    )  # fmt: skip


def _points(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.strip().replace(",", ".")) if raw.strip() else None
    except InvalidOperation:
        return None


@staff_required
@require_POST
def par_act(request: HttpRequest, set_id: int, unit_code: str) -> HttpResponse:
    """Score, import, submit, appraise or publish from the scorecard; a refusal is shown, nothing
    lost."""
    assessment = _assessment(set_id, unit_code)
    actor, post = staff_user(request), request.POST
    action = post.get("action", "")
    criterion = parse_id(post.get("criterion"))
    try:
        if action == "self":
            score_self(
                actor=actor, assessment_id=assessment.pk, criterion_id=criterion,
                points=_points(post.get("points", "")),
                evidence=Evidence(
                    note=post.get("evidence", ""), link=post.get("link", ""),
                    files=request.FILES.getlist("files"),
                ),
            )  # fmt: skip
        elif action == "import":
            upload = request.FILES.get("file")
            if upload is None or not upload.size or upload.size > MAX_IMPORT_BYTES:
                raise DomainError(_("Choose a spreadsheet (.xlsx) of at most 5 MB."))
            try:
                count = scores_import(actor=actor, assessment_id=assessment.pk, source=upload)
            except ImportRejected as rejected:
                return _rejected(request, rejected, "par-scorecard", set_id, unit_code)
            messages.success(request, _("%(count)s scores imported.") % {"count": count})
            return redirect("par-scorecard", set_id=set_id, unit_code=unit_code)
        elif action == "submit":
            assessment_submit(actor=actor, assessment_id=assessment.pk)
        elif action == "appraise":
            score_appraise(
                actor=actor, assessment_id=assessment.pk, criterion_id=criterion,
                points=_points(post.get("points", "")), reason=post.get("reason", ""),
            )  # fmt: skip
        elif action == "survey":
            assessment_survey_set(
                actor=actor, assessment_id=assessment.pk,
                points=_points(post.get("survey", "")), source=post.get("source", ""),
            )  # fmt: skip
        elif action == "survey-campaign":
            assessment_survey_from_campaign(
                actor=actor, assessment_id=assessment.pk,
                campaign_id=parse_id(post.get("campaign")),
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


@staff_required
@require_GET
def par_evidence(request: HttpRequest, file_id: int) -> HttpResponse:
    """An evidence file, for the unit's own officials, the council and the inspectors; anyone
    else is answered "not found" (a file's existence is not revealed)."""
    kept = EvidenceFile.objects.select_related("score__assessment").filter(pk=file_id).first()
    if kept is None or not can_read_par_evidence(request.user, kept.score.assessment.unit_id):
        raise NotFound
    response = uploaded_file_response(kept.file, filename=kept.name)
    return response  # type: ignore[return-value]

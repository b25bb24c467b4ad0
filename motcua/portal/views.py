"""Public pages: home, the procedure catalogue, online submission, tracking with the code and its
secret, rating, and each unit's public record. Every page is rate-limited per address."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog import selectors
from motcua.catalog.models import Level, ProcedureVersion, RequiredComponent
from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_id
from motcua.core.ratelimit import client_address, public_rate_limit, too_many_requests
from motcua.core.secrets import CODE, TooManyTries, check_secret, check_tries
from motcua.core.uploads import uploaded_file_response
from motcua.core.views import file_response
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.online import confirmation_send, online_draft_create, online_submit
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.slips import Slip, slip_pdf
from motcua.org.models import Agency
from motcua.portal.forms import ONLINE_STEPS, OnlineApplicantForm, RatingForm
from motcua.portal.selectors import (
    most_used_procedures,
    public_record,
    receiving_desks,
    staffed_processes,
)
from motcua.portal.services import Answers, dossier_by_secret, rating_save, supply_online
from motcua.portal.tracking import keep_page, opened, tracking
from motcua.signatures.selectors import valid_result
from motcua.stats.exports import percent
from motcua.surveys.selectors import latest_published

PAGE_SIZE = 20


@require_GET
@public_rate_limit("catalogue")
def procedure_search(request: HttpRequest) -> HttpResponse:
    """Search by name or code without diacritics, filter by field, level and agency."""
    today = timezone.localdate()
    query = request.GET.get("q", "")[:200]
    field_id = parse_id(request.GET.get("field"))
    level = request.GET.get("level") if request.GET.get("level") in Level.values else None
    agency_id = parse_id(request.GET.get("agency"))
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
    processes = selectors.processes_for_procedure(version.procedure_id, today)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "components": version.components.all(),
            "desks": receiving_desks(processes),
            "online": version.accepts_online and bool(staffed_processes(processes, today)),
            "steps": processes[0].steps.all() if processes else [],
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


# --- home -------------------------------------------------------------------------------------


@require_GET
@public_rate_limit("catalogue")
def home(request: HttpRequest) -> HttpResponse:
    """Search, the most used procedures, fields and agencies; tracking and the units' record."""
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "most_used": most_used_procedures(today),
            "fields": selectors.fields_in_use(today),
            "agencies": selectors.receiving_agencies(today),
        },
    )


# --- online submission ------------------------------------------------------------------------

DRAFTS_KEY = "online_drafts"  # the drafts this browser started (only it may confirm them)
SENT_KEY = "online_code_sent_to"  # where the first code went, shown once on the confirm page


def _own_draft(request: HttpRequest, dossier_id: int) -> Dossier:
    dossier = Dossier.objects.filter(pk=dossier_id, status=DossierStatus.DRAFT).first()
    if dossier is None or dossier_id not in request.session.get(DRAFTS_KEY, []):
        raise Http404
    return dossier


def _online_version(code: str, today: date) -> tuple[ProcedureVersion, list[Agency]]:
    """The procedure in force that accepts online dossiers, and the staffed desks to choose."""
    try:
        version = selectors.procedure_version_in_force(code, today)
    except NotFound:
        raise Http404 from None
    if not version.accepts_online:
        raise Http404
    processes = selectors.processes_for_procedure(version.procedure_id, today)
    agencies = [process.agency for process in staffed_processes(processes, today)]
    if not agencies:
        raise Http404
    return version, agencies


def _answers_key(code: str) -> str:
    return f"online_answers:{code}"


def _steps(agencies: list[Agency]) -> list[str]:
    """The pages of this submission: "where" only when there is a choice of desk."""
    asked = [step for step in ONLINE_STEPS if step != "where" or len(agencies) > 1]
    return [*asked, "documents"]


@require_GET
@public_rate_limit("submit")
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """The start of the online submission: its first page."""
    _version, agencies = _online_version(code, timezone.localdate())
    return redirect("portal-submit-step", code=code, step=_steps(agencies)[0])


@require_http_methods(["GET", "POST"])
@public_rate_limit("submit")
def submit_step(request: HttpRequest, code: str, step: str) -> HttpResponse:
    """One page of the online submission: a question, or the documents (the last page, which
    creates the draft and sends the code)."""
    today = timezone.localdate()
    version, agencies = _online_version(code, today)
    steps = _steps(agencies)
    if step not in steps:
        return redirect("portal-submit-step", code=code, step=steps[0])
    answers: dict[str, str] = dict(request.session.get(_answers_key(code), {}))
    if len(agencies) == 1:
        answers["agency"] = str(agencies[0].pk)
    position = steps.index(step)
    context: dict[str, object] = {
        "version": version, "step": step, "number": position + 1, "total": len(steps),
        "back": (
            reverse("portal-submit-step", args=[code, steps[position - 1]]) if position
            else reverse("portal-procedure", args=[code])
        ),
    }  # fmt: skip
    if step == "documents":
        return _submit_documents(request, version, agencies, answers, context)
    form = OnlineApplicantForm(
        request.POST if request.method == "POST" else None,
        initial=answers, agencies=agencies, step=step,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        answers.update({name: str(value) for name, value in form.cleaned_data.items()})
        request.session[_answers_key(code)] = answers
        return redirect("portal-submit-step", code=code, step=steps[position + 1])
    return render(request, "portal/submit_step.html", {**context, "form": form})


def _submit_documents(
    request: HttpRequest,
    version: ProcedureVersion,
    agencies: list[Agency],
    answers: dict[str, str],
    context: dict[str, object],
) -> HttpResponse:
    code = version.procedure.code
    # Every answer again, as one form: a page skipped or an answer tampered with is asked again.
    applicant = OnlineApplicantForm(answers, agencies=agencies)
    if not applicant.is_valid():
        first = next(
            (
                step
                for step in _steps(agencies)
                if set(ONLINE_STEPS.get(step, ())) & set(applicant.errors)
                or (step == "contact" and "__all__" in applicant.errors)
            ),
            _steps(agencies)[0],
        )
        return redirect("portal-submit-step", code=code, step=first)
    components = version.components.all()
    error = ""
    if request.method == "POST":
        files = {
            c.position: upload
            for c in components
            if (upload := request.FILES.get(f"file-{c.position}")) is not None
        }
        data = applicant.cleaned_data
        try:
            dossier = online_draft_create(
                procedure_code=code, agency_id=int(data["agency"]),
                applicant=ApplicantData.from_form(data), files=files,
            )  # fmt: skip
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            request.session.pop(_answers_key(code), None)
            request.session[DRAFTS_KEY] = [*request.session.get(DRAFTS_KEY, [])[-4:], dossier.pk]
            # The code goes out at once (by SMS when a phone was given): one click less.
            try:
                request.session[SENT_KEY] = confirmation_send(
                    dossier_id=dossier.pk,
                    channel="sms" if dossier.applicant_phone else "email",
                    client=client_address(request),
                )
            except DomainError as refusal:
                messages.error(request, str(refusal.message))
            return redirect("portal-confirm", dossier_id=dossier.pk)
    return render(
        request,
        "portal/submit_documents.html",
        {**context, "components": components, "error": error},
    )


@require_http_methods(["GET", "POST"])
@public_rate_limit("submit")
def confirm(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Send the one-time code, then enter it: the dossier is submitted."""
    dossier = _own_draft(request, dossier_id)
    sent_to = request.session.pop(SENT_KEY, "") if request.method == "GET" else ""
    if request.method == "POST":
        try:
            if "send" in request.POST:
                sent_to = confirmation_send(
                    dossier_id=dossier.pk,
                    channel=request.POST.get("send", ""),
                    client=client_address(request),
                )
            else:
                submitted = online_submit(dossier_id=dossier.pk, code=request.POST.get("code", ""))
                track = reverse("portal-track-dossier", args=[submitted.handle])
                return redirect(f"{track}?s={submitted.secret}&new=1")
        except DomainError as error:
            messages.error(request, str(error.message))
    documents = dossier.components.exclude(file="")
    return render(
        request,
        "portal/confirm.html",
        {"dossier": dossier, "sent_to": sent_to, "documents": documents},
    )


# --- tracking, supplementing, rating -----------------------------------------------------------


def _tracked(request: HttpRequest, code: str) -> Dossier | HttpResponse:
    """The dossier for code + secret, or the one page a wrong guess gets (unknown or wrong)."""
    try:
        return dossier_by_secret(code, request.GET.get("s") or request.POST.get("s") or "")
    except TooManyTries:
        return _too_many_tries(request)
    except NotFound:
        return _not_found(request)


@require_GET
@public_rate_limit("track")
def track_form(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()[:80]
    if code and not CODE.fullmatch(code):
        return _not_found(request)  # no code has these characters: the same answer as unknown
    if code:
        url = reverse("portal-track-dossier", args=[code])
        return redirect(f"{url}?{urlencode({'s': request.GET.get('s', '')})}")
    return render(request, "portal/track_form.html", {})


# Where a cached page's forms get the visitor's CSRF token (a placeholder, not a secret).
TOKEN_SLOT = "csrf0token0slot0000000000000000000000000000000000000000000000000"  # noqa: S105


def _too_many_tries(request: HttpRequest) -> HttpResponse:
    return too_many_requests(
        request, _("Too many attempts for this dossier code. Please wait a minute.")
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/track_form.html", {"not_found": True}, status=404)


@require_GET
@public_rate_limit("track")
def track(request: HttpRequest, code: str) -> HttpResponse:
    """Status, the steps with their dates, the appointment, what is requested, the rating.

    The dossier part comes from the tracking cache (portal/tracking.py): a lookup costs no
    query while the dossier does not change, and a wrong secret costs the same for a real code
    as for a made-up one."""
    try:
        code = check_tries(code)
        found = tracking(code)
        check_secret(found.secret if found else None, request.GET.get("s", ""))
    except TooManyTries:
        return _too_many_tries(request)
    except NotFound:
        return _not_found(request)
    assert found is not None
    found = opened(found)  # rendered only now: a wrong secret never pays for (or times) it
    new = request.GET.get("new") == "1"
    # Most lookups are an anonymous visitor re-reading the page: it is the same for all of them
    # until the dossier changes, so it is kept whole — with a placeholder where a form's CSRF
    # token goes, filled in for each visitor.
    whole = not (new or request.user.is_authenticated or len(messages.get_messages(request)))
    page = found.page if whole else ""
    if not page:
        context: dict[str, object] = {"track": found, "new": new}
        if found.can_rate:
            context["rating_form"] = RatingForm()
        if whole:
            context.update(next_path=f"{request.path}?s={found.secret}", csrf_token=TOKEN_SLOT)
        page = render(request, "portal/track.html", context).content.decode()
        if whole:
            keep_page(found, page)
    if TOKEN_SLOT in page:
        page = page.replace(TOKEN_SLOT, get_token(request))
    return HttpResponse(page)


@require_GET
@public_rate_limit("track")
def track_receipt(request: HttpRequest, code: str) -> HttpResponse:
    found = _tracked(request, code)
    if isinstance(found, HttpResponse):
        return found
    try:
        content = slip_pdf(found, Slip.RECEIPT)
    except DomainError:
        raise Http404 from None
    return file_response(
        content, filename=f"{found.code}.pdf", content_type="application/pdf", inline=True
    )


@require_GET
@public_rate_limit("track")
def track_result(request: HttpRequest, code: str) -> HttpResponseBase:
    """The signed electronic result, for whoever holds the dossier's code and secret."""
    found = _tracked(request, code)
    if isinstance(found, HttpResponse):
        return found
    result = valid_result(found.pk)
    if result is None:
        raise Http404
    return uploaded_file_response(result.attachment.file, filename=f"ket-qua-{found.code}.pdf")


def _back_to_track(dossier: Dossier) -> HttpResponse:
    return redirect(f"{reverse('portal-track-dossier', args=[dossier.handle])}?s={dossier.secret}")


@require_POST
@public_rate_limit("track")
def track_supply(request: HttpRequest, code: str) -> HttpResponse:
    found = _tracked(request, code)
    if isinstance(found, HttpResponse):
        return found
    files = dict(enumerate(request.FILES.getlist("files")[:10], start=1))
    try:
        supply_online(found, files)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: the documents were sent to the agency."))
    return _back_to_track(found)


@require_POST
@public_rate_limit("track")
def track_rate(request: HttpRequest, code: str) -> HttpResponse:
    found = _tracked(request, code)
    if isinstance(found, HttpResponse):
        return found
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one answer for each question."))
        return _back_to_track(found)
    try:
        rating_save(found, Answers(**form.cleaned_data))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you for your rating."))
    return _back_to_track(found)


# --- the units' public record -----------------------------------------------------------------

PERIODS = {"month": gettext_lazy("This month"), "quarter": gettext_lazy("This quarter"),
           "year": gettext_lazy("This year")}  # fmt: skip


def _period_start(today: date, period: str) -> date:
    if period == "year":
        return today.replace(month=1, day=1)
    if period == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return today.replace(day=1)


@require_GET
@public_rate_limit("catalogue")
def units(request: HttpRequest) -> HttpResponse:
    """Each unit's on-time and early rates and satisfaction, against the targets."""
    today = timezone.localdate()
    period = request.GET.get("period") if request.GET.get("period") in PERIODS else "month"
    record = public_record(_period_start(today, str(period)), today)
    return render(
        request,
        "portal/units.html",
        {
            "record": record,
            "period": period,
            "periods": PERIODS.items(),
            "on_time_target": percent(record.targets.on_time_rate),
            "early_target": percent(record.targets.early_rate),
            "survey": latest_published(),
        },
    )

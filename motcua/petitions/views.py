"""Petition pages: the hotline operator's fast entry and triage, the agency's answer and the
leader's approval (staff); filing, tracking and the published answers (public)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_count, parse_id
from motcua.core.ratelimit import public_rate_limit, too_many_requests
from motcua.core.secrets import TooManyTries, found_by_secret
from motcua.core.uploads import uploaded_file_response
from motcua.core.views import file_response
from motcua.org.guards import staff_required, staff_user
from motcua.org.models import Agency
from motcua.org.selectors import agency_list
from motcua.petitions.forms import PetitionForm
from motcua.petitions.letter import answer_letter_pdf
from motcua.petitions.models import Action, Channel, Kind, Petition, Status
from motcua.petitions.selectors import (
    operated_offices,
    petition_statistics,
    petitions_for,
    published_answers,
    to_triage,
)
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_extend,
    petition_follow_up,
    petition_merge,
    petition_publish,
    petition_receive,
    petition_reject,
    petition_request_supplement,
    petition_supply,
    petition_transfer,
    scrub,
)


def _petition(request: HttpRequest, code: str) -> Petition:
    """A petition the staff member works on (404 for any other)."""
    petition = petitions_for(staff_user(request)).filter(code=code).first()
    if petition is None:
        raise Http404
    return petition


def _data(form: PetitionForm, channel: Channel, request: HttpRequest) -> PetitionData:
    values = form.cleaned_data
    return PetitionData(
        attachments=tuple(request.FILES.getlist("attachments")),
        title=values["title"], content=values["content"], kind=Kind(values["kind"]),
        channel=channel, name=values["name"], phone=values["phone"], email=values["email"],
        address=values.get("address", ""), consent_to_publish=values["consent_to_publish"],
        location=values["location"], dossier_code=values["dossier_code"],
    )  # fmt: skip


# --- staff -----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def hotline(request: HttpRequest) -> HttpResponse:
    """The operator's screen: record a call while on the phone; triage what came in."""
    user = staff_user(request)
    if not operated_offices(user):
        raise Http404
    form = PetitionForm(request.POST or None, staff=True)
    if request.method == "POST" and form.is_valid():
        try:
            petition = petition_receive(
                data=_data(form, Channel(form.cleaned_data["channel"]), request), actor=user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Recorded: %(code)s. Tell the caller the code and the lookup secret %(secret)s.")
                % {"code": petition.code, "secret": petition.secret},
            )
            return redirect("petitions-hotline")
    return render(
        request,
        "petitions/hotline.html",
        {
            "form": form,
            "triage": to_triage(user),
            "agencies": agency_list(),
            "kinds": Kind.choices,
        },
    )


@staff_required
@require_POST
def triage(request: HttpRequest, code: str) -> HttpResponse:
    user = staff_user(request)
    petition = _petition(request, code)
    outcome = request.POST.get("outcome")
    try:
        if outcome == "assign":
            agency = Agency.objects.filter(pk=parse_id(request.POST.get("agency")) or 0).first()
            if agency is None:
                raise DomainError(_("Choose the responsible agency."), field="agency")
            kind = request.POST.get("kind")
            petition_assign(
                actor=user, petition_id=petition.pk, agency=agency,
                kind=Kind(kind) if kind in Kind.values else None,
            )  # fmt: skip
        elif outcome == "reject":
            petition_reject(
                actor=user, petition_id=petition.pk, reason=request.POST.get("reason", "")
            )
        elif outcome == "merge":
            into = Petition.objects.filter(
                code=request.POST.get("into", "").strip().upper()
            ).first()
            if into is None:
                raise DomainError(_("No petition has this code."), field="into")
            petition_merge(actor=user, petition_id=petition.pk, into_id=into.pk)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, f"{petition.code}: {error.message}")
    else:
        messages.success(request, _("Done: %(code)s.") % {"code": petition.code})
    return redirect("petitions-hotline")


@staff_required
@require_GET
def petition_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    return render(
        request,
        "petitions/list.html",
        {
            "petitions": petitions_for(user).order_by("due_at")[:200],
            "statistics": petition_statistics(petitions_for(user), date(today.year, 1, 1), today),
            "kinds": dict(Kind.choices),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def petition_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The petition, its history, and the action the user may take: draft, approve, extend."""
    user = staff_user(request)
    petition = _petition(request, code)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draft":
                petition_draft_answer(
                    actor=user, petition_id=petition.pk, answer=request.POST.get("answer", "")
                )
            elif action == "approve":
                petition_approve_answer(
                    actor=user, petition_id=petition.pk,
                    public_answer=request.POST.get("public_answer", ""),
                )  # fmt: skip
            elif action == "publish":
                petition_publish(
                    actor=user, petition_id=petition.pk,
                    public_answer=request.POST.get("public_answer", ""),
                )  # fmt: skip
            elif action == "transfer":
                target = Agency.objects.filter(pk=parse_id(request.POST.get("agency")) or 0).first()
                if target is None:
                    raise DomainError(_("Choose the competent agency."), field="agency")
                petition_transfer(
                    actor=user, petition_id=petition.pk, agency=target,
                    reason=request.POST.get("reason", ""),
                )  # fmt: skip
            elif action == "request_supplement":
                petition_request_supplement(
                    actor=user, petition_id=petition.pk, request=request.POST.get("request", "")
                )
            elif action == "supply":
                petition_supply(
                    actor=user, petition_id=petition.pk,
                    information=request.POST.get("information", ""),
                )  # fmt: skip
            elif action == "extend":
                days = parse_count(request.POST.get("days"), default=0, maximum=365)
                petition_extend(
                    actor=user, petition_id=petition.pk, days=days,
                    reason=request.POST.get("reason", ""),
                )  # fmt: skip
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Done: %(code)s.") % {"code": petition.code})
        return redirect("petitions-detail", code=petition.code)
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "agencies": agency_list().exclude(pk=petition.agency_id or 0),
            "events": [
                (event, Action(event.action).label)
                for event in petition.events.select_related("actor")
            ],
        },
    )


@staff_required
@require_GET
def attachment(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A file the petitioner sent, for the staff who may read the petition."""
    record = _petition(request, code).attachments.filter(pk=file_id).first()
    if record is None:
        raise Http404
    return uploaded_file_response(record.file, filename=record.name)


@staff_required
@require_GET
def answer_letter(request: HttpRequest, code: str) -> HttpResponse:
    """The approved answer as a letter to print and post."""
    petition = _petition(request, code)
    return file_response(
        answer_letter_pdf(petition), filename=f"tra-loi-{petition.code}.pdf",
        content_type="application/pdf", inline=True,
    )  # fmt: skip


# --- public ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@public_rate_limit("petition")
def file_petition(request: HttpRequest) -> HttpResponse:
    """A citizen files a petition on the portal and gets a code and a lookup secret."""
    form = PetitionForm(request.POST or None, staff=False)
    if request.method == "POST" and form.is_valid():
        try:
            petition = petition_receive(data=_data(form, Channel.WEB, request))
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            url = reverse("petitions-track", args=[petition.code])
            return redirect(f"{url}?s={petition.secret}&new=1")
    return render(request, "petitions/file.html", {"form": form})


def _owned(request: HttpRequest, code: str) -> Petition | HttpResponse:
    petitions = Petition.objects.select_related("agency", "merged_into")
    try:
        return found_by_secret(petitions, code, request.GET.get("s") or request.POST.get("s") or "")
    except TooManyTries:
        return too_many_requests(
            request, _("Too many attempts for this code. Please wait a minute.")
        )
    except NotFound:
        return render(request, "petitions/not_found.html", status=404)


@require_GET
@public_rate_limit("track")
def track(request: HttpRequest, code: str) -> HttpResponse:
    found = _owned(request, code)
    if isinstance(found, HttpResponse):
        return found
    answered = found.merged_into if found.status == Status.MERGED else found
    return render(
        request,
        "petitions/track.html",
        {"petition": found, "answered": answered, "new": request.GET.get("new") == "1"},
    )


@require_POST
@public_rate_limit("track")
def follow_up(request: HttpRequest, code: str) -> HttpResponse:
    found = _owned(request, code)
    if isinstance(found, HttpResponse):
        return found
    try:
        petition_follow_up(petition_id=found.pk, resolved=request.POST.get("resolved") == "yes")
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: your answer was recorded."))
    return redirect(f"{reverse('petitions-track', args=[found.code])}?s={found.secret}")


@require_GET
@public_rate_limit("catalogue")
def answers(request: HttpRequest) -> HttpResponse:
    """Published answers, searchable without accents; no personal data in them."""
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "petitions/answers.html",
        {
            "answers": [(p, scrub(p.title, p)) for p in published_answers(query)[:50]],
            "query": query,
        },
    )

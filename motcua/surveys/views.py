"""The survey's pages: the public questionnaire of an invitation (made for a phone), and the
reform office's campaigns — creation, the live dashboard, the sample to reach on paper, the
report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.parsing import parse_id
from motcua.core.ratelimit import public_rate_limit
from motcua.core.spreadsheets import ImportRejected
from motcua.core.views import XLSX, file_response
from motcua.documents.reports import heading_above
from motcua.org.access import can_open_survey_kiosk, can_run_surveys, scope_for
from motcua.org.guards import staff_required, staff_user
from motcua.org.models import AdministrativeUnit
from motcua.surveys import exports
from motcua.surveys.models import (
    Campaign,
    CampaignStatus,
    Channel,
    Factor,
    Invitation,
    InvitationStatus,
    Question,
)
from motcua.surveys.reports import campaign_report, unit_trend
from motcua.surveys.services import (
    campaign_close,
    campaign_create,
    campaign_draw,
    invitation_by_token,
    invitation_refuse,
    questionnaire_default,
    read_paper_csv,
    response_submit,
    responses_import,
)

SCALE_LABELS = {
    "perception": [
        gettext_lazy("Strongly disagree"), gettext_lazy("Disagree"), gettext_lazy("Neither"),
        gettext_lazy("Agree"), gettext_lazy("Strongly agree"),
    ],
    "satisfaction": [
        gettext_lazy("Very dissatisfied"), gettext_lazy("Dissatisfied"), gettext_lazy("Neutral"),
        gettext_lazy("Satisfied"), gettext_lazy("Very satisfied"),
    ],
    "expectation": [
        gettext_lazy("Very low"), gettext_lazy("Low"), gettext_lazy("Medium"),
        gettext_lazy("High"), gettext_lazy("Very high"),
    ],
}  # fmt: skip
MAX_CSV_BYTES = 5 * 1024 * 1024


def _factors(
    questionnaire_questions: list[Question], posted: dict[str, str]
) -> list[dict[str, object]]:
    """The questions grouped by factor, each with its scale's labels and what was posted."""
    groups: dict[int | None, list[dict[str, object]]] = {}
    for question in questionnaire_questions:
        labels = SCALE_LABELS.get(question.aspect, [])
        groups.setdefault(question.factor, []).append({
            "question": question, "value": posted.get(question.code, ""),
            "choices": [(str(number), str(label)) for number, label in enumerate(labels, 1)],
        })  # fmt: skip
    return [
        {"name": str(Factor(factor).label) if factor else _("Other comments"), "items": items}
        for factor, items in groups.items()
    ]


@require_http_methods(["GET", "POST"])
@public_rate_limit("survey")
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of one invitation; answered once, while the campaign runs."""
    via = request.GET.get("via", "")
    channel = via if via in (Channel.TRACKING, Channel.KIOSK) else Channel.LINK
    try:
        invitation = invitation_by_token(token)
    except NotFound as error:
        return render(request, "surveys/closed.html", {"message": error.message}, status=404)
    except DomainError as error:
        return render(request, "surveys/closed.html", {"message": error.message}, status=410)
    questions = list(invitation.campaign.questionnaire.questions.all())
    posted: dict[str, str] = {}
    problem = None
    if request.method == "POST":
        posted = {q.code: request.POST.get(q.code, "") for q in questions}
        try:
            response_submit(token=token, answers=posted, channel=channel)
        except DomainError as error:
            problem = error
        else:
            return redirect("surveys-thanks")
    return render(
        request,
        "surveys/answer.html",
        {"invitation": invitation, "factors": _factors(questions, posted), "problem": problem},
        status=400 if problem else 200,
    )


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


# --- the reform office's pages ------------------------------------------------------------------


def _runner(request: HttpRequest) -> None:
    if not can_run_surveys(request.user):
        raise PermissionDenied(_("Only the reform office runs satisfaction surveys."))


def _campaign(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_related("questionnaire").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound
    return campaign


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(_("Choose a date."), field=field) from None


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    _runner(request)
    today = timezone.localdate()
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True).order_by("code")
    if request.method == "POST":
        post = request.POST
        try:
            margin = Decimal(post.get("margin", "5").replace(",", ".")) / 100
            campaign = campaign_create(
                actor=staff_user(request), name=post.get("name", ""),
                questionnaire=questionnaire_default(today.year),
                start=_day(post.get("start", ""), "start"), end=_day(post.get("end", ""), "end"),
                closes_on=_day(post.get("closes_on", ""), "closes_on"),
                unit_codes=post.getlist("units"), margin=margin,
            )  # fmt: skip
        except InvalidOperation:
            messages.error(request, _("The margin of error goes from 1 % to 20 %."))
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            return redirect("surveys-campaign", campaign_id=campaign.pk)
    return render(
        request,
        "surveys/campaigns.html",
        {
            "campaigns": Campaign.objects.all(), "units": units,
            "defaults": {"start": (today - timedelta(days=90)).isoformat(),
                         "end": today.isoformat(),
                         "closes_on": (today + timedelta(days=30)).isoformat()},
        },
    )  # fmt: skip


@staff_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The live dashboard: per unit the sample, the answers by channel and the index."""
    _runner(request)
    campaign = _campaign(campaign_id)
    report = campaign_report(campaign)
    wanted = request.GET.get("format", "")
    if wanted in ("xlsx", "pdf"):
        heading = heading_above(
            campaign.units.values_list("unit_id", flat=True), day=timezone.localdate(),
            fallback=campaign.name,
        )  # fmt: skip
        if wanted == "xlsx":
            content, kind = exports.report_xlsx(report, heading), XLSX
        else:
            content, kind = exports.report_pdf(report, heading), "application/pdf"
        return file_response(content, filename=f"khao-sat-{campaign.pk}.{wanted}",
                             content_type=kind)  # fmt: skip
    if wanted == "json":
        response = JsonResponse(report, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="khao-sat-{campaign.pk}.json"'
        return response
    trend = unit_trend(campaign, report)
    factor_names = {str(factor.value): str(factor.label) for factor in Factor}
    for unit in report["units"]:
        unit["answered"] = sum(unit["channels"].values())
        unit["trend"] = trend.get(unit["code"], [])
        unit["comment_groups"] = [
            (factor_names.get(key, _("Other comments")), texts)
            for key, texts in sorted(unit["comments"].items())
        ]
    return render(
        request,
        "surveys/campaign.html",
        {"campaign": campaign, "report": report, "channels": Channel.choices},
    )  # fmt: skip


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_kiosk(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The tablet at the desk: the clerk types the dossier code of the person in front of them;
    if the dossier is in the sample and has not answered, the tablet opens its questionnaire."""
    if not can_open_survey_kiosk(request.user):
        raise PermissionDenied(_("Only the desk's clerks open the survey kiosk."))
    campaign = _campaign(campaign_id)
    if request.method == "POST":
        code = request.POST.get("code", "").strip().upper()[:80]
        invitation = (
            Invitation.objects.filter(
                campaign=campaign, dossier__code=code, status=InvitationStatus.INVITED
            )
            .select_related("dossier")
            .first()
        )
        # Only a dossier the clerk's desk may read: another desk's sample stays out of reach.
        readable = (
            invitation is not None
            and invitation.dossier is not None
            and scope_for(request.user).can_read(invitation.dossier.agency_id)
        )
        if invitation is not None and readable and campaign.status == CampaignStatus.OPEN:
            return redirect(f"{reverse('surveys-answer', args=[invitation.token])}?via=kiosk")
        messages.error(request, _("This dossier is not waiting for an answer in this campaign."))
    return render(request, "surveys/kiosk.html", {"campaign": campaign})


@staff_required
@require_GET
def campaign_invitations(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The sample: whom to reach (by phone or in person when no message could go), and who
    declined and was replaced. Dossier codes only; forgotten when the campaign closes."""
    _runner(request)
    campaign = _campaign(campaign_id)
    invitations = (
        Invitation.objects.filter(campaign=campaign)
        .select_related("unit", "dossier")
        .order_by("unit__code", "procedure_code", "pk")
    )
    return render(
        request, "surveys/invitations.html", {"campaign": campaign, "invitations": invitations}
    )


@staff_required
@require_POST
def campaign_act(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Draw the sample, record a refusal, enter paper forms, close; refusals shown, nothing lost."""
    _runner(request)
    campaign = _campaign(campaign_id)
    actor, action = staff_user(request), request.POST.get("action", "")
    back = redirect("surveys-campaign", campaign_id=campaign.pk)
    try:
        if action == "draw":
            count = campaign_draw(actor=actor, campaign_id=campaign.pk)
            messages.success(request, _("%(count)s people invited.") % {"count": count})
        elif action == "refuse":
            replacement = invitation_refuse(
                actor=actor, invitation_id=parse_id(request.POST.get("invitation")) or 0
            )
            messages.success(
                request,
                _("Recorded; a replacement was drawn.") if replacement
                else _("Recorded; no one is left to replace them in that procedure."),
            )  # fmt: skip
            back = redirect("surveys-invitations", campaign_id=campaign.pk)
        elif action == "paper":
            first, second = request.FILES.get("first"), request.FILES.get("second")
            if first is None or not first.size or first.size > MAX_CSV_BYTES:
                raise DomainError(_("Choose the CSV file of the first entry (at most 5 MB)."))
            if second is None or not second.size or second.size > MAX_CSV_BYTES:
                raise DomainError(_("Choose the CSV file of the second entry (at most 5 MB)."))
            try:
                count = responses_import(
                    actor=actor, campaign_id=campaign.pk,
                    first=read_paper_csv(first, name=first.name or "1"),
                    second=read_paper_csv(second, name=second.name or "2"),
                    name=first.name or "CSV",
                )  # fmt: skip
            except ImportRejected as rejected:
                return render(
                    request, "core/import_rejected.html",
                    {"title": _("Paper forms refused"), "rejected": rejected,
                     "back_url": reverse("surveys-campaign", args=[campaign.pk]),
                     "back_label": campaign.name},
                    status=400,
                )  # fmt: skip
            messages.success(request, _("%(count)s paper forms entered.") % {"count": count})
        elif action == "close":
            campaign_close(actor=actor, campaign_id=campaign.pk)
            messages.success(request, _("The campaign is closed."))
        else:
            raise NotFound
    except DomainError as error:
        if isinstance(error, (NotFound, PermissionDenied)):
            raise
        messages.error(request, str(error.message))
    return back

"""The one-stop desk: find the procedure, check the components, receive / guide / refuse."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.selectors import (
    procedure_search,
    procedure_version_in_force,
    processes_in_force,
)
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.uploads import checked_upload
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import ApplicantKind, Channel, Dossier, DossierStatus
from motcua.dossiers.online import online_guide, online_receive, online_refuse
from motcua.dossiers.selectors import (
    dossier_for,
    dossiers_for,
    submitted_online_for,
    whereabouts,
)
from motcua.dossiers.services import (
    ActionInput,
    ApplicantData,
    ComponentReceived,
    dossier_act,
    dossier_guide,
    dossier_receive,
    dossier_refuse_intake,
)
from motcua.org.guards import staff_required, staff_user
from motcua.org.models import Agency, Role
from motcua.org.selectors import active_positions


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("applicant kind"), choices=ApplicantKind.choices)
    name = forms.CharField(
        label=gettext_lazy("applicant"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=gettext_lazy("phone"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("email"), required=False)
    address = forms.CharField(label=gettext_lazy("address"), max_length=500, required=False)
    channel = forms.ChoiceField(label=gettext_lazy("channel"), choices=Channel.choices)


def desk_agency(request: HttpRequest) -> Agency:
    """The one-stop unit where this clerk receives (the first, when several)."""
    position = (
        active_positions()
        .filter(user=staff_user(request), role=Role.CLERK)
        .select_related("agency")
        .order_by("agency__code")
        .first()
    )
    if position is None:
        raise PermissionDenied(_("The desk is for one-stop clerks."))
    return position.agency


@staff_required
def desk(request: HttpRequest) -> HttpResponse:
    """Step one: the procedure, found as you type (no accents needed)."""
    agency = desk_agency(request)
    query = request.GET.get("q", "")[:200]
    results = (
        procedure_search(day=timezone.localdate(), query=query, agency_id=agency.pk)[:15]
        if query
        else []
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dossiers/_desk_results.html", {"results": results})
    online = submitted_online_for(staff_user(request)).filter(agency=agency)
    return render(
        request,
        "dossiers/desk.html",
        {"agency": agency, "query": query, "results": results, "online": online},
    )


OUTCOMES = {"receive", "guide", "refuse"}


@staff_required
@require_POST
def online_check(request: HttpRequest, code: str) -> HttpResponse:
    """The clerk's verdict on an online dossier: receive it, return it for completion, refuse."""
    dossier = dossier_for(request.user, code)
    outcome = request.POST.get("outcome", "")
    actor = staff_user(request)
    try:
        if outcome == "receive":
            dossier = online_receive(actor=actor, dossier_id=dossier.pk)  # the code is issued
            messages.success(
                request, _("Received: %(code)s. The applicant is told.") % {"code": dossier.code}
            )
        elif outcome == "guide":
            missing = [line for line in request.POST.get("missing", "").splitlines() if line]
            online_guide(
                actor=actor, dossier_id=dossier.pk, missing=missing,
                comment=request.POST.get("comment", ""),
            )  # fmt: skip
            messages.success(request, _("Returned for completion; the applicant is told."))
        elif outcome == "refuse":
            online_refuse(actor=actor, dossier_id=dossier.pk, reason=request.POST.get("reason", ""))
            messages.success(request, _("Refused; the applicant is told."))
        else:
            raise NotFound
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("staff-dossier", code=dossier.handle)


def _scan(file: UploadedFile[Any] | None) -> UploadedFile[Any] | None:
    return checked_upload(file, field="components") if file is not None else None


@staff_required
@require_http_methods(["GET", "POST"])
def desk_intake(request: HttpRequest, code: str) -> HttpResponse:
    """Step two: applicant, the components checklist with scans, and the outcome."""
    agency = desk_agency(request)
    version = procedure_version_in_force(code, timezone.localdate())
    required = list(version.components.all())
    form = ApplicantForm(request.POST or None, initial={"channel": Channel.DESK})
    all_received = bool(request.POST.get("received-all"))  # "every required document"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        applicant = ApplicantData.from_form(data)
        outcome = request.POST.get("outcome")
        try:
            components = [
                ComponentReceived(
                    name=item.name,
                    # Not posted (the box ticked by "every required document" only): the
                    # numbers the procedure asks for.
                    originals=int(
                        request.POST.get(f"originals-{item.position}", item.originals) or 0
                    ),
                    copies=int(request.POST.get(f"copies-{item.position}", item.copies) or 0),
                    required_position=item.position,
                    file=_scan(request.FILES.get(f"file-{item.position}")),
                )
                for item in required
                if request.POST.get(f"received-{item.position}")
                or (all_received and not item.is_optional)
            ]
            common: dict[str, Any] = {
                "actor": staff_user(request),
                "agency": agency,
                "procedure_code": code,
            }
            if outcome == "guide":
                received = {c.required_position for c in components}
                missing = [
                    item.name
                    for item in required
                    if item.position not in received and not item.is_optional
                ]
                missing += [line for line in request.POST.get("missing", "").splitlines() if line]
                dossier = dossier_guide(**common, applicant=applicant, missing=missing)
            elif outcome == "refuse":
                dossier = dossier_refuse_intake(
                    **common, applicant=applicant, reason=request.POST.get("reason", "")
                )
            else:
                dossier = dossier_receive(
                    **common, applicant=applicant, components=components,
                    channel=Channel(data["channel"]),
                )  # fmt: skip
        except (DomainError, ValueError) as error:
            message = error.message if isinstance(error, DomainError) else str(error)
            messages.error(request, str(message))
        else:
            if dossier.code:
                messages.success(
                    request, _("Received: %(code)s. Print the receipt.") % {"code": dossier.code}
                )
                if request.POST.get("forward"):
                    _forward_received(request, dossier)
                # Receive and print: the receipt opens with the browser's print dialog.
                return redirect("staff-dossier-slip-print", code=dossier.code, kind="receipt")
            kind = "guidance" if outcome == "guide" else "refusal"
            messages.success(request, _("Recorded: the dossier was not received."))
            return redirect("staff-intake-slip", dossier_id=dossier.pk, kind=kind, fmt="pdf")
    return render(
        request,
        "dossiers/desk_intake.html",
        {"agency": agency, "version": version, "required": required, "form": form,
         "all_received": all_received, "next_step": _step_after_receipt(version, agency)},
    )  # fmt: skip


def _forward_received(request: HttpRequest, dossier: Dossier) -> None:
    """The desk's own step done at once (receive and forward in one action); a refusal is
    shown and the dossier stays received at the desk, nothing lost."""
    try:
        forwarded = dossier_act(
            actor=staff_user(request), dossier_id=dossier.pk, action=Action.FORWARD,
            data=ActionInput(step_id=dossier.current_step_id),
        )  # fmt: skip
    except DomainError as error:
        messages.warning(request, str(error.message))
        return
    messages.success(
        request,
        _("Forwarded to “%(step)s” (%(role)s, %(agency)s).") % whereabouts(forwarded.current_step),
    )


def _step_after_receipt(version: ProcedureVersion, agency: Agency) -> ProcessStep | None:
    """The step a received dossier goes to from the desk, named beside 'forward at once'."""
    process = (
        processes_in_force(timezone.localdate())
        .filter(procedure_id=version.procedure_id, agency=agency)
        .first()
    )
    if process is None:
        return None
    return process.steps.order_by("position")[1:2].first()


def code_from_scan(text: str) -> str:
    """A dossier code typed, or read by a QR scanner from the receipt's tracking link."""
    text = text.strip()
    if "/track/" in text:
        text = text.split("/track/", 1)[1].split("?", 1)[0]
    return text.strip("/ ").upper()


# A citizen ID number: 9 digits (CMND) or 12 (CCCD).
ID_NUMBER = re.compile(r"\d{9}|\d{12}")


@staff_required
def desk_return(request: HttpRequest) -> HttpResponse:
    """Returning results: find the dossier by its code or the receipt's QR code."""
    agency = desk_agency(request)
    scanned = request.GET.get("code", "")
    ready = (
        dossiers_for(request.user)
        .filter(agency=agency, status=DossierStatus.READY_TO_RETURN)
        .select_related("procedure_version")
        .order_by("resolved_at")
    )
    if ID_NUMBER.fullmatch(scanned.strip()):
        # The citizen's ID card instead of the receipt: their results ready at this desk.
        ready = ready.filter(applicant_id_number=scanned.strip())
        if len(mine := list(ready[:2])) == 1:
            return redirect("staff-dossier", code=mine[0].handle)
        if not mine:
            messages.error(request, _("No result is ready here for this ID number."))
    elif scanned:
        code = code_from_scan(scanned)
        found = dossiers_for(request.user).filter(code=code).first()
        if found is not None:
            return redirect("staff-dossier", code=found.handle)
        messages.error(request, _("No dossier %(code)s here.") % {"code": code})
    ready = ready[:50]
    return render(request, "dossiers/desk_return.html", {"agency": agency, "ready": ready})

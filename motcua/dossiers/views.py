"""Staff pages of dossiers (read side): the list with filters and the dossier page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csp.constants import NONCE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_date, parse_id
from motcua.core.uploads import checked_upload, uploaded_file_response
from motcua.core.views import file_response
from motcua.dossiers.forms import FeeForm
from motcua.dossiers.labels import ACTION_LABELS
from motcua.dossiers.lifecycle import FORM_FIELDS, Action
from motcua.dossiers.models import (
    Dossier,
    DossierAttachment,
    DossierComponent,
    DossierStatus,
)
from motcua.dossiers.selectors import (
    QUEUES,
    available_actions,
    awaiting_signature,
    can_certify_scans,
    can_record_fees,
    dossier_filter,
    dossier_for,
    dossier_time_left,
    dossiers_for,
    late_step,
    submitted_online_for,
    whereabouts,
    work_queues,
)
from motcua.dossiers.services import (
    ActionInput,
    component_certify,
    dossier_act,
    dossier_fee_record,
)
from motcua.dossiers.services.engine import process_step_after
from motcua.dossiers.slips import (
    CONTENT_TYPES,
    SLIP_LABELS,
    Slip,
    SlipFormat,
    available_slips,
    render_slip,
    slip_context,
    slip_template,
)
from motcua.org.guards import staff_required, staff_user

PAGE_SIZE = 50


@staff_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    status = params.get("status") if params.get("status") in DossierStatus.values else None
    dossiers = dossier_filter(
        dossiers_for(request.user),
        status=status,
        procedure_code=params.get("procedure") or None,
        received_from=parse_date(params.get("from")),
        received_to=parse_date(params.get("to")),
        overdue=params.get("overdue") == "1",
        query=params.get("q", "")[:100],
    ).order_by("-received_at", "-pk")
    page = Paginator(dossiers, PAGE_SIZE).get_page(params.get("page"))
    return render(
        request,
        "dossiers/list.html",
        {"page": page, "statuses": DossierStatus.choices, "params": params},
    )


@staff_required
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Applicant, components, the process with each step's state, the event timeline."""
    dossier = dossier_for(request.user, code)
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


def dossier_panels(dossier: Dossier, user: Any) -> list[tuple[str, dict[str, Any]]]:
    """Sections apps above this one add to the staff dossier page (MOTCUA_DOSSIER_PANELS: each
    a function of the dossier and the user giving a template and its context, or None)."""
    panels = (import_string(path)(dossier, user) for path in settings.MOTCUA_DOSSIER_PANELS)
    return [panel for panel in panels if panel is not None]


def _detail_context(
    request: HttpRequest, dossier: Dossier, fee_form: FeeForm | None = None
) -> dict[str, object]:
    events = dossier.events.select_related("actor", "actor_agency", "step").order_by("sequence")
    steps = list(
        dossier.steps.select_related("agency", "assignee", "process_step").prefetch_related(
            "attachments"
        )
    )
    user = staff_user(request)
    records_fees = can_record_fees(user, dossier)
    return {
        "dossier": dossier,
        "components": dossier.components.all(),
        "steps": steps,
        "late_step": late_step(steps) if dossier.timeliness == "late" else None,
        "deadline_history": [
            (row, ACTION_LABELS.get(Action(row.cause), row.cause)) for row in dossier.clock.all()
        ],
        "events": [
            (event, ACTION_LABELS.get(Action(event.action), event.action)) for event in events
        ],
        "timing": dossier_time_left(dossier),
        "slips": [(slip, SLIP_LABELS[slip]) for slip in available_slips(dossier)],
        "to_check": dossier.status == DossierStatus.SUBMITTED
        and submitted_online_for(user).filter(pk=dossier.pk).exists(),
        "payments": dossier.payments.select_related("recorded_by"),
        "fee_form": fee_form or (FeeForm.for_dossier(dossier) if records_fees else None),
        "panels": dossier_panels(dossier, user),
        "may_certify": can_certify_scans(user, dossier),
        **_action_panel(available_actions(user, dossier), dossier),
    }


@staff_required
@require_POST
def dossier_certify(request: HttpRequest, code: str, component_id: int) -> HttpResponse:
    """The clerk certifies a scan as a digitised copy (reusable in the applicant's later
    dossiers)."""
    dossier = dossier_for(request.user, code)
    try:
        component_certify(actor=staff_user(request), dossier_id=dossier.pk,
                          component_id=component_id)  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The scan is certified as a digitised copy."))
    return redirect("staff-dossier", code=dossier.handle)


@staff_required
@require_POST
def dossier_fee(request: HttpRequest, code: str) -> HttpResponse:
    """The clerk records a fee paid; a mistake is shown on the page with what was typed."""
    dossier = dossier_for(request.user, code)
    form = FeeForm(request.POST)
    if form.is_valid():
        try:
            dossier_fee_record(
                actor=staff_user(request), dossier_id=dossier.pk, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("staff-dossier", code=dossier.handle)
    return render(
        request, "dossiers/detail.html", _detail_context(request, dossier, form), status=400
    )


# The action the page offers as its one main button, in order of preference; the others are
# behind their own toggles, the ones that end the dossier styled as warnings.
PRIMARY_ACTIONS = (
    Action.SIGN, Action.APPROVE, Action.FORWARD, Action.RETURN_RESULT, Action.SUPPLY, Action.TAKE,
)  # fmt: skip
WARNING_ACTIONS = frozenset({Action.REFUSE, Action.WITHDRAW})
MOVING_ACTIONS = frozenset({Action.FORWARD, Action.APPROVE, Action.SIGN, Action.SEND_BACK})


def _action_panel(actions: list[Action], dossier: Dossier) -> dict[str, object]:
    primary = next((action for action in PRIMARY_ACTIONS if action in actions), None)
    next_step = (
        process_step_after(dossier.current_step)
        if primary is Action.FORWARD and dossier.current_step is not None
        else None
    )
    return {
        "primary": (primary, ACTION_LABELS[primary], FORM_FIELDS[primary]) if primary else None,
        "others": [
            (
                action,
                ACTION_LABELS[action],
                FORM_FIELDS[action],
                "warning" if action in WARNING_ACTIONS else "secondary",
            )
            for action in actions
            if action is not primary
        ],
        "next_step": next_step,
        "next_agency": next_step.agency.name if next_step else "",
    }


@staff_required
@require_POST
def dossier_action(request: HttpRequest, code: str) -> HttpResponse:
    """Carry out one action from the dossier page; a refusal is shown, nothing is lost."""
    dossier = dossier_for(request.user, code)
    try:
        action = Action(request.POST.get("action", ""))
    except ValueError:
        raise NotFound from None
    step = request.POST.get("step", "")
    items = [line for line in request.POST.get("items", "").splitlines() if line.strip()]
    try:
        files = tuple(
            checked_upload(file, field="attachments")
            for file in request.FILES.getlist("attachments")
        )
        acted = dossier_act(
            actor=staff_user(request),
            dossier_id=dossier.pk,
            action=action,
            data=ActionInput(
                step_id=parse_id(step),
                comment=request.POST.get("comment", ""),
                reason=request.POST.get("reason", ""),
                items=tuple(items),
                collected_by=request.POST.get("collected_by", ""),
                attachments=files,
            ),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[action]})
        now_at = acted.current_step
        if action in MOVING_ACTIONS and now_at is not None:  # say where it went, and to whom
            messages.info(
                request,
                _("The dossier is now at “%(step)s” (%(role)s, %(agency)s).") % whereabouts(now_at),
            )
        if action == Action.RETURN_RESULT:  # the handover is signed at the desk, print it now
            return redirect(
                "staff-dossier-slip", code=dossier.handle, kind=Slip.HANDOVER, fmt="pdf"
            )
    return redirect("staff-dossier", code=dossier.handle)


def _slip_response(dossier: Dossier, kind: str, fmt: str, name: str) -> HttpResponse:
    try:
        slip, slip_format = Slip(kind), SlipFormat(fmt)
    except ValueError:
        raise NotFound from None
    return file_response(
        render_slip(dossier, slip, slip_format),
        filename=f"{slip}-{name}.{slip_format}",
        content_type=CONTENT_TYPES[slip_format],
        inline=slip_format == SlipFormat.PDF,
    )


@staff_required
@require_GET
def dossier_slip(request: HttpRequest, code: str, kind: str, fmt: str) -> HttpResponse:
    """A slip of a dossier the user may read: PDF to print, DOCX to edit."""
    dossier = dossier_for(request.user, code)
    return _slip_response(dossier, kind, fmt, dossier.handle)


@staff_required
@require_GET
@csp_update({"style-src": [NONCE]})  # type: ignore[arg-type]  # the slip's own print styles
def dossier_slip_print(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A slip as a page that opens the print dialog: 'receive and print' in one action."""
    dossier = dossier_for(request.user, code)
    try:
        slip = Slip(kind)
    except ValueError:
        raise NotFound from None
    context = slip_context(dossier, slip)
    back_url = reverse("staff-dossier", args=[dossier.handle])
    return render(
        request, slip_template(slip), {**context, "print_page": True, "back_url": back_url}
    )


OPENING_ORDER = ("overdue", "due_soon", "sent_back", "mine", "to_take", "awaiting_supplement")


@staff_required
@require_GET
def work_queues_page(request: HttpRequest) -> HttpResponse:
    """The user's queues, each sorted by the working time left."""
    queues = work_queues(staff_user(request))
    requested = request.GET.get("tab", "")
    # Without a choice, the first queue with work in it (overdue before anything else), not an
    # empty tab while work waits in another.
    first_with_work = next((name for name in OPENING_ORDER if queues[name]), "mine")
    tab = requested if requested in QUEUES else first_with_work
    labels = {
        "to_take": _("To take"),
        "mine": _("Mine"),
        "due_soon": _("Due soon"),
        "overdue": _("Overdue"),
        "awaiting_supplement": _("Waiting for the applicant"),
        "sent_back": _("Sent back to me"),
    }
    return render(
        request,
        "dossiers/queues.html",
        {
            "tabs": [(name, labels[name], len(queues[name])) for name in QUEUES],
            "tab": tab,
            "items": queues[tab],
        },
    )


SIGNING_KINDS = {"approve": Action.APPROVE, "sign": Action.SIGN}


@staff_required
@require_http_methods(["GET", "POST"])
def approvals(request: HttpRequest) -> HttpResponse:
    """Dossiers awaiting this leader's approval or signature; approve or sign one or many."""
    user = staff_user(request)
    if request.method == "POST":
        done, refused = 0, []
        # "All" takes every dossier the page listed; otherwise the ticked ones.
        chosen = request.POST.getlist("listed" if "all" in request.POST else "step")
        selected = [
            (parse_id(dossier_id), parse_id(step_id))
            for dossier_id, _sep, step_id in (value.partition(":") for value in chosen)
        ]
        # The user's scope first: what they may not read is never looked at, only "not found".
        codes = dict(
            dossiers_for(user)
            .filter(pk__in=[dossier_id for dossier_id, _step in selected if dossier_id])
            .values_list("pk", "code")
        )
        for dossier_id, step_id in selected:
            if dossier_id not in codes or step_id is None:
                refused.append(str(NotFound.default_message))
                continue
            kind = request.POST.get(f"kind-{step_id}", "")
            try:
                dossier_act(
                    actor=user,
                    dossier_id=dossier_id,
                    action=SIGNING_KINDS[kind],
                    data=ActionInput(step_id=step_id, comment=request.POST.get("comment", "")),
                )
                done += 1
            except (DomainError, KeyError) as error:
                reason = (
                    str(error.message) if isinstance(error, DomainError) else _("Unknown action.")
                )
                refused.append(f"{codes[dossier_id]}: {reason}")
        if done:
            messages.success(request, _("%(count)s dossiers done.") % {"count": done})
        for message in refused:  # each refusal says which dossier and why
            messages.error(request, message)
        return redirect("staff-approvals")
    queues = work_queues(user)
    items = awaiting_signature(queues)
    # The draft result each leader reads before approving: one query for all the dossiers.
    prefetch_related_objects([item.step.dossier for item in items], "attachments")
    return render(request, "dossiers/approvals.html", {"items": items})


@staff_required
@require_GET
def intake_slip(request: HttpRequest, dossier_id: int, kind: str, fmt: str) -> HttpResponse:
    """The guidance or refusal slip of a dossier not received (it has no code, only an id)."""
    dossier = dossiers_for(request.user).filter(pk=dossier_id).first()
    if dossier is None or kind not in (Slip.GUIDANCE, Slip.REFUSAL):
        raise NotFound
    return _slip_response(dossier, kind, fmt, str(dossier.pk))


@staff_required
@require_GET
def dossier_file(request: HttpRequest, code: str, kind: str, file_id: int) -> HttpResponseBase:
    """A scan or an attachment of a dossier the user may read (files are never served directly)."""
    dossier = dossier_for(request.user, code)
    record: DossierComponent | DossierAttachment | None
    if kind == "component":
        record = dossier.components.filter(pk=file_id).exclude(file="").first()
    elif kind == "attachment":
        record = dossier.attachments.filter(pk=file_id).first()
    else:
        raise NotFound
    if record is None:
        raise NotFound
    return uploaded_file_response(record.file, filename=Path(record.file.name or "file").name)

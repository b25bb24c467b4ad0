"""Intake at the desk: receive, guide (not received, with the guidance slip), refuse."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import StepKind
from motcua.core.errors import DomainError
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import removed_on_failure
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierStatus,
    DossierStep,
)
from motcua.dossiers.services.codes import issue_code, new_secret
from motcua.dossiers.services.engine import (
    ApplicantData,
    ComponentReceived,
    append_event,
    at_or_now,
    intake_context,
    missing_components,
    new_dossier,
    procedure_time_limit,
    process_step_following,
    record_not_received,
    require_text,
    save_components,
    start_step,
)
from motcua.org.models import Agency
from motcua.workcal.calendar import to_local
from motcua.workcal.services import calendar_for


def dossier_receive(
    *,
    actor: User,
    agency: Agency,
    procedure_code: str,
    applicant: ApplicantData,
    components: list[ComponentReceived],
    channel: Channel = Channel.DESK,
    at: datetime | None = None,
) -> Dossier:
    """Receive a complete dossier: code, lookup secret, appointment, and the first step opens.

    The appointment is the legal time limit from the receipt in the agency's working time. The
    receiving step is taken by the clerk. Refuses an incomplete dossier (guide it instead), a
    procedure not in force or not received by the agency, a channel the procedure does not
    accept, and anyone but a clerk of the agency.
    """
    at = at_or_now(at)
    with removed_on_failure() as saved, outermost():
        position, version, process = intake_context(
            actor=actor, agency=agency, procedure_code=procedure_code, at=at
        )
        accepted = {
            Channel.DESK: version.accepts_desk,
            Channel.ONLINE: version.accepts_online,
            Channel.POST: version.accepts_post,
        }
        if not accepted[channel]:
            raise DomainError(
                _("This procedure is not received %(channel)s.") % {"channel": channel.label},
                field="channel",
            )
        missing = missing_components(version, components)
        if missing:
            raise DomainError(
                _("The dossier is incomplete (%(missing)s): guide the applicant to complete it.")
                % {"missing": "; ".join(missing)},
                field="components",
            )
        dossier = new_dossier(
            actor=actor, agency=agency, version=version, process=process, channel=channel,
            applicant=applicant, status=DossierStatus.RECEIVED, at=at,
        )  # fmt: skip
        issue_code(dossier, to_local(at).date())
        dossier.secret = new_secret()
        dossier.received_at = at
        dossier.save()
        save_components(dossier, components, saved=saved, save_counts=False)
        step = start_resolution(dossier, actor=actor, at=at)  # saves the dossier
        append_event(
            dossier, action=Action.RECEIVE, actor=actor, at=at, from_status="", step=step,
            position=position,
        )  # fmt: skip
    return dossier


def start_resolution(dossier: Dossier, *, actor: User, at: datetime) -> DossierStep:
    """The dossier is received at `at`: the appointment is set and the first step opens (the
    receiving step is the clerk's own)."""
    dossier.status = DossierStatus.RECEIVED
    dossier.received_at = at
    limit = procedure_time_limit(dossier.procedure_version)
    if limit is not None:
        dossier.due_at = dossier.original_due_at = calendar_for(dossier.agency_id).due_instant(
            at, limit
        )
    first = process_step_following(dossier.process_id, 0)
    if first is None:
        raise DomainError(_("The process has no steps."))
    step = start_step(
        dossier, first, at=at, assignee=actor if first.kind == StepKind.RECEIVE else None
    )
    dossier.save()
    return step


def dossier_guide(
    *,
    actor: User,
    agency: Agency,
    procedure_code: str,
    applicant: ApplicantData,
    missing: list[str],
    comment: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Record an incomplete dossier: not received; what is missing goes on the guidance slip."""
    items = [normalize_text(item) for item in missing if item.strip()]
    if not items:
        raise DomainError(_("List what the applicant must add."), field="missing")
    return _not_received(
        actor=actor, agency=agency, procedure_code=procedure_code, applicant=applicant,
        action=Action.GUIDE, fields={"missing_items": items}, comment=comment,
        data={"missing": items}, at=at_or_now(at),
    )  # fmt: skip


def dossier_refuse_intake(
    *,
    actor: User,
    agency: Agency,
    procedure_code: str,
    applicant: ApplicantData,
    reason: str,
    at: datetime | None = None,
) -> Dossier:
    """Refuse to receive, with the legal reason printed on the refusal slip."""
    reason = require_text(
        reason, field="reason", message=_("Give the legal reason for the refusal.")
    )
    return _not_received(
        actor=actor, agency=agency, procedure_code=procedure_code, applicant=applicant,
        action=Action.REFUSE_INTAKE, fields={"reason": reason}, comment=reason, at=at_or_now(at),
    )  # fmt: skip


def _not_received(
    *,
    actor: User,
    agency: Agency,
    procedure_code: str,
    applicant: ApplicantData,
    action: Action,
    fields: dict[str, Any],
    comment: str,
    at: datetime,
    data: dict[str, Any] | None = None,
) -> Dossier:
    """A dossier recorded at the desk but not received: no code, closed at once, one event."""
    with outermost():
        position, version, process = intake_context(
            actor=actor, agency=agency, procedure_code=procedure_code, at=at
        )
        dossier = new_dossier(
            actor=actor, agency=agency, version=version, process=process, channel=Channel.DESK,
            applicant=applicant, status=DossierStatus.NOT_RECEIVED, at=at,
        )  # fmt: skip
        return record_not_received(
            dossier, actor=actor, position=position, action=action, fields=fields,
            comment=comment, at=at, from_status="", data=data,
        )  # fmt: skip

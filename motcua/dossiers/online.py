"""Online submission (Decree 45/2020/NĐ-CP): the applicant's draft, its confirmation by a one-time
code, and the desk's check — received, returned for completion, or refused, as at the desk.

1. `online_draft_create`: the applicant's data and a file per required document are stored as a
   draft (invisible to staff; purged after a day if never confirmed).
2. `confirmation_send` / `online_submit`: a 6-digit code goes to the applicant's email or phone;
   entering it submits the dossier: it gets its code and lookup secret and waits in the desk's
   "online, to check" queue. Its clock has not started.
3. `online_receive` / `online_guide` / `online_refuse`: a clerk of the receiving agency checks it.
   Receiving starts the clock at that instant, exactly like a desk intake.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.messaging import render_message, send
from motcua.core.ratelimit import hit
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import checked_upload, removed_on_failure
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    DossierStatus,
    OnlineConfirmation,
)
from motcua.dossiers.services.codes import issue_code, new_secret, submission_reference
from motcua.dossiers.services.engine import (
    ApplicantData,
    ComponentReceived,
    append_event,
    at_or_now,
    held_position,
    in_force_process,
    locked,
    missing_components,
    new_dossier,
    record_not_received,
    refuse_illegal,
    require_text,
    save_components,
    version_in_force,
)
from motcua.dossiers.services.intake import start_resolution
from motcua.org.models import Agency, Position, Role
from motcua.workcal.calendar import to_local

CODE_MINUTES = 15
MAX_ATTEMPTS = 5
MAX_SENDS = 3
DRAFT_HOURS = 24


def online_draft_create(
    *,
    procedure_code: str,
    agency_id: int,
    applicant: ApplicantData,
    files: Mapping[int, File[Any]],
    at: datetime | None = None,
) -> Dossier:
    """The applicant's draft: their data and a file (PDF/JPEG/PNG) per required document.

    Refuses a procedure not in force or not submitted online, an agency that does not receive
    it, no email or phone to confirm with, and a mandatory document without its file.
    """
    at = at_or_now(at)
    day = to_local(at).date()
    version = version_in_force(procedure_code, day)
    if not version.accepts_online:
        raise DomainError(_("This procedure cannot be submitted online."), field="procedure")
    if not (applicant.email.strip() or applicant.phone.strip()):
        raise DomainError(
            _("Give an email address or a phone number: the confirmation code is sent there."),
            field="email",
        )
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise DomainError(_("Choose where to submit the dossier."), field="agency")
    required = {component.position: component for component in version.components.all()}
    received = []
    for position, file in files.items():
        if position not in required:
            continue
        checked_upload(file, field=f"file-{position}")
        component = required[position]
        received.append(
            ComponentReceived(
                name=component.name,
                originals=component.originals,
                copies=component.copies,
                required_position=position,
                file=file,
            )
        )
    missing = missing_components(version, received)
    if missing:
        raise DomainError(
            _("Attach every required document: %(missing)s.") % {"missing": "; ".join(missing)},
            field="components",
        )
    with removed_on_failure() as saved, outermost():
        process = in_force_process(version, agency, day)
        dossier = new_dossier(
            actor=None, agency=agency, version=version, process=process, channel=Channel.ONLINE,
            applicant=applicant, status=DossierStatus.DRAFT, at=at,
        )  # fmt: skip
        dossier.save()
        save_components(dossier, received, saved=saved)
    return dossier


def _code_hash(dossier_id: int, code: str) -> str:
    return salted_hmac("motcua.online-confirmation", f"{dossier_id}:{code}").hexdigest()


def mask(destination: str) -> str:
    """Enough of an address or number for the applicant to recognise it, no more."""
    if "@" in destination:
        name, _at, domain = destination.partition("@")
        return f"{name[:1]}***@{domain}"
    return "*" * max(len(destination) - 3, 0) + destination[-3:]


def _within_send_limits(*, client: str, destination: str) -> bool:
    """Codes sent per requesting address and per phone or e-mail, across drafts, per hour: one
    address cannot flood a stranger's phone by opening draft after draft."""
    per_hour = settings.MOTCUA_CODE_SENDS_PER_HOUR
    recipient = destination.lower() if "@" in destination else re.sub(r"\D", "", destination)
    return hit(f"code-send:from:{client}", limit=per_hour["address"], window_seconds=3600) and hit(
        f"code-send:to:{recipient}", limit=per_hour["recipient"], window_seconds=3600
    )


def confirmation_send(
    *, dossier_id: int, channel: str, client: str, at: datetime | None = None
) -> str:
    """Send a new one-time code to the draft's email or phone; returns where (masked).

    `client` is the requester's address (core.client_address), counted with the recipient."""
    at = at_or_now(at)
    with transaction.atomic():
        dossier = locked(dossier_id, reader=None)
        if dossier.status != DossierStatus.DRAFT:
            raise DomainError(_("This dossier was already submitted."))
        destination = dossier.applicant_email if channel == "email" else dossier.applicant_phone
        if channel not in ("email", "sms") or not destination:
            raise DomainError(_("No address to send the code to."), field="channel")
        confirmation = OnlineConfirmation.objects.filter(dossier=dossier).first()
        if confirmation is not None and confirmation.sends >= MAX_SENDS:
            raise DomainError(_("The code was sent too many times. Start again later."))
        if not _within_send_limits(client=client, destination=destination):
            raise DomainError(_("Too many codes were sent. Please try again in an hour."))
        code = f"{secrets.randbelow(1_000_000):06d}"
        OnlineConfirmation.objects.update_or_create(
            dossier=dossier,
            defaults={
                "code_hash": _code_hash(dossier.pk, code),
                "channel": channel,
                "expires_at": at + timedelta(minutes=CODE_MINUTES),
                "attempts": 0,
                "sends": (confirmation.sends if confirmation else 0) + 1,
            },
        )
        message = render_message(
            "dossiers/messages/confirmation_code.txt",
            {"dossier": dossier, "code": code, "minutes": CODE_MINUTES},
        )
        # Sent within the transaction: if sending fails, no code is stored that nobody got.
        send(message, channel=channel, to=destination)
    return mask(destination)


def online_submit(*, dossier_id: int, code: str, at: datetime | None = None) -> Dossier:
    """The applicant entered the code: the dossier gets its code and secret and goes to the desk."""
    at = at_or_now(at)
    with outermost():
        dossier = locked(dossier_id, reader=None)
        refuse_illegal(dossier, Action.SUBMIT)
        confirmation = (
            OnlineConfirmation.objects.select_for_update().filter(dossier=dossier).first()
        )
        if confirmation is None or confirmation.expires_at < at:
            raise DomainError(_("The code has expired. Ask for a new one."), field="code")
        if confirmation.attempts >= MAX_ATTEMPTS:
            raise DomainError(_("Too many wrong codes. Ask for a new one."), field="code")
        if not constant_time_compare(confirmation.code_hash, _code_hash(dossier.pk, code.strip())):
            confirmation.attempts += 1
            confirmation.save(update_fields=["attempts"])
            wrong = True
        else:
            wrong = False
            confirmation.delete()
            _submit(dossier, at)
    if wrong:  # the counted attempt is committed; then the refusal
        left = MAX_ATTEMPTS - confirmation.attempts
        raise DomainError(
            _("The code is not right (%(left)s tries left).") % {"left": left}, field="code"
        )
    return dossier


def _submit(dossier: Dossier, at: datetime) -> None:
    dossier.status = DossierStatus.SUBMITTED
    dossier.reference = submission_reference(to_local(at).date())
    dossier.secret = new_secret()
    dossier.submitted_at = at
    dossier.save()
    append_event(dossier, action=Action.SUBMIT, actor=None, at=at, from_status="draft")


def online_submit_verified(*, dossier_id: int, at: datetime | None = None) -> Dossier:
    """Submit a draft whose applicant another system already verified (the national public
    service portal's login; the demo district): no one-time code."""
    at = at_or_now(at)
    with outermost():
        dossier = locked(dossier_id, reader=None)
        refuse_illegal(dossier, Action.SUBMIT)
        _submit(dossier, at)
    return dossier


def _submitted_for_clerk(actor: User, dossier_id: int, action: Action) -> tuple[Dossier, Position]:
    dossier = locked(dossier_id, reader=actor)
    refuse_illegal(dossier, action)
    position = held_position(actor, role=Role.CLERK, agency_id=dossier.agency_id)
    if position is None:
        raise PermissionDenied(
            _("Only a one-stop clerk of %(agency)s may receive dossiers there.")
            % {"agency": dossier.agency.name}
        )
    return dossier, position


def online_receive(*, actor: User, dossier_id: int, at: datetime | None = None) -> Dossier:
    """The clerk checked the online dossier and receives it: the clock starts now."""
    at = at_or_now(at)
    with outermost():
        dossier, position = _submitted_for_clerk(actor, dossier_id, Action.RECEIVE)
        handed = [
            ComponentReceived(
                name=c.name,
                originals=c.originals,
                copies=c.copies,
                required_position=c.required.position if c.required else None,
            )
            for c in DossierComponent.objects.filter(dossier=dossier).select_related("required")
        ]
        missing = missing_components(dossier.procedure_version, handed)
        if missing:
            raise DomainError(
                _("The dossier is incomplete (%(missing)s): guide the applicant to complete it.")
                % {"missing": "; ".join(missing)},
                field="components",
            )
        dossier.created_by = actor
        # The code is issued at receipt, the day the clock starts (gap-free among received
        # dossiers); the submission reference stays valid for tracking.
        issue_code(dossier, to_local(at).date())
        step = start_resolution(dossier, actor=actor, at=at)
        append_event(
            dossier, action=Action.RECEIVE, actor=actor, at=at,
            from_status=DossierStatus.SUBMITTED, step=step, position=position,
        )  # fmt: skip
    return dossier


def _close_unreceived(
    *,
    actor: User,
    dossier_id: int,
    action: Action,
    fields: dict[str, Any],
    comment: str,
    at: datetime,
    data: dict[str, Any] | None = None,
) -> Dossier:
    with outermost():
        dossier, position = _submitted_for_clerk(actor, dossier_id, action)
        dossier.created_by = actor
        return record_not_received(
            dossier, actor=actor, position=position, action=action, fields=fields,
            comment=comment, at=at, from_status=DossierStatus.SUBMITTED, data=data,
        )  # fmt: skip


def online_guide(
    *, actor: User, dossier_id: int, missing: list[str], comment: str = "",
    at: datetime | None = None,
) -> Dossier:  # fmt: skip
    """Return the online dossier for completion, listing everything missing in one go."""
    items = [normalize_text(item) for item in missing if item.strip()]
    if not items:
        raise DomainError(_("List what the applicant must add."), field="missing")
    return _close_unreceived(
        actor=actor, dossier_id=dossier_id, action=Action.GUIDE,
        fields={"missing_items": items}, comment=comment, data={"missing": items}, at=at_or_now(at),
    )  # fmt: skip


def online_refuse(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Refuse to receive the online dossier, with the legal reason."""
    reason = require_text(
        reason, field="reason", message=_("Give the legal reason for the refusal.")
    )
    return _close_unreceived(
        actor=actor, dossier_id=dossier_id, action=Action.REFUSE_INTAKE,
        fields={"reason": reason}, comment=reason, at=at_or_now(at),
    )  # fmt: skip


def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete drafts never confirmed within a day, with their files."""
    limit = (now or timezone.now()) - timedelta(hours=DRAFT_HOURS)
    stale = Dossier.objects.filter(status=DossierStatus.DRAFT, submitted_at__lt=limit)
    count = 0
    for dossier in stale:
        for component in dossier.components.exclude(file=""):
            component.file.delete(save=False)
        dossier.delete()
        count += 1
    return count

"""The dossier lifecycle: intake, routing through the process, pauses, resolution, exits.

Every service runs in one outermost transaction, locks the dossier row first (two people acting
on the same step: exactly one wins; the other is told who handled it and when), checks the
state machine (`lifecycle.py`) and the process's allowed actions, changes the denormalised
columns and appends exactly one event. Nothing else changes a dossier.

`at` (the instant of the action) defaults to now; only the demo and imports of dossiers
received on paper pass it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, Process, ProcessStep, StepKind
from motcua.catalog.selectors import procedure_version_in_force, processes_in_force
from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied, validated
from motcua.core.secrets import lookup_secret
from motcua.core.text import fold, normalize_text
from motcua.core.uploads import removed_on_failure
from motcua.dossiers.labels import ACTION_LABELS
from motcua.dossiers.lifecycle import STEP_KINDS, UNDOABLE, Action, is_legal, next_status
from motcua.dossiers.models import (
    OPEN_STATUSES,
    ApplicantKind,
    Channel,
    DailySequence,
    Dossier,
    DossierAttachment,
    DossierComponent,
    DossierEvent,
    DossierStatus,
    DossierStep,
    StepStatus,
)
from motcua.dossiers.notifications import send_applicant_message
from motcua.dossiers.replay import instants, iso, snapshot
from motcua.dossiers.selectors import dossiers_for
from motcua.dossiers.timing import classify
from motcua.org.access import has_role
from motcua.org.models import Agency, Position, Role
from motcua.org.selectors import active_positions, agency_subtree_ids
from motcua.workcal.calendar import TimeLimit, TimeLimitUnit, period_bounds, to_local
from motcua.workcal.services import calendar_for


class AlreadyHandled(IllegalAction):
    code = "already_handled"


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicantData:
    name: str
    kind: ApplicantKind = ApplicantKind.PERSON
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> ApplicantData:
        """From a form's cleaned data with these fields (the desk's, the portal's)."""
        return cls(
            name=data["name"], kind=ApplicantKind(data["kind"]), id_number=data["id_number"],
            phone=data["phone"], email=data["email"], address=data["address"],
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ComponentReceived:
    """A document handed in; `required_position` links it to the procedure's list."""

    name: str
    originals: int = 0
    copies: int = 0
    required_position: int | None = None
    file: File[Any] | None = None


# --- helpers ----------------------------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _position_for(actor: User, *, role: Role | str, agency_id: int) -> Position | None:
    return active_positions().filter(user=actor, role=role, agency_id=agency_id).first()


def _append_event(
    dossier: Dossier,
    *,
    action: Action,
    actor: User | None,
    at: datetime,
    from_status: str,
    step: DossierStep | None = None,
    position: Position | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    last = dossier.events.aggregate(last=Max("sequence"))["last"] or 0
    event = DossierEvent.objects.create(
        dossier=dossier,
        sequence=last + 1,
        action=action,
        at=at,
        actor=actor,
        actor_role=position.role if position else "",
        actor_agency_id=position.agency_id if position else None,
        from_status=from_status,
        to_status=dossier.status,
        step=step,
        comment=comment,
        data={**snapshot(dossier), **(data or {})},
    )
    if action in APPLICANT_MESSAGES:
        # After commit: a rolled-back action never reaches the applicant.
        transaction.on_commit(lambda: _enqueue_message(event.pk))
    return event


APPLICANT_MESSAGES = frozenset(
    {
        Action.SUBMIT, Action.RECEIVE, Action.GUIDE, Action.REFUSE_INTAKE,
        Action.REQUEST_SUPPLEMENT, Action.SIGN, Action.APOLOGISE,
    }
)  # fmt: skip


def _enqueue_message(event_id: int) -> None:
    send_applicant_message.enqueue(event_id)


def _next_code(agency: Agency, day: date) -> str:
    """`<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018/TT-VPCP), gap-free per agency and day.

    The counter row is created if missing (a concurrent creator is ignored), then locked and
    incremented in the caller's transaction: a rolled-back intake gives its number back.
    """
    DailySequence.objects.bulk_create(
        [DailySequence(agency=agency, day=day, last=0)], ignore_conflicts=True
    )
    counter = DailySequence.objects.select_for_update().get(agency=agency, day=day)
    DailySequence.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    pattern: str = settings.MOTCUA_DOSSIER_CODE_PATTERN
    return pattern.format(agency=agency.code, date=day, seq=counter.last)


def _secret() -> str:
    return lookup_secret()


def procedure_time_limit(version: ProcedureVersion) -> TimeLimit | None:
    if not version.time_limit_unit or version.time_limit_value is None:
        return None
    return TimeLimit(float(version.time_limit_value), TimeLimitUnit(version.time_limit_unit))


def _step_due(step: ProcessStep, started_at: datetime) -> datetime:
    return calendar_for(step.agency_id).add_working_hours(started_at, float(step.duration_hours))


def _start_step(
    dossier: Dossier, process_step: ProcessStep, *, at: datetime, assignee: User | None = None
) -> DossierStep:
    step = DossierStep.objects.create(
        dossier=dossier,
        process_step=process_step,
        position=process_step.position,
        kind=process_step.kind,
        role=process_step.role,
        agency_id=process_step.agency_id,
        assignee=assignee,
        status=StepStatus.TAKEN if assignee else StepStatus.PENDING,
        started_at=at,
        due_at=_step_due(process_step, at),
    )
    dossier.current_step = step
    return step


def _finish_step(
    step: DossierStep, *, actor: User, action: Action, at: datetime, comment: str
) -> None:
    step.status = StepStatus.DONE
    step.finished_at = at
    step.finished_by = actor
    step.action = action
    step.comment = comment
    step.timeliness = classify(finished_at=at, due_at=step.due_at)
    if step.assignee_id is None:
        step.assignee = actor
    step.save()


def _in_force_process(procedure_version: ProcedureVersion, agency: Agency, day: date) -> Process:
    process = (
        processes_in_force(day)
        .filter(procedure_id=procedure_version.procedure_id, agency=agency)
        .first()
    )
    if process is None:
        raise DomainError(
            _("%(agency)s does not receive this procedure (no internal process in force).")
            % {"agency": agency.name}
        )
    return process


def _intake_context(
    *, actor: User, agency: Agency, procedure_code: str, at: datetime
) -> tuple[Position, ProcedureVersion, Process]:
    position = _position_for(actor, role=Role.CLERK, agency_id=agency.pk)
    if position is None:
        raise PermissionDenied(
            _("Only a one-stop clerk of %(agency)s may receive dossiers there.")
            % {"agency": agency.name}
        )
    day = to_local(at).date()
    version = version_in_force(procedure_code, day)
    return position, version, _in_force_process(version, agency, day)


def version_in_force(procedure_code: str, day: date) -> ProcedureVersion:
    """The procedure version in force on `day`, or a refusal naming the code."""
    try:
        return procedure_version_in_force(procedure_code, day)
    except NotFound:
        raise DomainError(
            _("No procedure with the code %(code)s is in force.") % {"code": procedure_code},
            field="procedure",
        ) from None


def _new_dossier(
    *,
    actor: User | None,
    agency: Agency,
    version: ProcedureVersion,
    process: Process,
    channel: Channel,
    applicant: ApplicantData,
    status: DossierStatus,
    at: datetime,
) -> Dossier:
    name = normalize_text(applicant.name)
    if not name:
        raise DomainError(_("The applicant's name is required."), field="applicant_name")
    dossier = Dossier(
        agency=agency,
        procedure_version=version,
        process=process,
        channel=channel,
        status=status,
        applicant_kind=applicant.kind,
        applicant_name=name,
        applicant_folded=fold(name),
        applicant_id_number=normalize_text(applicant.id_number),
        applicant_phone=normalize_text(applicant.phone),
        applicant_email=applicant.email.strip(),
        applicant_address=normalize_text(applicant.address),
        submitted_at=at,
        created_by=actor,
    )
    validated(dossier, exclude=["procedure_version", "process", "agency", "current_step", "code"])
    return dossier


def _save_components(
    dossier: Dossier, components: list[ComponentReceived], *, saved: list[FieldFile]
) -> None:
    """Record the documents handed in; their scans are listed in `saved` (removed_on_failure)."""
    required = {c.position: c for c in dossier.procedure_version.components.all()}
    for received in components:
        component = DossierComponent.objects.create(
            dossier=dossier,
            required=required.get(received.required_position or -1),
            name=normalize_text(received.name),
            originals=received.originals,
            copies=received.copies,
            file=received.file or "",
        )
        if component.file:
            saved.append(component.file)


def missing_components(version: ProcedureVersion, components: list[ComponentReceived]) -> list[str]:
    """The required documents not handed in (or in too few originals or copies)."""
    handed = {c.required_position: c for c in components if c.required_position is not None}
    missing = []
    for required in version.components.all():
        if required.is_optional:
            continue
        got = handed.get(required.position)
        if got is None or got.originals < required.originals or got.copies < required.copies:
            missing.append(required.name)
    return missing


# --- intake -----------------------------------------------------------------------------------


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
    at = _now(at)
    with removed_on_failure() as saved, transaction.atomic(durable=True):
        position, version, process = _intake_context(
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
        dossier = _new_dossier(
            actor=actor, agency=agency, version=version, process=process, channel=channel,
            applicant=applicant, status=DossierStatus.RECEIVED, at=at,
        )  # fmt: skip
        dossier.code = _next_code(agency, to_local(at).date())
        dossier.secret = _secret()
        dossier.received_at = at
        dossier.save()
        _save_components(dossier, components, saved=saved)
        step = start_resolution(dossier, actor=actor, at=at)
        _append_event(
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
    first = dossier.process.steps.order_by("position").first()
    if first is None:
        raise DomainError(_("The process has no steps."))
    step = _start_step(
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
        data={"missing": items}, at=_now(at),
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
    reason = _require_text(
        reason, field="reason", message=_("Give the legal reason for the refusal.")
    )
    return _not_received(
        actor=actor, agency=agency, procedure_code=procedure_code, applicant=applicant,
        action=Action.REFUSE_INTAKE, fields={"reason": reason}, comment=reason, at=_now(at),
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
    with transaction.atomic(durable=True):
        position, version, process = _intake_context(
            actor=actor, agency=agency, procedure_code=procedure_code, at=at
        )
        dossier = _new_dossier(
            actor=actor, agency=agency, version=version, process=process, channel=Channel.DESK,
            applicant=applicant, status=DossierStatus.NOT_RECEIVED, at=at,
        )  # fmt: skip
        for name, value in fields.items():
            setattr(dossier, name, value)
        dossier.closed_at = at
        dossier.save()
        _append_event(
            dossier, action=action, actor=actor, at=at, from_status="", position=position,
            comment=comment, data=data,
        )  # fmt: skip
    return dossier


# --- actions on a received dossier ------------------------------------------------------------


def _locked(dossier_id: int, *, reader: User | None) -> Dossier:
    """The dossier, locked for an action by `reader` (None: the applicant or the system).

    A dossier that does not exist, and one the staff member may not read, are the same "not
    found" — decided before any of its state is looked at, so no answer reveals another
    agency's dossier, its step or its handler.
    """
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("process", "procedure_version")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None or (
        reader is not None and not dossiers_for(reader).filter(pk=dossier_id).exists()
    ):
        raise NotFound
    if dossier.current_step_id is not None:
        # Read after the dossier's lock is held, and locked too: a step joined into the locking
        # query would be the one seen before a concurrent action committed (PostgreSQL re-reads
        # only the locked row), and fifty "take"s at once would all succeed.
        dossier.current_step = (
            DossierStep.objects.select_for_update().filter(pk=dossier.current_step_id).get()
        )
    return dossier


def _refuse_illegal(dossier: Dossier, action: Action) -> None:
    if not is_legal(action, dossier.status):
        raise IllegalAction(
            _("A dossier that is “%(status)s” cannot be subject to “%(action)s”.")
            % {"status": dossier.get_status_display(), "action": action_label(action)}
        )


def _check_expected(dossier: Dossier, expected_step_id: int | None) -> None:
    """AlreadyHandled when the step the actor saw is no longer the open one."""
    step = dossier.current_step
    if expected_step_id is None or (step is not None and step.pk == expected_step_id):
        return
    handled = DossierStep.objects.filter(pk=expected_step_id, dossier=dossier).first()
    if handled is not None and handled.finished_at is not None:
        raise AlreadyHandled(
            _("Already handled by %(name)s at %(time)s.")
            % {
                "name": handled.finished_by.get_full_name() if handled.finished_by else "?",
                "time": to_local(handled.finished_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    raise IllegalAction(_("This step is no longer open."))


def _open_step(dossier: Dossier, action: Action, expected_step_id: int | None) -> DossierStep:
    """The open step the action applies to, checked against the kinds the action belongs to."""
    _check_expected(dossier, expected_step_id)
    _refuse_illegal(dossier, action)
    step = dossier.current_step
    if step is None or not step.is_open:
        raise IllegalAction(_("The dossier has no open step."))
    kinds = STEP_KINDS.get(action)
    if kinds is not None and step.kind not in kinds:
        raise IllegalAction(
            _("“%(action)s” is not possible at the step “%(step)s”.")
            % {"action": action_label(action), "step": step.process_step.name}
        )
    return step


def _actor_on_step(actor: User, step: DossierStep) -> Position:
    position = _position_for(actor, role=step.role, agency_id=step.agency_id)
    if position is None:
        raise PermissionDenied(
            _("This step is for the %(role)s of %(agency)s.")
            % {"role": Role(step.role).label, "agency": step.agency.name}
        )
    if step.assignee_id is not None and step.assignee_id != actor.pk:
        assert step.assignee is not None
        raise AlreadyHandled(
            _("This step is being handled by %(name)s.") % {"name": step.assignee.get_full_name()}
        )
    return position


def _process_step_after(step: DossierStep) -> ProcessStep | None:
    return (
        ProcessStep.objects.filter(
            process_id=step.process_step.process_id, position__gt=step.position
        )
        .order_by("position")
        .first()
    )


def _require_text(value: str, *, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def dossier_step_act(
    *,
    actor: User,
    dossier_id: int,
    action: Action,
    step_id: int | None = None,
    comment: str = "",
    attachments: Sequence[File[Any]] = (),
    at: datetime | None = None,
) -> Dossier:
    """Take, forward, approve, sign or refuse at the current step, as the process allows.

    - take: the actor (holding the step's role in its agency) becomes its handler;
    - forward: the step is done, the next step of the process opens in its role's pool;
    - approve (department leader) and sign (signing authority) at their own steps; signing
      issues the result: its instant is the resolution instant and classifies the dossier;
    - refuse (with a reason) where the step allows it: the dossier is closed as refused.
    Files given with the action (the draft result for the leader, the signed scan) are attached
    to the step in the same transaction; a refused action keeps none of them.
    Refuses anything the state machine or the process does not allow (409, nothing changed).
    """
    at = _now(at)
    if attachments and action is Action.TAKE:
        raise DomainError(_("Attach files when you finish a step."), field="attachments")
    with removed_on_failure() as saved, transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        step = _open_step(dossier, action, step_id)
        position = _actor_on_step(actor, step)
        allowed = {
            Action.FORWARD: step.process_step.can_forward,
            Action.REFUSE: step.process_step.can_refuse,
        }
        if not allowed.get(action, True):
            raise IllegalAction(
                _("The process does not allow “%(action)s” at this step.")
                % {"action": action_label(action)}
            )
        from_status = dossier.status
        if action is Action.TAKE:
            if step.assignee_id is not None:
                raise AlreadyHandled(_("You are already handling this step."))
            step.assignee = actor
            step.status = StepStatus.TAKEN
            step.save(update_fields=["assignee", "status"])
        elif action is Action.REFUSE:
            comment = _require_text(
                comment, field="comment", message=_("Give the reason for the refusal.")
            )
            _finish_step(step, actor=actor, action=action, at=at, comment=comment)
            dossier.status = DossierStatus.REFUSED
            dossier.reason = comment
            dossier.current_step = None
            dossier.closed_at = at
        else:
            _finish_step(step, actor=actor, action=action, at=at, comment=comment)
            if action is Action.SIGN:
                dossier.resolved_at = at
                dossier.timeliness = classify(
                    finished_at=at,
                    due_at=dossier.due_at,
                    supplement_requests=dossier.supplement_requests,
                )
            following = _process_step_after(step)
            dossier.status = next_status(
                action=action,
                status=dossier.status,
                next_kind=following.kind if following else None,
            )
            if following is None:
                dossier.current_step = None
            else:
                _start_step(dossier, following, at=at)
        dossier.save()
        names = []
        for file in attachments:
            attachment = DossierAttachment(
                dossier=dossier, step=step, name=normalize_text(file.name or "")[:255],
                file=file, uploaded_by=actor, uploaded_at=at,
            )  # fmt: skip
            attachment.save()
            saved.append(attachment.file)
            names.append(attachment.name)
        _append_event(
            dossier, action=action, actor=actor, at=at, from_status=from_status, step=step,
            position=position, comment=comment, data={"attachments": names} if names else None,
        )  # fmt: skip
    return dossier


def dossier_send_back(
    *,
    actor: User,
    dossier_id: int,
    reason: str,
    to_position: int | None = None,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Send the dossier back to an earlier step (the previous one by default), with a reason.

    The earlier step opens again for whoever handled it before.
    """
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Say why the dossier goes back."))
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        step = _open_step(dossier, Action.SEND_BACK, step_id)
        position = _actor_on_step(actor, step)
        if not step.process_step.can_send_back:
            raise IllegalAction(_("The process does not allow sending back from this step."))
        earlier = ProcessStep.objects.filter(
            process_id=step.process_step.process_id, position__lt=step.position
        )
        target = (
            earlier.filter(position=to_position).first()
            if to_position is not None
            else earlier.order_by("-position").first()
        )
        if target is None:
            raise DomainError(_("There is no such earlier step."), field="to_position")
        previous_handler = (
            dossier.steps.filter(process_step=target, finished_by__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_by", flat=True)
            .first()
        )
        from_status = dossier.status
        _finish_step(step, actor=actor, action=Action.SEND_BACK, at=at, comment=reason)
        _start_step(
            dossier,
            target,
            at=at,
            assignee=User.objects.filter(pk=previous_handler).first() if previous_handler else None,
        )
        dossier.status = next_status(
            action=Action.SEND_BACK, status=dossier.status, next_kind=target.kind
        )
        if target.kind == StepKind.RECEIVE:
            dossier.status = DossierStatus.RECEIVED
        dossier.save()
        _append_event(
            dossier, action=Action.SEND_BACK, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason, data={"to_position": target.position},
        )  # fmt: skip
    return dossier


def dossier_request_supplement(
    *,
    actor: User,
    dossier_id: int,
    items: list[str],
    reason: str,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Ask the applicant for documents: the clock stops until they are supplied.

    Allowed where the step permits it. The request is counted: more than one during resolution
    makes the dossier late (Decision 766 formula).
    """
    at = _now(at)
    items = [normalize_text(item) for item in items if item.strip()]
    if not items:
        raise DomainError(_("List the documents the applicant must supply."), field="items")
    reason = _require_text(reason, field="reason", message=_("Give the reason for the request."))
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        step = _open_step(dossier, Action.REQUEST_SUPPLEMENT, step_id)
        position = _actor_on_step(actor, step)
        if not step.process_step.can_request_supplement:
            raise IllegalAction(_("The process does not allow a supplementation request here."))
        if step.assignee_id is None:
            step.assignee = actor
            step.status = StepStatus.TAKEN
            step.save(update_fields=["assignee", "status"])
        from_status = dossier.status
        dossier.status = DossierStatus.AWAITING_SUPPLEMENT
        dossier.paused_at = at
        dossier.supplement_requests = F("supplement_requests") + 1
        dossier.missing_items = items
        dossier.save()
        dossier.refresh_from_db(fields=["supplement_requests"])
        _append_event(
            dossier, action=Action.REQUEST_SUPPLEMENT, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason,
            data={"items": items, "resume_status": from_status},
        )  # fmt: skip
    return dossier


def dossier_supply(
    *,
    actor: User | None,
    dossier_id: int,
    components: list[ComponentReceived],
    at: datetime | None = None,
) -> Dossier:
    """The applicant supplied the documents: the clock resumes where it stopped.

    At the desk the clerk records it (`actor`); online the applicant uploads them from the
    tracking page (`actor` None: the caller checked the code and its secret). The appointment
    and the open step's due instant move later by the working time the clock was stopped
    (DESIGN.md "Working time": resume with the remaining working time).
    """
    at = _now(at)
    with removed_on_failure() as saved, transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.SUPPLY)
        position = None
        if actor is not None:
            position = _position_for(actor, role=Role.CLERK, agency_id=dossier.agency_id)
            if position is None:
                raise PermissionDenied(_("Supplied documents are received by the one-stop clerk."))
        assert dossier.paused_at is not None
        calendar = calendar_for(dossier.agency_id)
        paused_seconds = calendar.working_seconds_between(
            dossier.paused_at, max(at, dossier.paused_at)
        )
        request = (
            dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).order_by("-sequence").first()
        )
        from_status = dossier.status
        dossier.status = (
            request.data.get("resume_status") if request else None
        ) or DossierStatus.IN_PROGRESS
        if dossier.due_at is not None:
            dossier.due_at = calendar.add_working_hours(dossier.due_at, paused_seconds / 3600)
        step = dossier.current_step
        if step is not None and step.is_open:
            step_calendar = calendar_for(step.agency_id)
            step.due_at = step_calendar.add_working_hours(step.due_at, paused_seconds / 3600)
            step.save(update_fields=["due_at"])
        dossier.paused_at = None
        dossier.missing_items = []
        dossier.save()
        _save_components(dossier, components, saved=saved)
        _append_event(
            dossier, action=Action.SUPPLY, actor=actor, at=at, from_status=from_status, step=step,
            position=position, data={"paused_working_seconds": paused_seconds},
        )  # fmt: skip
    return dossier


def dossier_return_result(
    *,
    actor: User,
    dossier_id: int,
    collected_by: str,
    step_id: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Hand the result over at the desk: who collected it, when. The dossier is closed."""
    at = _now(at)
    collected_by = _require_text(
        collected_by, field="collected_by", message=_("Record who collected the result.")
    )
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        step = _open_step(dossier, Action.RETURN_RESULT, step_id)
        position = _actor_on_step(actor, step)
        from_status = dossier.status
        _finish_step(step, actor=actor, action=Action.RETURN_RESULT, at=at, comment=collected_by)
        dossier.status = DossierStatus.RETURNED
        dossier.returned_at = dossier.closed_at = at
        dossier.collected_by = normalize_text(collected_by)
        dossier.current_step = None
        dossier.save()
        _append_event(
            dossier, action=Action.RETURN_RESULT, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=collected_by,
        )  # fmt: skip
    return dossier


def _close(
    *,
    actor: User,
    dossier_id: int,
    action: Action,
    status: DossierStatus,
    reason: str,
    position_of: Any,
    at: datetime,
) -> Dossier:
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, action)
        position = position_of(dossier)
        from_status = dossier.status
        open_step = dossier.current_step
        if open_step is not None and open_step.is_open:
            open_step.status = StepStatus.CANCELLED
            open_step.finished_at = at
            open_step.finished_by = actor
            open_step.action = action
            open_step.save()
        dossier.status = status
        dossier.reason = reason
        dossier.closed_at = at
        dossier.current_step = None
        dossier.save()
        _append_event(
            dossier, action=action, actor=actor, at=at, from_status=from_status, step=open_step,
            position=position, comment=reason,
        )  # fmt: skip
    return dossier


def dossier_withdraw(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Withdraw at the applicant's request (recorded by the clerk), before the signature."""
    reason = _require_text(reason, field="reason", message=_("Record the applicant's request."))

    def clerk(dossier: Dossier) -> Position:
        position = _position_for(actor, role=Role.CLERK, agency_id=dossier.agency_id)
        if position is None:
            raise PermissionDenied(_("A withdrawal is recorded by the one-stop clerk."))
        return position

    return _close(
        actor=actor, dossier_id=dossier_id, action=Action.WITHDRAW,
        status=DossierStatus.WITHDRAWN, reason=reason, position_of=clerk, at=_now(at),
    )  # fmt: skip


def dossier_cancel(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Cancel a dossier (administrators only, with a reason): for dossiers entered in error."""
    reason = _require_text(reason, field="reason", message=_("Give the reason for cancelling."))

    def administrator(dossier: Dossier) -> None:
        if not (actor.is_superuser or has_role(actor, Role.SYSTEM_ADMIN)):
            raise PermissionDenied(_("Only an administrator may cancel a dossier."))

    return _close(
        actor=actor, dossier_id=dossier_id, action=Action.CANCEL,
        status=DossierStatus.CANCELLED, reason=reason, position_of=administrator, at=_now(at),
    )  # fmt: skip


def dossier_apologise(
    *,
    actor: User,
    dossier_id: int,
    reason: str,
    new_due_at: datetime,
    at: datetime | None = None,
) -> Dossier:
    """Issue the apology with a new appointment (phiếu xin lỗi và hẹn lại).

    Only once per dossier, at the latest one working day before the appointment, by the
    agency handling the current step. The new appointment is what the applicant is told
    (`new_due_at`); the dossier is still classified against the legal due instant, so it
    still counts as late.
    """
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Give the reason for the delay."))
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.APOLOGISE)
        step = dossier.current_step
        position = _position_for(actor, role=step.role, agency_id=step.agency_id) if step else None
        if position is None:
            raise PermissionDenied(_("The apology is issued by the agency handling the dossier."))
        if dossier.events.filter(action=Action.APOLOGISE).exists():
            raise IllegalAction(_("A new appointment may be set only once."))
        if dossier.due_at is None:
            raise IllegalAction(_("A dossier without a time limit has no appointment to move."))
        calendar = calendar_for(dossier.agency_id)
        latest = calendar.add_working_days(calendar.next_working_instant(at), 1)
        if latest > dossier.due_at:
            raise IllegalAction(
                _("The apology must be issued at least one working day before the appointment.")
            )
        if new_due_at <= dossier.due_at:
            raise DomainError(
                _("The new appointment must be later than the current one."), field="new_due_at"
            )
        from_status = dossier.status
        dossier.new_due_at = new_due_at
        dossier.save()
        _append_event(
            dossier, action=Action.APOLOGISE, actor=actor, at=at, from_status=from_status,
            step=step, position=position, comment=reason,
        )  # fmt: skip
    return dossier


def action_label(action: Action) -> str:
    return str(ACTION_LABELS[action])


# --- deadlines after a calendar change --------------------------------------------------------


def _pauses(dossier: Dossier) -> list[tuple[datetime, datetime]]:
    """The finished pauses of a dossier (request → supply), from its events."""
    pauses: list[tuple[datetime, datetime]] = []
    started: datetime | None = None
    for event in dossier.events.order_by("sequence"):
        if event.action == Action.REQUEST_SUPPLEMENT:
            started = event.at
        elif event.action == Action.SUPPLY and started is not None:
            pauses.append((started, event.at))
            started = None
    return pauses


def _shifted(
    calendar_agency: int, due: datetime, pauses: list[tuple[datetime, datetime]]
) -> datetime:
    calendar = calendar_for(calendar_agency)
    for start, end in pauses:
        due = calendar.add_working_hours(due, calendar.working_seconds_between(start, end) / 3600)
    return due


def dossier_deadlines_recompute(*, dossier_id: int) -> bool:
    """Recompute an open dossier's appointment and its open step's due instant from the facts.

    The facts are the receipt, the legal time limit, the step's start and duration and the
    finished pauses; the calendar is today's. Appends a `recompute_deadlines` event with what
    moved, and only when something moved (running it twice changes nothing).
    """
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=None)
        if dossier.resolved_at is not None or dossier.received_at is None or not dossier.is_open:
            return False
        pauses = _pauses(dossier)
        moved: dict[str, Any] = {}
        limit = procedure_time_limit(dossier.procedure_version)
        if limit is not None:
            base = calendar_for(dossier.agency_id).due_instant(dossier.received_at, limit)
            due = _shifted(dossier.agency_id, base, pauses)
            if due != dossier.due_at:
                moved["previous_due_at"] = iso(dossier.due_at)
                dossier.due_at = due
        step = dossier.current_step
        if step is not None and step.is_open:
            step_pauses = [(start, end) for start, end in pauses if start >= step.started_at]
            step_due = _shifted(
                step.agency_id, _step_due(step.process_step, step.started_at), step_pauses
            )
            if step_due != step.due_at:
                moved["previous_step_due_at"] = iso(step.due_at)
                moved["step_due_at"] = iso(step_due)
                step.due_at = step_due
                step.save(update_fields=["due_at"])
        if not moved:
            return False
        dossier.save(update_fields=["due_at"])
        _append_event(
            dossier, action=Action.RECOMPUTE_DEADLINES, actor=None, at=timezone.now(),
            from_status=dossier.status, step=step, data=moved,
        )  # fmt: skip
    return True


def dossiers_affected_by(days: list[date]) -> list[int]:
    """Open, unresolved dossiers whose time to the appointment spans one of these days."""
    if not days:
        return []
    first, last = period_bounds(min(days), max(days))
    return list(
        Dossier.objects.filter(
            status__in=OPEN_STATUSES, resolved_at__isnull=True, received_at__lte=last
        )
        .filter(Q(due_at__gte=first) | Q(due_at__isnull=True))
        .values_list("pk", flat=True)
    )


# --- reassignment and comments ----------------------------------------------------------------


def dossier_reassign(
    *,
    actor: User,
    dossier_id: int,
    to_user: User,
    reason: str,
    co_handlers: list[User] | None = None,
    at: datetime | None = None,
) -> Dossier:
    """A leader over the step's agency gives the open step to another person (main handler),
    optionally with co-handlers who may comment. Both must hold the step's role there."""
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Say why the step is reassigned."))
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.REASSIGN)
        step = dossier.current_step
        if step is None or not step.is_open:
            raise IllegalAction(_("The dossier has no open step."))
        position = next(
            (
                p
                for p in active_positions().filter(
                    user=actor, role__in=[Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER]
                )
                if step.agency_id in agency_subtree_ids([p.agency_id])
            ),
            None,
        )
        if position is None:
            raise PermissionDenied(
                _("Only a leader over %(agency)s may reassign its steps.")
                % {"agency": step.agency.name}
            )
        for person in [to_user, *(co_handlers or [])]:
            if _position_for(person, role=step.role, agency_id=step.agency_id) is None:
                raise DomainError(
                    _("%(name)s is not %(role)s in %(agency)s.")
                    % {"name": person.get_full_name(), "role": Role(step.role).label,
                       "agency": step.agency.name},
                    field="to_user",
                )  # fmt: skip
        previous = step.assignee_id
        step.assignee = to_user
        step.status = StepStatus.TAKEN
        step.save(update_fields=["assignee", "status"])
        step.co_handlers.set(co_handlers or [])
        _append_event(
            dossier, action=Action.REASSIGN, actor=actor, at=at, from_status=dossier.status,
            step=step, position=position, comment=reason,
            data={"from_user": previous, "to_user": to_user.pk,
                  "co_handlers": [u.pk for u in co_handlers or []]},
        )  # fmt: skip
    return dossier


def dossier_comment(
    *, actor: User, dossier_id: int, text: str, at: datetime | None = None
) -> Dossier:
    """The open step's handler or one of its co-handlers records an opinion."""
    at = _now(at)
    text = _require_text(text, field="comment", message=_("Write the comment."))
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.COMMENT)
        step = dossier.current_step
        allowed = step is not None and (
            step.assignee_id == actor.pk or step.co_handlers.filter(pk=actor.pk).exists()
        )
        if not allowed or step is None:
            raise PermissionDenied(_("Only the step's handler and co-handlers may comment."))
        _append_event(
            dossier, action=Action.COMMENT, actor=actor, at=at, from_status=dossier.status,
            step=step, position=_position_for(actor, role=step.role, agency_id=step.agency_id),
            comment=text,
        )  # fmt: skip
    return dossier


# --- administrator corrections ----------------------------------------------------------------


def _require_administrator(actor: User) -> None:
    if not (actor.is_superuser or has_role(actor, Role.SYSTEM_ADMIN)):
        raise PermissionDenied(_("Only an administrator may correct a dossier."))


def dossier_undo_last(
    *, actor: User, dossier_id: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Undo the last action that moved the dossier (administrators, with a reason).

    The step it finished opens again for the same handler, the step it opened is cancelled,
    and the dossier's state returns to what the event before it recorded. The undone event
    stays in the history; an `undo` event says what was undone and why.
    """
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        recent = list(dossier.events.order_by("-sequence")[:2])
        if len(recent) < 2 or recent[0].action not in UNDOABLE:
            raise IllegalAction(_("The last action of this dossier cannot be undone."))
        last, before = recent
        undone_step = last.step
        opened = dossier.current_step
        if opened is not None and undone_step is not None and opened.pk != undone_step.pk:
            opened.status = StepStatus.CANCELLED
            opened.finished_at = at
            opened.finished_by = actor
            opened.action = Action.UNDO
            opened.save()
        if undone_step is not None:
            if last.action == Action.TAKE:
                undone_step.status, undone_step.assignee = StepStatus.PENDING, None
            elif last.action == Action.REASSIGN:
                undone_step.assignee_id = last.data.get("from_user")
                undone_step.status = (
                    StepStatus.TAKEN if undone_step.assignee_id else StepStatus.PENDING
                )
            else:
                undone_step.status = (
                    StepStatus.TAKEN if undone_step.assignee_id else StepStatus.PENDING
                )
                undone_step.finished_at = None
                undone_step.finished_by = None
                undone_step.action = ""
                undone_step.timeliness = ""
            undone_step.save()
        state = before.data
        dossier.status = last.from_status
        for field, instant in instants(state).items():
            setattr(dossier, field, instant)
        dossier.timeliness = state.get("timeliness") or ""
        dossier.current_step_id = state.get("current_step")
        dossier.closed_at = None
        if last.action in (Action.REFUSE, Action.WITHDRAW):
            dossier.reason = ""
        if last.action == Action.RETURN_RESULT:
            dossier.collected_by = ""
        dossier.save()
        _append_event(
            dossier, action=Action.UNDO, actor=actor, at=at, from_status=last.to_status,
            step=undone_step, comment=reason, data={"undone": last.sequence},
        )  # fmt: skip
    return dossier


def dossier_move_to_step(
    *, actor: User, dossier_id: int, position: int, reason: str, at: datetime | None = None
) -> Dossier:
    """Put the dossier at a given step of its process (administrators, with a reason)."""
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.MOVE_TO_STEP)
        target = dossier.process.steps.filter(position=position).first()
        if target is None:
            raise DomainError(_("The process has no such step."), field="position")
        from_status = dossier.status
        current = dossier.current_step
        if current is not None and current.is_open:
            current.status = StepStatus.CANCELLED
            current.finished_at = at
            current.finished_by = actor
            current.action = Action.MOVE_TO_STEP
            current.save()
        step = _start_step(dossier, target, at=at)
        if dossier.status != DossierStatus.AWAITING_SUPPLEMENT:
            dossier.status = (
                DossierStatus.RECEIVED if target.kind == StepKind.RECEIVE
                else DossierStatus.READY_TO_RETURN if target.kind == StepKind.RETURN
                else DossierStatus.IN_PROGRESS
            )  # fmt: skip
        dossier.save()
        _append_event(
            dossier, action=Action.MOVE_TO_STEP, actor=actor, at=at, from_status=from_status,
            step=step, comment=reason, data={"position": position},
        )  # fmt: skip
    return dossier


def dossier_fix_due(
    *, actor: User, dossier_id: int, due_at: datetime, reason: str, at: datetime | None = None
) -> Dossier:
    """Set the appointment by hand (administrators, with a reason): e.g. a wrong time limit."""
    at = _now(at)
    reason = _require_text(reason, field="reason", message=_("Give the reason for the correction."))
    _require_administrator(actor)
    with transaction.atomic(durable=True):
        dossier = _locked(dossier_id, reader=actor)
        _refuse_illegal(dossier, Action.FIX_DUE)
        previous = dossier.due_at
        dossier.due_at = due_at
        dossier.save()
        _append_event(
            dossier, action=Action.FIX_DUE, actor=actor, at=at, from_status=dossier.status,
            comment=reason, data={"previous_due_at": iso(previous)},
        )  # fmt: skip
    return dossier


# --- one entry for every action (the API and the staff pages call it) ------------------------


@dataclass(frozen=True, slots=True)
class ActionInput:
    """What a person may give with an action; each action reads the fields it needs."""

    step_id: int | None = None
    comment: str = ""
    reason: str = ""
    items: tuple[str, ...] = ()
    collected_by: str = ""
    to_position: int | None = None
    new_due_at: datetime | None = None
    to_user: User | None = None
    co_handlers: tuple[User, ...] = ()
    position: int | None = None
    due_at: datetime | None = None
    attachments: tuple[File[Any], ...] = ()


STEP_ACTIONS = frozenset({Action.TAKE, Action.FORWARD, Action.APPROVE, Action.SIGN, Action.REFUSE})


def dossier_act(*, actor: User, dossier_id: int, action: Action, data: ActionInput) -> Dossier:
    """Carry out any action on a received dossier with the matching service (see each one)."""
    common: dict[str, Any] = {"actor": actor, "dossier_id": dossier_id}
    if action in STEP_ACTIONS:
        return dossier_step_act(
            **common, action=action, step_id=data.step_id, comment=data.comment or data.reason,
            attachments=data.attachments,
        )  # fmt: skip
    if action is Action.SEND_BACK:
        return dossier_send_back(
            **common, reason=data.reason or data.comment, to_position=data.to_position,
            step_id=data.step_id,
        )  # fmt: skip
    if action is Action.REQUEST_SUPPLEMENT:
        return dossier_request_supplement(
            **common, items=list(data.items), reason=data.reason or data.comment,
            step_id=data.step_id,
        )  # fmt: skip
    if action is Action.SUPPLY:
        return dossier_supply(**common, components=[])
    if action is Action.RETURN_RESULT:
        return dossier_return_result(**common, collected_by=data.collected_by, step_id=data.step_id)
    if action is Action.WITHDRAW:
        return dossier_withdraw(**common, reason=data.reason or data.comment)
    if action is Action.CANCEL:
        return dossier_cancel(**common, reason=data.reason or data.comment)
    if action is Action.APOLOGISE:
        if data.new_due_at is None:
            raise DomainError(_("Give the new appointment."), field="new_due_at")
        return dossier_apologise(**common, reason=data.reason, new_due_at=data.new_due_at)
    if action is Action.REASSIGN:
        if data.to_user is None:
            raise DomainError(_("No active user has this username."), field="to_user")
        return dossier_reassign(
            **common, to_user=data.to_user, reason=data.reason,
            co_handlers=list(data.co_handlers),
        )  # fmt: skip
    if action is Action.COMMENT:
        return dossier_comment(**common, text=data.comment)
    if action is Action.UNDO:
        return dossier_undo_last(**common, reason=data.reason)
    if action is Action.MOVE_TO_STEP:
        if data.position is None:
            raise DomainError(_("Give the step's position."), field="position")
        return dossier_move_to_step(**common, position=data.position, reason=data.reason)
    if action is Action.FIX_DUE:
        if data.due_at is None:
            raise DomainError(_("Give the new due instant."), field="due_at")
        return dossier_fix_due(**common, due_at=data.due_at, reason=data.reason)
    raise NotFound

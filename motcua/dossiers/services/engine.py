"""The dossier engine: what every service of the package shares (its internal API).

Every service runs in one outermost transaction, locks the dossier row first (two people acting
on the same step: exactly one wins; the other is told who handled it and when), checks the
state machine (`lifecycle.py`) and the process's allowed actions, changes the denormalised
columns and appends exactly one event (`append_event`). Nothing else changes a dossier.

`at` (the instant of the action) defaults to now; only the demo and imports of dossiers
received on paper pass it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import File
from django.db import connections, router, transaction
from django.db.models import Value, prefetch_related_objects
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.selectors import procedure_version_in_force, processes_in_force
from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied, validated
from motcua.core.events import next_sequence
from motcua.core.sqlrows import ModelColumns, lock_clause
from motcua.core.text import fold, normalize_text
from motcua.dossiers.guards import (
    AlreadyHandled,
    illegal_in_state,
    step_action_refusal,
)
from motcua.dossiers.lifecycle import APPLICANT_MESSAGES, Action
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierClock,
    DossierComponent,
    DossierEvent,
    DossierStatus,
    DossierStep,
    StepClock,
    StepStatus,
)
from motcua.dossiers.notifications import send_applicant_message
from motcua.dossiers.replay import snapshot
from motcua.dossiers.selectors import dossier_readable_by
from motcua.dossiers.timing import classify
from motcua.legal.models import SupplementClock
from motcua.legal.services import regime_for
from motcua.org.access import scope_for
from motcua.org.models import Agency, Position, Role
from motcua.org.selectors import active_positions, agency_in_force
from motcua.workcal.calendar import TimeLimit, TimeLimitUnit, to_local
from motcua.workcal.services import calendar_for


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
    # A digitised copy of the same applicant's earlier dossier used instead of a new scan.
    reuse_of: int | None = None


def at_or_now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def position_for(actor: User, *, role: Role | str, agency_id: int) -> Position | None:
    """Whether someone other than the one acting holds the position (a co-handler named, a
    handler kept after a merger): one query. The actor's own: `held_position`."""
    return active_positions().filter(user=actor, role=role, agency_id=agency_id).first()


def held_position(actor: User, *, role: Role | str, agency_id: int) -> Position | None:
    """The actor's position (its role and agency, what an event records) or None, from the
    actor's scope — the positions held, read once per request (org.access) — without a query
    of its own, unlike `position_for`."""
    if not scope_for(actor).holds(agency_id, role):
        return None
    return Position(user=actor, agency_id=agency_id, role=role)


def append_event(
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
    known = dossier.last_event_sequence
    sequence = (
        known + 1 if known is not None else next_sequence(DossierEvent, dossier_id=dossier.pk)
    )
    event = DossierEvent.objects.create(
        dossier=dossier,
        sequence=sequence,
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
    dossier.last_event_sequence = sequence
    record_clock(dossier, event)
    if action in APPLICANT_MESSAGES:
        # After commit: a rolled-back action never reaches the applicant.
        transaction.on_commit(lambda: send_applicant_message.enqueue(event.pk))
    return event


def record_clock(dossier: Dossier, event: DossierEvent) -> None:
    """Append to the deadline history when the event changed the dossier's clock.

    The row in force ends at the event's instant and the new one starts there; what was
    recorded is known from loading the dossier (`Dossier.recorded_clock`), so an action that
    leaves the clock alone costs no query.
    """
    state = dossier.clock_state
    recorded = dossier.recorded_clock
    if recorded == "unknown":
        last = dossier.clock.filter(until=None).first()
        recorded = None if last is None else (last.due_at, last.paused, last.new_due_at)
    if state == recorded:
        return
    if recorded is not None:
        # Greatest: an action dated before the row in force (a paper import) leaves it empty.
        dossier.clock.filter(until=None).update(until=Greatest("since", Value(event.at)))
    if state is not None:
        due_at, paused, new_due_at = state
        DossierClock.objects.create(
            dossier=dossier, since=event.at, due_at=due_at, paused=paused, new_due_at=new_due_at,
            cause=event.action, event=event,
        )  # fmt: skip
    dossier.recorded_clock = state


def record_step_clock(step: DossierStep, *, at: datetime, paused: bool, cause: str) -> None:
    """A change of a step's clock (paused, resumed with `step.due_at`, moved), from `at`."""
    step.clock.filter(until=None).update(until=Greatest("since", Value(at)))
    StepClock.objects.create(step=step, since=at, due_at=step.due_at, paused=paused, cause=cause)


def procedure_time_limit(version: ProcedureVersion) -> TimeLimit | None:
    if not version.time_limit_unit or version.time_limit_value is None:
        return None
    return TimeLimit(float(version.time_limit_value), TimeLimitUnit(version.time_limit_unit))


def supplement_restarts_clock(dossier: Dossier) -> bool:
    """Whether supplying what was asked restarts the time limit: the procedure's own rule, else
    its regime's (legal.SupplementClock; DESIGN.md "Working time")."""
    own = dossier.procedure_version.supplement_clock
    if own:
        return own == SupplementClock.RESTART
    regime = dossier.regime if dossier.regime_id else None
    return regime is not None and regime.supplement_clock == SupplementClock.RESTART


def process_step_due(
    step: ProcessStep, started_at: datetime, agency_id: int | None = None
) -> datetime:
    calendar = calendar_for(agency_id or step.agency_id)
    return calendar.add_working_hours(started_at, float(step.duration_hours))


def start_step(
    dossier: Dossier, process_step: ProcessStep, *, at: datetime, assignee: User | None = None
) -> DossierStep:
    # A step of an agency merged away goes to its successor (docs/legal-regimes.md).
    agency = agency_in_force(process_step.agency, to_local(at).date())
    due_at = process_step_due(process_step, at, agency.pk)
    step = DossierStep.objects.create(
        dossier=dossier,
        process_step=process_step,
        position=process_step.position,
        kind=process_step.kind,
        role=process_step.role,
        agency_id=agency.pk,
        assignee=assignee,
        status=StepStatus.TAKEN if assignee else StepStatus.PENDING,
        started_at=at,
        due_at=due_at,
        first_due_at=due_at,
    )
    dossier.current_step = step
    return step


def record_not_received(
    dossier: Dossier,
    *,
    actor: User,
    position: Position,
    action: Action,
    fields: dict[str, Any],
    comment: str,
    at: datetime,
    from_status: str,
    data: dict[str, Any] | None = None,
) -> Dossier:
    """Close a dossier the desk did not receive (guided to complete, or refused): no code,
    closed at once, one event — at the desk or after checking an online submission. Its slip
    is the form of the regime in force that day."""
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.regime = regime_for(to_local(at).date())
    dossier.status = DossierStatus.NOT_RECEIVED
    dossier.closed_at = at
    dossier.save()
    append_event(
        dossier, action=action, actor=actor, at=at, from_status=from_status, position=position,
        comment=comment, data=data,
    )  # fmt: skip
    return dossier


def cancel_step(step: DossierStep, *, actor: User, action: Action, at: datetime) -> None:
    """Close a step nobody finished: the dossier left it by `action` (closing, a correction)."""
    step.status = StepStatus.CANCELLED
    step.finished_at = at
    step.finished_by = actor
    step.action = action
    step.save()


FINISHED_STEP_FIELDS = ["status", "finished_at", "finished_by", "action", "comment", "timeliness",
                        "assignee"]  # fmt: skip


def finish_step(
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
    step.save(update_fields=FINISHED_STEP_FIELDS)


def in_force_process(procedure_version: ProcedureVersion, agency: Agency, day: date) -> Process:
    process = (
        processes_in_force(day)
        .filter(procedure_id=procedure_version.procedure_id, agency=agency)
        .first()
    )
    if process is None:
        raise no_process_in_force(agency)
    return process


def intake_context(
    *, actor: User, agency: Agency, procedure_code: str, at: datetime
) -> tuple[Position, ProcedureVersion, Process]:
    position = held_position(actor, role=Role.CLERK, agency_id=agency.pk)
    if position is None:
        raise PermissionDenied(
            _("Only a one-stop clerk of %(agency)s may receive dossiers there.")
            % {"agency": agency.name}
        )
    version, process = catalogue_in_force(procedure_code, agency, to_local(at).date())
    return position, version, process


def catalogue_in_force(
    procedure_code: str, agency: Agency, day: date
) -> tuple[ProcedureVersion, Process]:
    """The procedure version in force on `day` with its required documents, and the agency's
    process in force for it — what `version_in_force` and `in_force_process` answer, in one
    statement written once (`intake_reads`) and one for the documents."""
    connection = connections[router.db_for_read(ProcedureVersion)]
    reads = intake_reads(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(reads.sql, reads.params(procedure_code.strip().upper(), agency.pk, day))
        row = cursor.fetchone()
    if row is None:
        raise no_procedure_in_force(procedure_code)
    values = iter(row)
    version = reads.version.instance(_take(values, reads.version.width), connection)
    version.procedure = reads.procedure.instance(_take(values, reads.procedure.width), connection)
    version.field = reads.field.instance(_take(values, reads.field.width), connection)
    prefetch_related_objects([version], "components")
    process_values = _take(values, reads.process.width)
    if process_values[0] is None:
        raise no_process_in_force(agency)
    process = reads.process.instance(process_values, connection)
    process.procedure = version.procedure
    process.agency = agency
    process.procedure_version = reads.process_version.instance(list(values), connection)
    return version, process


def _take(values: Iterator[Any], count: int) -> list[Any]:
    return [next(values) for _ in range(count)]


def version_in_force(procedure_code: str, day: date) -> ProcedureVersion:
    """The procedure version in force on `day`, or a refusal naming the code."""
    try:
        return procedure_version_in_force(procedure_code, day)
    except NotFound:
        raise no_procedure_in_force(procedure_code) from None


def no_procedure_in_force(procedure_code: str) -> DomainError:
    return DomainError(
        _("No procedure with the code %(code)s is in force.") % {"code": procedure_code},
        field="procedure",
    )


def no_process_in_force(agency: Agency) -> DomainError:
    return DomainError(
        _("%(agency)s does not receive this procedure (no internal process in force).")
        % {"agency": agency.name}
    )


def new_dossier(
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
    dossier.last_event_sequence = 0
    # The related rows are the service's own choice (no query to check that they exist).
    validated(
        dossier,
        exclude=["procedure_version", "process", "agency", "current_step", "code", "created_by"],
    )
    return dossier


def reusable_copy(dossier: Dossier, component_id: int) -> DossierComponent:
    """A certified digitised copy from an earlier dossier of the same applicant (the same
    identity number); anything else is refused."""
    source = (
        DossierComponent.objects.filter(pk=component_id, certified_at__isnull=False)
        .exclude(file="")
        .select_related("dossier")
        .first()
    )
    number = dossier.applicant_id_number
    if source is None or not number or source.dossier.applicant_id_number != number:
        raise DomainError(
            _("That document is not a certified digitised copy of this applicant's."),
            field="components",
        )
    return source


def save_components(
    dossier: Dossier,
    components: list[ComponentReceived],
    *,
    saved: list[FieldFile],
    save_counts: bool = True,
) -> None:
    """Record the documents handed in; their scans are listed in `saved` (removed_on_failure).
    The dossier's counts change on the instance too, and are saved unless the caller saves the
    dossier next (`save_counts=False`)."""
    required = {c.position: c for c in dossier.procedure_version.components.all()}
    rows = []
    for received in components:
        source = reusable_copy(dossier, received.reuse_of) if received.reuse_of else None
        rows.append(
            DossierComponent(
                dossier=dossier,
                required=required.get(received.required_position or -1),
                name=normalize_text(received.name),
                originals=received.originals,
                copies=received.copies,
                file=source.file.name if source else (received.file or ""),
                reused_from=source,
            )
        )
    for component in DossierComponent.objects.bulk_create(rows):
        if component.file and component.reused_from_id is None:  # a reused file is its source's
            saved.append(component.file)
    if components:  # on the instance too: a later save() of it must not write stale counts
        dossier.components_count += len(components)
        dossier.unscanned_count += sum(
            1 for received in components if not (received.file or received.reuse_of)
        )
        if save_counts:
            dossier.save(update_fields=["components_count", "unscanned_count"])


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


@dataclass(frozen=True, slots=True)
class ActionReads:
    """The SQL of the engine's hot reads (the locked dossier and step, the next process step),
    written once per database (core.sqlrows)."""

    dossier: ModelColumns[Dossier]
    step: ModelColumns[DossierStep]
    process_step: ModelColumns[ProcessStep]
    agency: ModelColumns[Agency]
    dossier_sql: str
    step_sql: str
    next_step_sql: str


@functools.cache
def action_reads(alias: str) -> ActionReads:
    connection = connections[alias]
    quote = connection.ops.quote_name
    dossier = ModelColumns(Dossier, "d", connection)
    step = ModelColumns(DossierStep, "s", connection)
    process_step = ModelColumns(ProcessStep, "p", connection)
    agency = ModelColumns(Agency, "a", connection)
    dossiers, steps = quote(Dossier._meta.db_table), quote(DossierStep._meta.db_table)
    process_steps, events = quote(ProcessStep._meta.db_table), quote(DossierEvent._meta.db_table)
    agencies = quote(Agency._meta.db_table)
    return ActionReads(
        dossier=dossier,
        step=step,
        process_step=process_step,
        agency=agency,
        dossier_sql=(
            f"SELECT {dossier.sql} FROM {dossiers} d WHERE d.id = %s"  # noqa: S608
            + lock_clause(connection)
        ),
        # The step with its process step, and the dossier's last event number: read under the
        # dossier's lock (no event can be appended meanwhile), the action's event then costs
        # one statement.
        step_sql=(
            f"SELECT {step.sql}, {process_step.sql}, (SELECT e.sequence FROM {events} e"  # noqa: S608
            f" WHERE e.dossier_id = s.dossier_id ORDER BY e.sequence DESC LIMIT 1)"
            f" FROM {steps} s JOIN {process_steps} p ON p.id = s.process_step_id"
            f" WHERE s.id = %s" + lock_clause(connection, "s")
        ),
        next_step_sql=(
            f"SELECT {process_step.sql}, {agency.sql} FROM {process_steps} p"  # noqa: S608
            f" JOIN {agencies} a ON a.id = p.agency_id"
            f" WHERE p.process_id = %s AND p.position > %s ORDER BY p.position LIMIT 1"
        ),
    )


@dataclass(frozen=True, slots=True)
class IntakeReads:
    """The SQL of the intake's catalogue read: the version in force of a procedure code with
    its procedure and field, and the agency's process in force with its own version."""

    version: ModelColumns[ProcedureVersion]
    procedure: ModelColumns[Procedure]
    field: ModelColumns[Field]
    process: ModelColumns[Process]
    process_version: ModelColumns[ProcedureVersion]
    sql: str

    @staticmethod
    def params(code: str, agency_id: int, day: date) -> list[Any]:
        published = VersionStatus.PUBLISHED.value
        return [agency_id, published, day, day, code, published, day, day]


@functools.cache
def intake_reads(alias: str) -> IntakeReads:
    connection = connections[alias]
    quote = connection.ops.quote_name
    version = ModelColumns(ProcedureVersion, "v", connection)
    procedure = ModelColumns(Procedure, "pr", connection)
    field = ModelColumns(Field, "f", connection)
    process = ModelColumns(Process, "p", connection)
    process_version = ModelColumns(ProcedureVersion, "pv", connection)
    versions, procedures = quote(ProcedureVersion._meta.db_table), quote(Procedure._meta.db_table)
    fields, processes = quote(Field._meta.db_table), quote(Process._meta.db_table)

    def in_force(alias: str) -> str:  # catalog.models.in_force_on, as SQL
        return (
            f"{alias}.status = %s AND {alias}.effective_from <= %s"
            f" AND ({alias}.superseded_on IS NULL OR {alias}.superseded_on > %s)"
        )

    # The orders are the models' own (the newest number first) for one procedure and agency.
    return IntakeReads(
        version=version,
        procedure=procedure,
        field=field,
        process=process,
        process_version=process_version,
        sql=(
            f"SELECT {version.sql}, {procedure.sql}, {field.sql}, {process.sql},"  # noqa: S608
            f" {process_version.sql} FROM {versions} v"
            f" JOIN {procedures} pr ON pr.id = v.procedure_id JOIN {fields} f ON f.id = v.field_id"
            f" LEFT JOIN {processes} p ON p.id = (SELECT q.id FROM {processes} q"
            f" WHERE q.procedure_id = v.procedure_id AND q.agency_id = %s AND {in_force('q')}"
            f" ORDER BY q.number DESC LIMIT 1)"
            f" LEFT JOIN {versions} pv ON pv.id = p.procedure_version_id"
            f" WHERE pr.code = %s AND {in_force('v')} ORDER BY v.number DESC LIMIT 1"
        ),
    )


def locked(dossier_id: int, *, reader: User | None) -> Dossier:
    """The dossier, locked for an action by `reader` (None: the applicant or the system), with
    its open step (locked too) and that step's process step.

    A dossier that does not exist, and one the staff member may not read, are the same "not
    found" — decided before any of its state is acted on, so no answer reveals another
    agency's dossier, its step or its handler.
    """
    # Its process and procedure version are loaded when an action needs them (few do).
    connection = connections[router.db_for_write(Dossier)]
    reads = action_reads(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(reads.dossier_sql, [dossier_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFound
        dossier = reads.dossier.instance(row, connection)
        if dossier.current_step_id is not None:
            # Read after the dossier's lock is held, and locked too: a step joined into the
            # locking query would be the one seen before a concurrent action committed
            # (PostgreSQL re-reads only the locked row), and fifty "take"s would all succeed.
            cursor.execute(reads.step_sql, [dossier.current_step_id])
            row = cursor.fetchone()
            step = reads.step.instance(row, connection)
            step.process_step = reads.process_step.instance(row[reads.step.width :], connection)
            dossier.current_step = step
            dossier.last_event_sequence = row[-1]
    if reader is not None and not dossier_readable_by(reader, dossier):
        raise NotFound
    return dossier


def refuse_illegal(dossier: Dossier, action: Action) -> None:
    refusal = illegal_in_state(dossier, action)
    if refusal is not None:
        raise refusal


def check_expected(dossier: Dossier, expected_step_id: int | None) -> None:
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


def step_for_action(
    actor: User, dossier: Dossier, action: Action, expected_step_id: int | None
) -> tuple[DossierStep, Position]:
    """The open step `action` applies to and the actor's position there, or the refusal of
    guards.step_action_refusal (the same rule the staff pages' buttons follow)."""
    check_expected(dossier, expected_step_id)
    step = dossier.current_step
    position = (
        held_position(actor, role=step.role, agency_id=step.agency_id) if step is not None else None
    )
    held = {(position.agency_id, position.role)} if position is not None else set()
    refusal = step_action_refusal(action, dossier, actor_id=actor.pk, held=held)
    if refusal is not None:
        raise refusal
    assert step is not None
    assert position is not None
    return step, position


def process_step_after(step: DossierStep) -> ProcessStep | None:
    return process_step_following(step.process_step.process_id, step.position)


def process_step_following(process_id: int, position: int) -> ProcessStep | None:
    """The process's first step after `position` (0: its first step), with its agency — one
    query, its SQL written once (`action_reads`)."""
    connection = connections[router.db_for_read(ProcessStep)]
    reads = action_reads(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(reads.next_step_sql, [process_id, position])
        row = cursor.fetchone()
    if row is None:
        return None
    following = reads.process_step.instance(row, connection)
    following.agency = reads.agency.instance(row[reads.process_step.width :], connection)
    return following


def require_text(value: str, *, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(message, field=field)
    return value

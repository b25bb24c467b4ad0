"""Changes to the catalogue and to internal processes.

Drafts are edited freely; publishing makes a version immutable and in force from its date, and
marks the version before it as superseded on that date. Publishing a process runs the audit and
refuses it while a blocking finding remains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.findings import DescribedFinding
from motcua.catalog.models import (
    EffectiveDated,
    Field,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStep,
    RequiredComponent,
    StepKind,
    SupplementClockRule,
    TimeLimitUnit,
    VersionStatus,
)
from motcua.catalog.selectors import procedure_version_in_force, process_findings
from motcua.core.errors import DomainError, NotFound, PermissionDenied, validated
from motcua.core.text import fold, normalize_text
from motcua.org.access import has_role, is_system_admin, scope_for
from motcua.org.models import Agency, Role

V = TypeVar("V", bound=EffectiveDated)


@dataclass(frozen=True, slots=True)
class ComponentData:
    name: str
    originals: int = 1
    copies: int = 0
    is_optional: bool = False


@dataclass(frozen=True, slots=True)
class ProcedureData:
    """What a procedure version says; the unit of import, export and editing."""

    name: str
    field: str
    level: Level
    implementing_agency: str
    deciding_agency: str
    result: str
    legal_basis: str
    time_limit_value: Decimal | None = None
    time_limit_unit: TimeLimitUnit | None = None
    time_limit_note: str = ""
    fee_amount: int | None = None
    fee_text: str = ""
    conditions: str = ""
    accepts_desk: bool = True
    accepts_online: bool = False
    accepts_post: bool = False
    online_level: OnlineLevel = OnlineLevel.NONE
    supplement_clock: SupplementClockRule = SupplementClockRule.REGIME
    announcement: str = ""
    announced_on: date | None = None
    components: tuple[ComponentData, ...] = ()


@dataclass(frozen=True, slots=True)
class StepData:
    name: str
    kind: StepKind
    role: Role
    agency: Agency
    duration_hours: Decimal
    can_forward: bool = True
    can_send_back: bool = True
    can_request_supplement: bool = False
    can_refuse: bool = False


class ProcessRejected(DomainError):
    """Publishing refused: the audit found blocking defects (listed in `findings`)."""

    code = "process_has_blocking_findings"
    http_status = 409

    def __init__(self, findings: list[DescribedFinding]) -> None:
        self.findings = findings
        lines = "; ".join(str(finding.message) for finding in findings)
        super().__init__(
            _("The process cannot be published until these are fixed: %(findings)s")
            % {"findings": lines}
        )


# --- permissions ------------------------------------------------------------------------------


def _require_catalogue_editor(actor: User) -> None:
    # The province publishes the catalogue by decision; here its administrators enter it.
    if not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may change the procedure catalogue."))


def _require_process_manager(actor: User, agency: Agency) -> None:
    # The Public Administration Centre configures and re-checks processes (the seed, item 2).
    allowed = actor.is_superuser or has_role(actor, Role.SYSTEM_ADMIN, Role.CENTRE_MANAGER)
    if not allowed or not scope_for(actor).can_write(agency.pk):
        raise PermissionDenied(
            _("Only the centre manager of %(agency)s or an administrator may change its processes.")
            % {"agency": agency.name}
        )


# --- effective dating -------------------------------------------------------------------------


def _publish(*, version: V, siblings: QuerySet[V], effective_from: date, actor: User) -> V:
    """Put a draft in force from `effective_from`; the latest published sibling is superseded."""
    if version.status != VersionStatus.DRAFT:
        raise DomainError(_("Only a draft can be published; this version is already published."))
    latest = siblings.filter(status=VersionStatus.PUBLISHED).order_by("-effective_from").first()
    if latest is not None and latest.effective_from is not None:
        if effective_from <= latest.effective_from:
            raise DomainError(
                _(
                    "A new version must take effect after version %(number)s "
                    "(in force from %(date)s)."
                )
                % {"number": latest.number, "date": latest.effective_from.strftime("%d/%m/%Y")},
                field="effective_from",
            )
        latest.superseded_on = effective_from
        latest.save(update_fields=["superseded_on"])
    version.status = VersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = actor
    version.save()
    return version


def _open_draft(siblings: QuerySet[V]) -> V | None:
    """The draft among these versions, if one is being edited (there is at most one)."""
    return siblings.filter(status=VersionStatus.DRAFT).first()


def _next_number(siblings: QuerySet[V]) -> int:
    return (siblings.aggregate(last=Max("number"))["last"] or 0) + 1


def _validated(
    instance: Procedure | ProcedureVersion | Process | ProcessStep | RequiredComponent,
) -> None:
    """full_clean, with the first problem raised as a DomainError naming its field.

    Relations the services set themselves (procedure, version, process, field) are not checked.
    """
    validated(instance, exclude=["procedure", "version", "process", "field"])


# --- procedures -------------------------------------------------------------------------------


def procedure_draft_save(*, actor: User, code: str, data: ProcedureData) -> ProcedureVersion:
    """Create or update the draft version of the procedure with this code (created if new).

    Refuses invalid data with the field named; never writes half a version.
    """
    _require_catalogue_editor(actor)
    with transaction.atomic():
        procedure = _procedure_for_update(code)
        draft = _open_draft(procedure.versions.all()) or ProcedureVersion(
            procedure=procedure, number=_next_number(procedure.versions.all())
        )
        data = normalized_procedure_data(data)
        _fill_version(draft, data)
        draft._history_user = actor  # type: ignore[attr-defined]
        draft.save()
        draft.components.all().delete()
        components = [
            RequiredComponent(
                version=draft,
                position=position,
                name=component.name,
                originals=component.originals,
                copies=component.copies,
                is_optional=component.is_optional,
            )
            for position, component in enumerate(data.components, start=1)
        ]
        for component in components:
            _validated(component)
        RequiredComponent.objects.bulk_create(components)
    return draft


def _procedure_for_update(code: str) -> Procedure:
    code = code.strip().upper()
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    if procedure is None:
        procedure = Procedure(code=code)
        _validated(procedure)
        procedure.save()
    return procedure


def procedure_search_key(code: str, name: str) -> str:
    """The folded text the catalogue search matches: code and name, without diacritics."""
    return fold(f"{code} {name}")


def normalized_procedure_data(data: ProcedureData) -> ProcedureData:
    """The data as it is stored: NFC with collapsed spaces for names, trimmed long texts.

    Import compares a file's rows with stored versions through this, so equal means equal.
    """
    return replace(
        data,
        name=normalize_text(data.name),
        field=normalize_text(data.field),
        implementing_agency=normalize_text(data.implementing_agency),
        deciding_agency=normalize_text(data.deciding_agency),
        result=data.result.strip(),
        legal_basis=data.legal_basis.strip(),
        time_limit_note=normalize_text(data.time_limit_note),
        fee_text=data.fee_text.strip(),
        conditions=data.conditions.strip(),
        announcement=normalize_text(data.announcement),
        components=tuple(replace(c, name=normalize_text(c.name)) for c in data.components),
    )


def _fill_version(version: ProcedureVersion, data: ProcedureData) -> None:
    """Copy normalised data onto a draft, refusing what cannot be stored."""
    if (data.time_limit_unit is None) != (data.time_limit_value is None):
        raise DomainError(
            _("A time limit needs both a number and a unit (or neither, when the law sets none)."),
            field="time_limit_unit",
        )
    if not data.field:
        raise DomainError(_("The field (lĩnh vực) is required."), field="field")
    version.name = data.name
    version.search_folded = procedure_search_key(version.procedure.code, data.name)
    version.field = Field.objects.get_or_create(name=data.field)[0]
    version.level = data.level
    version.implementing_agency = data.implementing_agency
    version.deciding_agency = data.deciding_agency
    version.time_limit_value = data.time_limit_value
    version.time_limit_unit = data.time_limit_unit or ""
    version.time_limit_note = data.time_limit_note
    version.fee_amount = data.fee_amount
    version.fee_text = data.fee_text
    version.result = data.result
    version.conditions = data.conditions
    version.legal_basis = data.legal_basis
    version.accepts_desk = data.accepts_desk
    version.accepts_online = data.accepts_online
    version.accepts_post = data.accepts_post
    version.online_level = data.online_level
    version.supplement_clock = data.supplement_clock
    _check_announcement(data.announcement, data.announced_on)
    version.announcement = data.announcement
    version.announced_on = data.announced_on
    if data.online_level != OnlineLevel.NONE and not data.accepts_online:
        raise DomainError(
            _("An online service level needs the online channel."), field="online_level"
        )
    _validated(version)


def procedure_version_publish(
    *, actor: User, version: ProcedureVersion, effective_from: date
) -> ProcedureVersion:
    """Publish a draft: immutable from now on, in force from `effective_from`.

    Refuses a version that is not a draft and a date not after the current version's date.
    Processes designed for the superseded version keep working and are flagged by the audit.
    """
    _require_catalogue_editor(actor)
    with transaction.atomic():
        Procedure.objects.select_for_update().get(pk=version.procedure_id)
        version.refresh_from_db()
        version._history_user = actor  # type: ignore[attr-defined]
        return _publish(
            version=version,
            siblings=ProcedureVersion.objects.filter(procedure_id=version.procedure_id),
            effective_from=effective_from,
            actor=actor,
        )


def _check_announcement(announcement: str, announced_on: date | None) -> None:
    """The announcing decision's number and date go together, and it was signed already."""
    if bool(announcement) != (announced_on is not None):
        raise DomainError(
            _("The announcement decision needs both its number and its date (or neither)."),
            field="announced_on",
        )
    if announced_on is not None and announced_on > timezone.localdate():
        raise DomainError(_("The announcement date cannot be in the future."), field="announced_on")


def procedure_version_announce(
    *, actor: User, version: ProcedureVersion, announcement: str, announced_on: date
) -> ProcedureVersion:
    """Record the decision that announced a published version (Quyết định công bố), which a
    catalogue carried over from older software may lack: a fact about the version, not a change
    of what it says, so it is recorded once — with history — and never rewritten."""
    _require_catalogue_editor(actor)
    announcement = normalize_text(announcement)
    _check_announcement(announcement, announced_on)
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if version.announced_on is not None:
            if (version.announcement, version.announced_on) == (announcement, announced_on):
                return version
            raise DomainError(
                _("Version %(number)s was announced by %(decision)s already.")
                % {"number": version.number, "decision": version.announcement},
                field="announced_on",
            )
        version.announcement = announcement
        version.announced_on = announced_on
        version._history_user = actor  # type: ignore[attr-defined]
        version.save(update_fields=["announcement", "announced_on"])
    return version


def procedure_version_data(version: ProcedureVersion) -> ProcedureData:
    """What a stored version says, in the form services and exchange files use."""
    return ProcedureData(
        name=version.name,
        field=version.field.name,
        level=Level(version.level),
        implementing_agency=version.implementing_agency,
        deciding_agency=version.deciding_agency,
        result=version.result,
        legal_basis=version.legal_basis,
        time_limit_value=version.time_limit_value,
        time_limit_unit=TimeLimitUnit(version.time_limit_unit) if version.time_limit_unit else None,
        time_limit_note=version.time_limit_note,
        fee_amount=version.fee_amount,
        fee_text=version.fee_text,
        conditions=version.conditions,
        accepts_desk=version.accepts_desk,
        accepts_online=version.accepts_online,
        accepts_post=version.accepts_post,
        online_level=OnlineLevel(version.online_level),
        supplement_clock=SupplementClockRule(version.supplement_clock),
        announcement=version.announcement,
        announced_on=version.announced_on,
        components=tuple(
            ComponentData(
                name=component.name,
                originals=component.originals,
                copies=component.copies,
                is_optional=component.is_optional,
            )
            for component in version.components.all()
        ),
    )


# --- processes --------------------------------------------------------------------------------


def process_draft_save(
    *,
    actor: User,
    procedure: Procedure,
    agency: Agency,
    steps: Sequence[StepData],
    note: str = "",
    procedure_version: ProcedureVersion | None = None,
) -> Process:
    """Create or replace the draft process of `agency` for `procedure`.

    By default the draft is designed for the procedure version in force today (or the latest
    published one). Refuses a procedure with no published version.
    """
    _require_process_manager(actor, agency)
    if procedure_version is None:
        procedure_version = _version_for_new_process(procedure)
    with transaction.atomic():
        Procedure.objects.select_for_update().get(pk=procedure.pk)
        siblings = Process.objects.filter(procedure=procedure, agency=agency)
        draft = _open_draft(siblings) or Process(
            procedure=procedure, agency=agency, number=_next_number(siblings)
        )
        draft.procedure_version = procedure_version
        draft.note = note.strip()
        draft._history_user = actor  # type: ignore[attr-defined]
        draft.save()
        draft.steps.all().delete()
        rows = [
            ProcessStep(
                process=draft,
                position=position,
                name=normalize_text(step.name),
                kind=step.kind,
                role=step.role,
                agency=step.agency,
                duration_hours=step.duration_hours,
                can_forward=step.can_forward,
                can_send_back=step.can_send_back,
                can_request_supplement=step.can_request_supplement,
                can_refuse=step.can_refuse,
            )
            for position, step in enumerate(steps, start=1)
        ]
        for row in rows:
            _validated(row)
        ProcessStep.objects.bulk_create(rows)
    return draft


def _version_for_new_process(procedure: Procedure) -> ProcedureVersion:

    try:
        return procedure_version_in_force(procedure.code, timezone.localdate())
    except NotFound:
        latest = (
            procedure.versions.filter(status=VersionStatus.PUBLISHED)
            .order_by("-effective_from")
            .first()
        )
        if latest is None:
            raise DomainError(
                _("Publish the procedure before designing its process."), field="procedure"
            ) from None
        return latest


def process_publish(
    *, actor: User, process: Process, effective_from: date, legacy_import: bool = False
) -> Process:
    """Publish a draft process from `effective_from`, superseding the agency's previous one.

    Refuses (ProcessRejected, nothing written) while the audit has a blocking finding, unless
    `legacy_import`: a process carried over as it was from the software in use before motcua,
    kept so its dossiers can be moved, and listed by the audit until it is fixed. Only an
    administrator may carry processes over.
    """

    _require_process_manager(actor, process.agency)
    if legacy_import and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may carry processes over."))
    with transaction.atomic():
        Procedure.objects.select_for_update().get(pk=process.procedure_id)
        process.refresh_from_db()
        blocking = [
            finding for finding in process_findings(process, on=effective_from) if finding.blocking
        ]
        if blocking and not legacy_import:
            raise ProcessRejected(blocking)
        process._history_user = actor  # type: ignore[attr-defined]
        return _publish(
            version=process,
            siblings=Process.objects.filter(
                procedure_id=process.procedure_id, agency_id=process.agency_id
            ),
            effective_from=effective_from,
            actor=actor,
        )

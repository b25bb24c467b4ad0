"""Reads of the catalogue: versions in force, search, processes and their audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from motcua.catalog.audit import AuditRules, ProcessFacts, StepFacts, audit_process
from motcua.catalog.findings import DescribedFinding, describe
from motcua.catalog.models import (
    Field,
    ProcedureVersion,
    Process,
    ProcessStep,
    RequiredComponent,
    SearchSynonym,
    StepKind,
    VersionStatus,
    in_force_on,
)
from motcua.catalog.ranking import Index, Synonym, synonym
from motcua.core.errors import NotFound
from motcua.core.text import vietnamese_sort_key
from motcua.org.models import Agency, AgencyKind
from motcua.org.selectors import active_positions

# Agencies whose leaders approve their specialists' work before a signature.
DEPARTMENT_KINDS = frozenset({AgencyKind.DEPARTMENT, AgencyKind.INSPECTORATE})


def audit_rules() -> AuditRules:
    configured: dict[str, Any] = settings.MOTCUA_PROCESS_AUDIT
    return AuditRules(
        mandatory_kinds=tuple(configured["mandatory_step_kinds"]),
        hours_per_working_day=Decimal(str(configured["hours_per_working_day"])),
    )


# --- procedures -------------------------------------------------------------------------------


def procedure_versions_in_force(day: date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(in_force_on(day)).select_related("procedure", "field")


def procedure_version_in_force(code: str, day: date) -> ProcedureVersion:
    """The version of the procedure with this code in force on `day`; NotFound otherwise."""
    version = (
        procedure_versions_in_force(day)
        .filter(procedure__code=code.strip().upper())
        .prefetch_related("components")
        .first()
    )
    if version is None:
        raise NotFound
    return version


def procedure_search(
    *,
    day: date,
    query: str = "",
    field_id: int | None = None,
    level: str | None = None,
    agency_id: int | None = None,
) -> QuerySet[ProcedureVersion]:
    """Procedures in force for `query`, best first (catalog/ranking.py: without accents, with
    typos, everyday words through the synonym list, filler words ignored), or all by name.

    `agency_id` keeps procedures the agency receives under a process.
    """
    versions = procedure_versions_in_force(day)
    ranked: list[int] | None = None
    if query.strip():
        ranked = search_index(day).search(query[:200], search_synonyms())
        versions = versions.filter(pk__in=ranked)
    if field_id is not None:
        versions = versions.filter(field_id=field_id)
    if level:
        versions = versions.filter(level=level)
    if agency_id is not None:
        versions = versions.filter(
            Exists(
                Process.objects.filter(in_force_on(day)).filter(
                    procedure_id=OuterRef("procedure_id"), agency_id=agency_id
                )
            )
        )
    if ranked:
        return versions.order_by(
            Case(*(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ranked)))
        )
    return versions.order_by("name", "procedure__code")


# The search index of the catalogue in force on a day, per process, rebuilt when the catalogue
# changes (a new published version, a field renamed) — a few thousand procedures at most.
_indices: dict[tuple[date, tuple[Any, ...]], Index] = {}


def search_index(day: date) -> Index:
    versions = procedure_versions_in_force(day)
    state = tuple(
        versions.aggregate(
            count=Count("pk"), last=Max("pk"), published=Max("published_at")
        ).values()
    ) + tuple(Field.objects.aggregate(count=Count("pk"), last=Max("pk")).values())
    key = (day, state)
    index = _indices.get(key)
    if index is None:
        rows = versions.values_list("pk", "procedure__code", "name", "field__name")
        index = Index((pk, code, f"{name} {field}") for pk, code, name, field in rows)
        if len(_indices) > 16:
            _indices.clear()
        _indices[key] = index
    return index


def search_synonyms() -> list[Synonym]:
    return [
        synonym(phrase, means)
        for phrase, means in SearchSynonym.objects.values_list("phrase", "means")
    ]


def published_versions(procedure_id: int) -> QuerySet[ProcedureVersion]:
    """The procedure's history: every published version, newest first."""
    return ProcedureVersion.objects.filter(
        procedure_id=procedure_id, status=VersionStatus.PUBLISHED
    ).order_by("-effective_from")


def fields_in_use(day: date) -> list[Field]:
    """Fields with a procedure in force, in Vietnamese dictionary order."""
    fields = Field.objects.filter(
        Exists(procedure_versions_in_force(day).filter(field_id=OuterRef("pk")))
    )
    return sorted(fields, key=lambda field: vietnamese_sort_key(field.name))


# --- processes --------------------------------------------------------------------------------


def processes_in_force(day: date) -> QuerySet[Process]:
    return Process.objects.filter(in_force_on(day)).select_related(
        "procedure", "agency", "procedure_version"
    )


StepsPrefetch = Prefetch[Literal["steps"], QuerySet[ProcessStep], str]


def process_steps_prefetch() -> StepsPrefetch:
    return Prefetch("steps", queryset=ProcessStep.objects.select_related("agency"))


def receiving_agencies(day: date) -> QuerySet[Agency]:
    """Agencies that receive dossiers under at least one process in force."""
    return Agency.objects.filter(
        Exists(processes_in_force(day).filter(agency_id=OuterRef("pk")))
    ).order_by("code")


def procedures_applied(units: Iterable[int], start: date, end: date) -> QuerySet[Process, Any]:
    """The procedures the agencies of these units applied at some time in the period: ids of
    the procedures with a published process there whose validity meets the period."""
    return (
        Process.objects.filter(
            status=VersionStatus.PUBLISHED, agency__unit_id__in=units, effective_from__lte=end
        )
        .filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=start))
        .values("procedure_id")
    )


@dataclass(frozen=True, slots=True)
class Announced:
    on_time: int  # announced no later than the day the version took effect
    announced: int  # versions that took effect in the period, with their announcement recorded


def versions_announced(
    procedures: QuerySet[Process, Any], start: date, end: date, *, first: bool
) -> Announced:
    """The versions of these procedures that took effect in the period — the first version of
    a procedure (`first`) or a later one — and those announced by the day they took effect."""
    versions = ProcedureVersion.objects.filter(
        status=VersionStatus.PUBLISHED,
        procedure_id__in=procedures,
        effective_from__gte=start,
        effective_from__lte=end,
        announced_on__isnull=False,
    )
    versions = versions.filter(number=1) if first else versions.exclude(number=1)
    counted = versions.aggregate(
        announced=Count("pk"),
        on_time=Count("pk", filter=Q(announced_on__lte=F("effective_from"))),
    )
    return Announced(on_time=counted["on_time"], announced=counted["announced"])


def versions_complete(procedures: QuerySet[Process, Any], day: date) -> tuple[int, int]:
    """(complete, in force): the versions of these procedures in force on `day`, and those
    whose record has every part Decree 63/2010 Art. 8 lists that the catalogue can lack — the
    way to file (a channel), the components, the time limit (or why there is none), the fee
    (or that there is none); name, agencies, result and legal basis it always has."""
    complete = (
        (Q(accepts_desk=True) | Q(accepts_online=True) | Q(accepts_post=True))
        & Q(Exists(RequiredComponent.objects.filter(version=OuterRef("pk"))))
        & (~Q(time_limit_unit="") | ~Q(time_limit_note=""))
        & (Q(fee_amount__isnull=False) | ~Q(fee_text=""))
    )
    counted = (
        procedure_versions_in_force(day)
        .filter(procedure_id__in=procedures)
        .aggregate(complete=Count("pk", filter=complete), versions=Count("pk"))
    )
    return counted["complete"], counted["versions"]


def processes_for_procedure(procedure_id: int, day: date) -> list[Process]:
    """The processes in force for a procedure, one per receiving agency, with their steps."""
    return list(
        processes_in_force(day)
        .filter(procedure_id=procedure_id)
        .prefetch_related(process_steps_prefetch())
        .order_by("agency__code")
    )


@dataclass(frozen=True, slots=True)
class ProcessAudit:
    process: Process
    findings: list[DescribedFinding]

    @property
    def blocking(self) -> list[DescribedFinding]:
        return [finding for finding in self.findings if finding.blocking]


def audit_processes(processes: Iterable[Process], *, on: date) -> list[ProcessAudit]:
    """The audit of each process, in three queries whatever their number.

    Each process must have its steps prefetched with their agencies (`process_steps_prefetch`).
    """
    processes = list(processes)
    step_agency_ids = {step.agency_id for process in processes for step in process.steps.all()}
    staffed = set(
        active_positions()
        .filter(agency_id__in=step_agency_ids)
        .values_list("agency_id", "role")
        .distinct()
    )
    in_force_ids = set(
        procedure_versions_in_force(on)
        .filter(procedure_id__in={process.procedure_id for process in processes})
        .values_list("pk", flat=True)
    )
    rules = audit_rules()
    kind_labels = {str(kind.value): str(kind.label) for kind in StepKind}
    audits: list[ProcessAudit] = []
    for process in processes:
        steps = list(process.steps.all())
        facts = ProcessFacts(
            steps=[
                StepFacts(
                    position=step.position,
                    kind=step.kind,
                    role=step.role,
                    agency_id=step.agency_id,
                    is_department=step.agency.kind in DEPARTMENT_KINDS,
                    hours=step.duration_hours,
                    has_staff=(step.agency_id, step.role) in staffed,
                )
                for step in steps
            ],
            time_limit_value=process.procedure_version.time_limit_value,
            time_limit_unit=process.procedure_version.time_limit_unit or None,
            designed_for_version_in_force=process.procedure_version_id in in_force_ids,
        )
        agency_names = {step.agency_id: step.agency.name for step in steps}
        findings = [
            describe(
                finding,
                step_names={step.position: step.name for step in steps},
                agency_names=agency_names,
                kind_labels=kind_labels,
                designed_version=process.procedure_version.number,
            )
            for finding in audit_process(facts, rules)
        ]
        audits.append(ProcessAudit(process=process, findings=findings))
    return audits


def process_findings(process: Process, *, on: date) -> list[DescribedFinding]:
    """The audit of one process as it would stand on `on`."""
    loaded = (
        Process.objects.select_related("procedure", "agency", "procedure_version")
        .prefetch_related(process_steps_prefetch())
        .get(pk=process.pk)
    )
    return audit_processes([loaded], on=on)[0].findings


def process_audit_report(
    processes: QuerySet[Process], *, on: date, only_with_findings: bool = True
) -> list[ProcessAudit]:
    """The audit of the given processes (in force, for the report), ordered by procedure."""
    audits = audit_processes(
        processes.prefetch_related(process_steps_prefetch()).order_by(
            "procedure__code", "agency__code"
        ),
        on=on,
    )
    if only_with_findings:
        audits = [audit for audit in audits if audit.findings]
    return audits


def draft_processes() -> QuerySet[Process]:
    return Process.objects.filter(status=VersionStatus.DRAFT)

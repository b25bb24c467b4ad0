"""Inspections: the plan (who inspects whom, when, against which checklist), the record of what
was checked and found, and the conclusion — a directing document of the inspecting agency whose
tasks are the remediations, tracked as every other task until the inspection closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import removed_on_failure
from motcua.directives.models import (
    Checklist,
    CheckResult,
    Finding,
    Inspection,
    Severity,
)
from motcua.directives.services.directives import (
    MAX_WORKING_DAYS,
    DirectiveData,
    TaskData,
    directive_write,
)
from motcua.org.access import can_inspect
from motcua.org.models import Agency


@dataclass(frozen=True, slots=True)
class CheckData:
    item_id: int
    passed: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class FindingData:
    text: str
    severity: Severity
    working_days: int  # to remedy it, from the conclusion's date


def _refuse_unless_inspector(actor: User, agency: Agency) -> None:
    if not can_inspect(actor, agency.pk):
        raise PermissionDenied(
            _("Only the leaders, officials and inspectors of %(agency)s record its inspections.")
            % {"agency": agency.name}
        )


def inspection_plan(
    *, actor: User, inspecting_agency_id: int, inspected_agency_id: int, checklist_code: str,
    planned_on: date,
) -> Inspection:  # fmt: skip
    """Put an inspection in the plan."""
    agencies = Agency.objects.in_bulk([inspecting_agency_id, inspected_agency_id])
    if inspecting_agency_id not in agencies or inspected_agency_id not in agencies:
        raise NotFound
    inspecting = agencies[inspecting_agency_id]
    _refuse_unless_inspector(actor, inspecting)
    checklist = Checklist.objects.filter(code=checklist_code).first()
    if checklist is None:
        raise DomainError(_("There is no such checklist."), field="checklist")
    with outermost():
        return Inspection.objects.create(
            inspecting_agency=inspecting, inspected_agency=agencies[inspected_agency_id],
            checklist=checklist, planned_on=planned_on, planned_by=actor,
        )  # fmt: skip


def _checked_results(inspection: Inspection, results: list[CheckData]) -> list[CheckData]:
    items = set(inspection.checklist.items.values_list("pk", flat=True))
    answered = [result.item_id for result in results]
    if sorted(answered) != sorted(items) or len(set(answered)) != len(answered):
        raise DomainError(_("Answer every item of the checklist, once."), field="results")
    return [CheckData(r.item_id, r.passed, normalize_text(r.note)[:500]) for r in results]


def _checked_findings(findings: list[FindingData]) -> list[FindingData]:
    checked = []
    for number, finding in enumerate(findings, start=1):
        text = finding.text.strip()
        if not text:
            raise DomainError(
                _("Finding %(number)s: say what was found.") % {"number": number},
                field="findings",
            )
        if not 1 <= finding.working_days <= MAX_WORKING_DAYS:
            raise DomainError(
                _("Finding %(number)s: the time to remedy it is 1 to %(max)s working days.")
                % {"number": number, "max": MAX_WORKING_DAYS},
                field="findings",
            )
        checked.append(FindingData(text, Severity(finding.severity), finding.working_days))
    return checked


def inspection_record(
    *, actor: User, inspection_id: int, inspected_on: date, results: list[CheckData],
    findings: list[FindingData], conclusion_number: str = "", summary: str = "",
    at: datetime | None = None,
) -> Inspection:  # fmt: skip
    """Record what the inspection checked and found. Findings make its conclusion: a directing
    document of the inspecting agency, numbered as issued, assigning each remediation to the
    inspected agency with its time in working days — tracked like any task."""
    inspection = (
        Inspection.objects.select_related("inspecting_agency", "inspected_agency", "checklist")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise NotFound
    _refuse_unless_inspector(actor, inspection.inspecting_agency)
    if inspected_on > timezone.localdate():
        raise DomainError(_("The inspection's date cannot be in the future."), field="inspected_on")
    checked = _checked_results(inspection, results)
    remedies = _checked_findings(findings)
    number = normalize_text(conclusion_number)
    if remedies and not number:
        raise DomainError(
            _("Findings need the number of the conclusion that states them."),
            field="conclusion_number",
        )
    with removed_on_failure() as saved, outermost():
        inspection = Inspection.objects.select_for_update().get(pk=inspection_id)
        if inspection.inspected_on is not None:
            raise IllegalAction(_("This inspection is recorded already."))
        inspection.inspected_on, inspection.inspected_by = inspected_on, actor
        inspection.summary = summary.strip()
        CheckResult.objects.bulk_create(
            CheckResult(inspection=inspection, item_id=r.item_id, passed=r.passed, note=r.note)
            for r in checked
        )
        if remedies:
            conclusion = directive_write(
                actor=actor, issuing=inspection.inspecting_agency, at=at, saved=saved,
                data=_conclusion(inspection, number, remedies, actor),
            )  # fmt: skip
            inspection.conclusion = conclusion
            tasks = list(conclusion.tasks.order_by("position"))
            Finding.objects.bulk_create(
                Finding(inspection=inspection, text=remedy.text, severity=remedy.severity,
                        task=task)
                for remedy, task in zip(remedies, tasks, strict=True)
            )  # fmt: skip
        inspection.save()
    return inspection


def _conclusion(
    inspection: Inspection, number: str, remedies: list[FindingData], actor: User
) -> DirectiveData:
    inspected = inspection.inspected_agency
    assert inspection.inspected_on is not None
    return DirectiveData(
        number=number, issued_on=inspection.inspected_on,
        issuing_agency_id=inspection.inspecting_agency_id,
        signer=actor.get_full_name() or actor.get_username(),
        signer_title=_("Head of the inspection"),
        subject=_("Conclusion of the inspection “%(checklist)s” at %(agency)s")
        % {"checklist": inspection.checklist.name, "agency": inspected.name},
        tasks=tuple(
            TaskData(
                title=_("Remedy: %(finding)s") % {"finding": remedy.text[:280]},
                content=remedy.text, done_means=_("The shortcoming remedied, with evidence"),
                lead=(inspected.pk,), working_days=remedy.working_days,
            )
            for remedy in remedies
        ),
    )  # fmt: skip

"""The process audit: what is wrong with an internal process, as plain data (no Django).

The seed's item 2: the district found processes in its one-stop software without the
department-leader approval step. Every rule here answers "what is wrong"; the catalogue's
`findings` module turns each finding into a sentence saying what to fix.

Rules (which step kinds are mandatory and how long a working day is are configuration):
- every mandatory step kind is present (by default receive and return); receive comes first and
  return last;
- a specialised department that processes a dossier has its leader approve it before the next
  signature (an approval step in the same agency, after the processing step, before signing);
- the step durations fit the legal time limit: equal to it for working days and hours (more is
  blocking, less is a warning), at most one working day for "within the day", at most the working
  days an ordinary week gives for calendar days;
- each step names a role somebody holds in that agency (a warning: staff can be assigned later);
- the process was designed for the procedure version in force.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final

RECEIVE: Final = "receive"
PROCESS: Final = "process"
APPROVE: Final = "approve"
SIGN: Final = "sign"
RETURN: Final = "return"

WORKING_DAYS: Final = "working_days"
WORKING_HOURS: Final = "working_hours"
CALENDAR_DAYS: Final = "calendar_days"
WITHIN_DAY: Final = "within_day"


class Severity(StrEnum):
    BLOCKING = "blocking"  # the process may not be published
    WARNING = "warning"  # worth fixing; publishing is allowed


class FindingCode(StrEnum):
    NO_STEPS = "no_steps"
    MISSING_STEP_KIND = "missing_step_kind"
    RECEIVE_NOT_FIRST = "receive_not_first"
    RETURN_NOT_LAST = "return_not_last"
    MISSING_LEADER_APPROVAL = "missing_leader_approval"
    DURATION_OVER_LIMIT = "duration_over_limit"
    DURATION_UNDER_LIMIT = "duration_under_limit"
    ROLE_WITHOUT_STAFF = "role_without_staff"
    SUPERSEDED_PROCEDURE_VERSION = "superseded_procedure_version"


SEVERITY: Final[Mapping[FindingCode, Severity]] = {
    FindingCode.NO_STEPS: Severity.BLOCKING,
    FindingCode.MISSING_STEP_KIND: Severity.BLOCKING,
    FindingCode.RECEIVE_NOT_FIRST: Severity.BLOCKING,
    FindingCode.RETURN_NOT_LAST: Severity.BLOCKING,
    FindingCode.MISSING_LEADER_APPROVAL: Severity.BLOCKING,
    FindingCode.DURATION_OVER_LIMIT: Severity.BLOCKING,
    FindingCode.DURATION_UNDER_LIMIT: Severity.WARNING,
    FindingCode.ROLE_WITHOUT_STAFF: Severity.WARNING,
    FindingCode.SUPERSEDED_PROCEDURE_VERSION: Severity.BLOCKING,
}


@dataclass(frozen=True, slots=True)
class StepFacts:
    position: int
    kind: str
    role: str
    agency_id: int
    is_department: bool  # a specialised department, whose leader approves its work
    hours: Decimal
    has_staff: bool


@dataclass(frozen=True, slots=True)
class ProcessFacts:
    steps: Sequence[StepFacts]
    time_limit_value: Decimal | None
    time_limit_unit: str | None  # None or "": no time limit
    designed_for_version_in_force: bool


@dataclass(frozen=True, slots=True)
class AuditRules:
    mandatory_kinds: tuple[str, ...] = (RECEIVE, RETURN)
    hours_per_working_day: Decimal = Decimal(8)


@dataclass(frozen=True, slots=True)
class Finding:
    code: FindingCode
    step: int | None = None  # the step position it is about, if any
    params: Mapping[str, str | int | Decimal] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    @property
    def is_blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


def audit_process(facts: ProcessFacts, rules: AuditRules | None = None) -> list[Finding]:
    """Every finding for one process, in the order of the rules above."""
    rules = rules or AuditRules()
    steps = sorted(facts.steps, key=lambda step: step.position)
    if not steps:
        return [Finding(FindingCode.NO_STEPS)]
    findings: list[Finding] = []
    kinds = [step.kind for step in steps]
    findings += [
        Finding(FindingCode.MISSING_STEP_KIND, params={"kind": kind})
        for kind in rules.mandatory_kinds
        if kind not in kinds
    ]
    if RECEIVE in kinds and steps[0].kind != RECEIVE:
        findings.append(Finding(FindingCode.RECEIVE_NOT_FIRST, step=steps[0].position))
    if RETURN in kinds and steps[-1].kind != RETURN:
        findings.append(Finding(FindingCode.RETURN_NOT_LAST, step=steps[-1].position))
    findings += _missing_leader_approvals(steps)
    findings += _duration_findings(steps, facts, rules)
    findings += [
        Finding(
            FindingCode.ROLE_WITHOUT_STAFF,
            step=step.position,
            params={"role": step.role, "agency_id": step.agency_id},
        )
        for step in steps
        if not step.has_staff
    ]
    if not facts.designed_for_version_in_force:
        findings.append(Finding(FindingCode.SUPERSEDED_PROCEDURE_VERSION))
    return findings


def _missing_leader_approvals(steps: Sequence[StepFacts]) -> list[Finding]:
    findings: list[Finding] = []
    reported: set[tuple[int, int]] = set()
    for index, step in enumerate(steps):
        if step.kind != PROCESS or not step.is_department:
            continue
        later = steps[index + 1 :]
        signature = next((s for s in later if s.kind == SIGN), None)
        if signature is None:
            continue
        between = later[: later.index(signature)]
        approved = any(s.kind == APPROVE and s.agency_id == step.agency_id for s in between)
        key = (step.agency_id, signature.position)
        if not approved and key not in reported:
            reported.add(key)
            findings.append(
                Finding(
                    FindingCode.MISSING_LEADER_APPROVAL,
                    step=step.position,
                    params={"agency_id": step.agency_id, "sign_step": signature.position},
                )
            )
    return findings


def working_days_in_calendar_days(days: int) -> int:
    """Working days an ordinary week (Monday–Friday, no holiday) gives in `days` calendar days."""
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


def planned_hours_allowed(
    value: Decimal, unit: str, rules: AuditRules
) -> tuple[Decimal, bool] | None:
    """The working hours the steps may take, and whether they must take exactly that much."""
    per_day = rules.hours_per_working_day
    if unit == WORKING_DAYS:
        return value * per_day, True
    if unit == WORKING_HOURS:
        return value, True
    if unit == WITHIN_DAY:
        return per_day, False
    if unit == CALENDAR_DAYS:
        return working_days_in_calendar_days(int(value)) * per_day, False
    return None


def _duration_findings(
    steps: Sequence[StepFacts], facts: ProcessFacts, rules: AuditRules
) -> list[Finding]:
    if not facts.time_limit_unit or facts.time_limit_value is None:
        return []
    allowed = planned_hours_allowed(facts.time_limit_value, facts.time_limit_unit, rules)
    if allowed is None:
        return []
    limit_hours, exact = allowed
    total = sum((step.hours for step in steps), Decimal(0))
    params = {"total": total, "limit": limit_hours}
    if total > limit_hours:
        return [Finding(FindingCode.DURATION_OVER_LIMIT, params=params)]
    if exact and total < limit_hours:
        return [Finding(FindingCode.DURATION_UNDER_LIMIT, params=params)]
    return []

"""The process audit core: each defect found, nothing in a correct process (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.catalog.audit import (
    AuditRules,
    FindingCode,
    ProcessFacts,
    Severity,
    StepFacts,
    audit_process,
    working_days_in_calendar_days,
)

DESK, DEPARTMENT, COMMITTEE, OTHER_DEPARTMENT = 1, 2, 3, 4


def step(position, kind, agency, hours, *, role="specialist", staffed=True):
    return StepFacts(
        position=position,
        kind=kind,
        role=role,
        agency_id=agency,
        is_department=agency in (DEPARTMENT, OTHER_DEPARTMENT),
        hours=Decimal(hours),
        has_staff=staffed,
    )


# Business household registration: 3 working days = 24 working hours (the sample process).
CORRECT = [
    step(1, "receive", DESK, "2", role="clerk"),
    step(2, "process", DEPARTMENT, "14"),
    step(3, "approve", DEPARTMENT, "4", role="department_leader"),
    step(4, "sign", COMMITTEE, "2", role="signing_authority"),
    step(5, "return", DESK, "2", role="clerk"),
]


def facts(steps, *, value="3", unit="working_days", in_force=True):
    return ProcessFacts(
        steps=steps,
        time_limit_value=None if value is None else Decimal(value),
        time_limit_unit=unit,
        designed_for_version_in_force=in_force,
    )


def codes(findings):
    return [finding.code for finding in findings]


def test_a_correct_process_has_no_finding():
    assert audit_process(facts(CORRECT)) == []


def test_the_missing_department_leader_approval_is_found_and_blocks():
    # The seed's item 2: specialist → signature with no leader approval in between.
    without_approval = [s for s in CORRECT if s.kind != "approve"]
    without_approval[1] = step(2, "process", DEPARTMENT, "18")
    findings = audit_process(facts(without_approval))
    assert codes(findings) == [FindingCode.MISSING_LEADER_APPROVAL]
    assert findings[0].step == 2
    assert findings[0].params["sign_step"] == 4
    assert findings[0].severity is Severity.BLOCKING


def test_approval_by_another_department_does_not_count():
    steps = list(CORRECT)
    steps[2] = step(3, "approve", OTHER_DEPARTMENT, "4", role="department_leader")
    assert codes(audit_process(facts(steps))) == [FindingCode.MISSING_LEADER_APPROVAL]


def test_approval_after_the_signature_does_not_count():
    steps = [
        CORRECT[0],
        CORRECT[1],
        step(3, "sign", COMMITTEE, "2", role="signing_authority"),
        step(4, "approve", DEPARTMENT, "4", role="department_leader"),
        CORRECT[4],
    ]
    assert FindingCode.MISSING_LEADER_APPROVAL in codes(audit_process(facts(steps)))


def test_a_commune_specialist_in_the_committee_itself_needs_no_department_approval():
    steps = [
        step(1, "receive", DESK, "2", role="clerk"),
        step(2, "process", COMMITTEE, "18"),
        step(3, "sign", COMMITTEE, "2", role="signing_authority"),
        step(4, "return", DESK, "2", role="clerk"),
    ]
    assert audit_process(facts(steps)) == []


def test_missing_receive_and_return_steps_are_found():
    findings = audit_process(facts(CORRECT[1:4], value="2.5"))
    assert codes(findings) == [FindingCode.MISSING_STEP_KIND, FindingCode.MISSING_STEP_KIND]
    assert [f.params["kind"] for f in findings] == ["receive", "return"]


def test_mandatory_kinds_are_configuration():
    rules = AuditRules(mandatory_kinds=("receive", "return", "payment"))
    findings = audit_process(facts(CORRECT), rules)
    assert codes(findings) == [FindingCode.MISSING_STEP_KIND]
    assert findings[0].params["kind"] == "payment"


def test_receive_must_come_first_and_return_last():
    steps = [CORRECT[1], CORRECT[0], *CORRECT[2:4], CORRECT[4]]
    steps = [step(i, s.kind, s.agency_id, s.hours, role=s.role) for i, s in enumerate(steps, 1)]
    assert FindingCode.RECEIVE_NOT_FIRST in codes(audit_process(facts(steps)))
    steps = [*CORRECT[:3], CORRECT[4], CORRECT[3]]
    steps = [step(i, s.kind, s.agency_id, s.hours, role=s.role) for i, s in enumerate(steps, 1)]
    assert FindingCode.RETURN_NOT_LAST in codes(audit_process(facts(steps)))


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("3", "working_days", []),  # 24 hours = 3 × 8
        ("2", "working_days", [FindingCode.DURATION_OVER_LIMIT]),  # 24 > 16
        ("4", "working_days", [FindingCode.DURATION_UNDER_LIMIT]),  # 24 < 32
        ("24", "working_hours", []),
        ("20", "working_hours", [FindingCode.DURATION_OVER_LIMIT]),
        ("0", "within_day", [FindingCode.DURATION_OVER_LIMIT]),  # 24 > one working day
        ("5", "calendar_days", []),  # 5 calendar days give 5 working days = 40 ≥ 24
        ("2", "calendar_days", [FindingCode.DURATION_OVER_LIMIT]),  # 16 < 24
        (None, "", []),  # no legal time limit: nothing to compare
    ],
)
def test_step_durations_are_compared_with_the_legal_time_limit(value, unit, expected):
    assert codes(audit_process(facts(CORRECT, value=value, unit=unit))) == expected


def test_hours_per_working_day_are_configuration():
    # With 7.5-hour days, 3 working days are 22.5 hours: the 24 planned hours are too many.
    rules = AuditRules(hours_per_working_day=Decimal("7.5"))
    findings = audit_process(facts(CORRECT), rules)
    assert codes(findings) == [FindingCode.DURATION_OVER_LIMIT]
    assert findings[0].params == {"total": Decimal(24), "limit": Decimal("22.5")}


def test_shorter_plan_is_a_warning_longer_is_blocking():
    under = audit_process(facts(CORRECT, value="4"))[0]
    over = audit_process(facts(CORRECT, value="2"))[0]
    assert (under.is_blocking, over.is_blocking) == (False, True)


def test_a_role_nobody_holds_is_a_warning_naming_the_step():
    steps = list(CORRECT)
    steps[3] = step(4, "sign", COMMITTEE, "2", role="signing_authority", staffed=False)
    findings = audit_process(facts(steps))
    assert codes(findings) == [FindingCode.ROLE_WITHOUT_STAFF]
    assert findings[0].step == 4
    assert findings[0].params == {"role": "signing_authority", "agency_id": COMMITTEE}
    assert not findings[0].is_blocking


def test_a_process_for_a_superseded_procedure_version_is_blocking():
    findings = audit_process(facts(CORRECT, in_force=False))
    assert codes(findings) == [FindingCode.SUPERSEDED_PROCEDURE_VERSION]
    assert findings[0].is_blocking


def test_an_empty_process_is_one_blocking_finding():
    assert codes(audit_process(facts([]))) == [FindingCode.NO_STEPS]


@pytest.mark.parametrize(
    ("days", "working"), [(0, 0), (1, 1), (5, 5), (6, 5), (7, 5), (10, 8), (15, 11), (30, 22)]
)
def test_working_days_in_calendar_days_of_an_ordinary_week(days, working):
    assert working_days_in_calendar_days(days) == working

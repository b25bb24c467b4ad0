"""The demo holds the seed's directive as data: six items as tasks across the district's
departments and communes, done on time, late, in progress and overdue, the overdue ones
escalated; and a directive of today's province."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.directives.models import Assignment, AssignmentEvent, Directive, Inspection
from motcua.directives.selectors import TaskState, overview, state_counts, visible_assignments
from motcua.org.models import AgencyKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    settings.MOTCUA_DEMO_DOSSIERS = 10


def test_the_seeds_directive_is_in_the_demo_with_its_tasks_by_unit():
    call_command("demo", stdout=StringIO())
    seed = Directive.objects.get(number="550/UBND-NV")
    assert seed.tasks.count() == 6
    kinds = set(Assignment.objects.filter(task__directive=seed)
                .values_list("agency__kind", flat=True))  # fmt: skip
    assert {AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE} <= kinds
    chairman = User.objects.get(username="chairman")
    counts = state_counts(overview(chairman))
    for state in (TaskState.DONE_ON_TIME, TaskState.DONE_LATE, TaskState.OVERDUE):
        assert counts[state] > 0, state
    overdue = counts[TaskState.OVERDUE]
    escalated = AssignmentEvent.objects.filter(
        action="escalate", assignment__in=visible_assignments(chairman)
    )
    assert escalated.count() == overdue  # each overdue task escalated, once
    plan = Directive.objects.get(number="11/KH-UBND")  # the reporting plan: quarterly reports
    assert set(plan.tasks.values_list("kind", flat=True)) == {"report"}
    assert Directive.objects.get(issuing_agency__code="PT").tasks.count() == 2
    call_command("demo", stdout=StringIO())  # idempotent
    assert Directive.objects.count() == 4  # and the inspection's conclusion
    assert Inspection.objects.count() == 2

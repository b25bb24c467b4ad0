"""The lifecycle as a state machine driven by hypothesis: any sequence of actions, by anyone,
leaves every dossier equal to what its events say, and a refused action writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from motcua.core.errors import DomainError
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.replay import differences
from motcua.dossiers.services import ActionInput, dossier_act
from motcua.org.models import Position

pytestmark = pytest.mark.django_db

ACTIONS = [
    Action.TAKE, Action.FORWARD, Action.APPROVE, Action.SIGN, Action.REFUSE, Action.SEND_BACK,
    Action.REQUEST_SUPPLEMENT, Action.SUPPLY, Action.RETURN_RESULT, Action.WITHDRAW,
    Action.CANCEL, Action.COMMENT,
]  # fmt: skip
# The actions that move a dossier on, more often: deep states (signed, returned) get reached.
LEANING_FORWARD = ACTIONS + [Action.FORWARD, Action.APPROVE, Action.SIGN, Action.RETURN_RESULT] * 3
INPUT = ActionInput(
    comment="Ý kiến", reason="Lý do", items=("Bản sao hộ chiếu",), collected_by="Nguyễn Văn An"
)


def _row(dossier_id: int) -> tuple[object, ...]:
    return tuple(
        Dossier.objects.filter(pk=dossier_id)
        .values_list("status", "current_step_id", "due_at", "resolved_at", "closed_at")
        .get()
    )


def test_any_sequence_of_actions_keeps_every_dossier_equal_to_its_events(world):
    people = [world.clerk, world.specialist, world.leader, world.other_leader, world.chairman]
    people.append(world.admin)
    start = timezone.now() - timedelta(days=20)

    class Lifecycle(RuleBasedStateMachine):
        dossiers = Bundle("dossiers")

        def __init__(self) -> None:
            super().__init__()
            self.received: list[int] = []

        @rule(target=dossiers)
        def receive(self):
            self.received.append(world.receive(start).pk)
            return self.received[-1]

        @rule(dossier_id=dossiers, action=st.sampled_from(ACTIONS), actor=st.sampled_from(people))
        def act(self, dossier_id, action, actor):
            self.attempt(dossier_id, action, actor)

        @rule(dossier_id=dossiers, action=st.sampled_from(LEANING_FORWARD))
        def act_as_the_steps_holder(self, dossier_id, action):
            # Mostly the right person: otherwise few dossiers get past their first step.
            step = Dossier.objects.select_related("current_step").get(pk=dossier_id).current_step
            holder = step and (
                step.assignee
                or next(
                    (
                        p.user
                        for p in Position.objects.filter(agency_id=step.agency_id, role=step.role)
                        if p.user in people
                    ),
                    None,
                )
            )
            self.attempt(dossier_id, action, holder or world.clerk)

        def attempt(self, dossier_id, action, actor):
            events, row = (
                DossierEvent.objects.filter(dossier_id=dossier_id).count(),
                _row(dossier_id),
            )
            try:
                dossier_act(actor=actor, dossier_id=dossier_id, action=action, data=INPUT)
            except DomainError:
                assert DossierEvent.objects.filter(dossier_id=dossier_id).count() == events
                assert _row(dossier_id) == row  # refused: nothing changed
            else:
                assert DossierEvent.objects.filter(dossier_id=dossier_id).count() == events + 1

        @invariant()
        def every_dossier_is_what_its_events_say(self):
            for dossier in Dossier.objects.filter(pk__in=self.received):
                assert differences(dossier, dossier.events.order_by("sequence")) == []

    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=20, stateful_step_count=30, deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )  # fmt: skip

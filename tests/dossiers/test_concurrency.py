"""Real concurrency on the configured database (SQLite's locking or PostgreSQL's row locks)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import AlreadyHandled, dossier_step_act
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()  # each thread has its own connection

    return run


def test_a_hundred_parallel_intakes_get_a_hundred_consecutive_codes(world):
    @in_thread
    def receive(_number):
        return world.receive(vn(2019, 3, 4, 8)).code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(receive, range(100)))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 101))


def test_two_leaders_approving_the_same_step_at_once_make_one_event(world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
    )
    dossier = dossier_step_act(
        actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD,
        at=vn(2019, 3, 5, 9),
    )  # fmt: skip
    step_id = dossier.current_step.pk
    start = threading.Barrier(2)

    @in_thread
    def approve(leader):
        start.wait()
        try:
            dossier_step_act(
                actor=leader, dossier_id=dossier.pk, action=Action.APPROVE, step_id=step_id,
                at=vn(2019, 3, 5, 14),
            )  # fmt: skip
            return "approved"
        except AlreadyHandled as error:
            return str(error.message)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(approve, [world.leader, world.other_leader]))
    assert outcomes.count("approved") == 1
    [refusal] = [outcome for outcome in outcomes if outcome != "approved"]
    assert "14:00" in refusal
    assert DossierEvent.objects.filter(dossier=dossier, action="approve").count() == 1


def test_fifty_specialists_taking_the_same_step_at_once_make_one_handler_and_one_event(world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(
        actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
    )
    specialists = [world.specialist] + [
        staff(Role.SPECIALIST, world.district.justice) for _ in range(49)
    ]
    start = threading.Barrier(len(specialists))

    @in_thread
    def take(specialist):
        start.wait()
        try:
            dossier_step_act(actor=specialist, dossier_id=dossier.pk, action=Action.TAKE)
            return "taken"
        except AlreadyHandled:
            return "refused"

    with ThreadPoolExecutor(max_workers=len(specialists)) as pool:
        outcomes = list(pool.map(take, specialists))
    assert outcomes.count("taken") == 1
    assert DossierEvent.objects.filter(dossier=dossier, action="take").count() == 1

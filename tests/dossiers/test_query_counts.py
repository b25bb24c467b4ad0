"""Lists and exports cost the same number of queries for 3 dossiers as for 12: no query per row."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_step_act
from tests.plans import AS_IF_LARGE_FOR_INDEXES, plan_of
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def queries(client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def add_dossiers(world, count: int, *, to_approve: bool = False) -> None:
    """`count` dossiers waiting in the specialists' pool (or, `to_approve`, for the leader)."""
    for number in range(count):
        dossier = world.receive(vn(2019, 3, 4, 8, number))
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
        if to_approve:
            dossier_step_act(actor=world.specialist, dossier_id=dossier.pk, action=Action.FORWARD)


@pytest.mark.parametrize(
    ("name", "params", "user"),
    [
        ("staff-dossiers", {}, "clerk"),
        ("staff-work", {"tab": "to_take"}, "specialist"),
        ("staff-approvals", {}, "leader"),
        ("stats-statistics", {"period": "2019-03", "format": "book"}, "clerk"),
        ("stats-statistics", {"period": "2019-03", "format": "xlsx"}, "clerk"),
    ],
)
def test_staff_pages_and_exports_do_not_query_per_dossier(client, world, name, params, user):
    client.force_login(getattr(world, user))
    to_approve = name == "staff-approvals"
    add_dossiers(world, 3, to_approve=to_approve)
    few = queries(client, reverse(name), params)
    add_dossiers(world, 9, to_approve=to_approve)
    page = client.get(reverse(name), params)
    if "text/html" in page["Content-Type"]:  # the page shows them: the count is of real rows
        assert page.content.decode().count("190304-") >= 12
    assert queries(client, reverse(name), params) == few


@pytest.mark.parametrize("url", ["/api/v1/dossiers/", "/api/v1/stats/table?period=2019-03"])
def test_api_lists_do_not_query_per_dossier(client, world, url):
    client.force_login(world.clerk)
    add_dossiers(world, 3)
    few = queries(client, url)
    add_dossiers(world, 9)
    assert queries(client, url) == few


def test_a_step_action_costs_a_fixed_handful_of_queries(world):
    """The engine's budget (bench/dossier_bench.py measures its time): the locks, the step's
    update, the next step, the dossier's changed columns, the event — and no more."""
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD)
    specialist = type(world.specialist).objects.get(pk=world.specialist.pk)  # a new request's
    with CaptureQueriesContext(connection) as captured:
        dossier_step_act(actor=specialist, dossier_id=dossier.pk, action=Action.FORWARD)
    statements = [query["sql"].split()[0] for query in captured]
    # without the savepoints of the test's own transaction around the action's
    work = [s for s in statements if s not in {"SAVEPOINT", "RELEASE"}]
    listing = "\n".join(query["sql"][:120] for query in captured)
    # 8, and the actor's positions and reach (org.access: once per request)
    assert len(work) <= 8 + 2, listing
    assert (statements.count("UPDATE"), statements.count("INSERT")) == (2, 2), listing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_the_queues_and_the_corrections_read_their_partial_indexes(world):
    """The open steps' indexes and the corrections' index hold only the rows their one query
    reads (migration dossiers/0018); the query must imply each index's condition, or PostgreSQL
    cannot use it and scans millions of steps or events."""
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.selectors import work_queues
    from motcua.stats.selectors import corrected_after

    add_dossiers(world, 2)
    with CaptureQueriesContext(connection) as queues:
        work_queues(world.specialist)
    with CaptureQueriesContext(connection) as counted:
        corrected_after(Dossier.objects.all(), start=date(2019, 3, 1), end=date(2019, 3, 31))
    (queue,) = [q["sql"] for q in queues if 'FROM "dossiers_dossierstep"' in q["sql"]]
    (corrections,) = [q["sql"] for q in counted]
    plans = [plan_of(sql, AS_IF_LARGE_FOR_INDEXES) for sql in (queue, corrections)]
    assert "step_open_pool" in plans[0] or "step_open_assignee" in plans[0], plans[0]
    assert "event_correction_at" in plans[1], plans[1]

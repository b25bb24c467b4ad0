"""The department table: each step against its own due instant, for the agency that handled it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStep
from motcua.dossiers.services import dossier_request_supplement, dossier_step_act
from motcua.stats.kpi import Counts
from motcua.stats.selectors import GroupBy
from motcua.stats.steps import cell_steps, step_table
from tests.plans import AS_IF_LARGE_FOR_WORKERS, plan_of
from tests.worlds import vn

pytestmark = pytest.mark.django_db

MARCH = (date(2019, 3, 1), date(2019, 3, 31))


def act(world, who, dossier, action, at):
    return dossier_step_act(actor=getattr(world, who), dossier_id=dossier.pk, action=action, at=at)


@pytest.fixture
def march(world):
    """Steps: receive 2 h at desk A, process 14 h and approve 4 h at Justice, sign 2 h at the
    committee, return 2 h at desk A."""
    first = world.receive(vn(2019, 3, 4, 8))  # receive due 10:00
    act(
        world, "clerk", first, Action.FORWARD, vn(2019, 3, 4, 9)
    )  # on time; process due 05/03 16:30
    act(world, "specialist", first, Action.FORWARD, vn(2019, 3, 6, 9))  # late; approve due 14:30
    act(world, "leader", first, Action.APPROVE, vn(2019, 3, 6, 10))  # on time; sign due 13:30
    act(world, "chairman", first, Action.SIGN, vn(2019, 3, 6, 11))  # on time; return due 13:30
    paused = world.receive(vn(2019, 3, 25, 8))
    act(world, "clerk", paused, Action.FORWARD, vn(2019, 3, 25, 9))  # on time
    dossier_request_supplement(actor=world.specialist, dossier_id=paused.pk, items=["Hộ chiếu"],
                               reason="Thiếu", at=vn(2019, 3, 26, 9))  # fmt: skip
    world.receive(vn(2019, 3, 29, 8))  # its reception step, due 10:00, still open at the end
    return first, paused


def by_agency(world):
    table = step_table(DossierStep.objects.all(), start=MARCH[0], end=MARCH[1],
                       group_by=GroupBy.AGENCY)  # fmt: skip
    return {row.key: row.counts for row in table.rows}, table


def test_the_march_department_table_step_by_step(world, march):
    rows, table = by_agency(world)
    district = world.district
    assert rows[district.desk_a.pk] == Counts(new_direct=4, on_time=2, overdue=2)
    assert rows[district.justice.pk] == Counts(new_direct=3, on_time=1, late=1,
                                               awaiting_supplement=1)  # fmt: skip
    assert rows[district.committee.pk] == Counts(new_direct=1, on_time=1)
    assert all(counts.balanced for counts in rows.values())
    assert table.total.on_time_rate == pytest.approx(4 / 5)
    labels = [row.label for row in table.rows]
    assert labels == sorted(labels)  # by name, as the database sorts them
    assert "Phòng Tư pháp" in labels


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel plans are PostgreSQL's")
def test_the_department_tables_count_can_run_in_parallel(world, march):
    """The count carries no per-group subquery (the names are read after it): under one,
    PostgreSQL plans no parallel aggregate, and at ten million dossiers the table took twice
    its hand-written SQL."""
    with CaptureQueriesContext(connection) as queries:
        by_agency(world)
    (count,) = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "dossierstep" in q["sql"]]
    plan = plan_of(count, AS_IF_LARGE_FOR_WORKERS)
    assert "Partial HashAggregate" in plan or "Partial GroupAggregate" in plan, plan


def test_later_events_never_change_a_past_department_table(world, march):
    _first, paused = march
    before, _table = by_agency(world)
    world.supply(paused, vn(2019, 4, 10, 8))  # the process step resumes, its due moves to April
    act(world, "specialist", paused, Action.FORWARD, vn(2019, 4, 10, 9))
    after, _table = by_agency(world)
    assert after == before


def test_a_cell_lists_exactly_the_steps_it_counts(world, march, client):
    late = cell_steps(
        DossierStep.objects.all(), start=MARCH[0], end=MARCH[1], group_by=GroupBy.AGENCY,
        key=world.district.justice.pk, column="late",
    )  # fmt: skip
    assert [step.kind for step in late] == ["process"]
    client.force_login(world.leader)
    page = client.get(reverse("stats-steps"), {"period": "2019-03"}).content.decode()
    assert "Phòng Tư pháp" in page
    cell = client.get(reverse("stats-steps-cell"), {
        "from": "2019-03-01", "to": "2019-03-31", "group_by": "agency",
        "key": world.district.justice.pk, "column": "late"}).content.decode()  # fmt: skip
    assert "Thẩm định" in cell
    assert "1 bước" in cell
    exported = client.get(reverse("stats-steps"), {"period": "2019-03", "format": "csv"})
    assert exported.status_code == 200
    assert "Bước đã xử lý — Tổng số" in exported.content.decode("utf-8-sig")
    wrong = client.get(reverse("stats-steps-cell"), {"from": "2019-03-01", "to": "2019-03-31",
                                                     "column": "nope"})  # fmt: skip
    assert wrong.status_code == 404


def test_the_dossier_page_names_the_step_that_made_it_late(world, client):
    dossier = world.receive(vn(2019, 3, 4, 8))  # due Thu 07/03 17:00
    act(world, "clerk", dossier, Action.FORWARD, vn(2019, 3, 4, 9))
    act(world, "specialist", dossier, Action.FORWARD, vn(2019, 3, 11, 9))  # 4 days over
    act(world, "leader", dossier, Action.APPROVE, vn(2019, 3, 11, 16))  # 1.5 h over
    act(world, "chairman", dossier, Action.SIGN, vn(2019, 3, 11, 16, 30))
    dossier.refresh_from_db()
    assert dossier.timeliness == "late"
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert "Trễ hạn do" in page
    assert "bước “Thẩm định” (Phòng Tư pháp)" in page


@pytest.mark.parametrize("column", ["received", "new", "resolved", "in_progress"])
def test_every_linked_total_column_of_the_department_table_drills_down(world, march, column):
    table = step_table(DossierStep.objects.all(), start=MARCH[0], end=MARCH[1])
    steps = cell_steps(DossierStep.objects.all(), start=MARCH[0], end=MARCH[1],
                       group_by=GroupBy.AGENCY, key=None, column=column)  # fmt: skip
    assert steps.count() == getattr(table.total, column)

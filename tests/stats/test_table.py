"""The statistics table, cell by cell on hand-computed dossiers, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.models import Process
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierClock, DossierEvent
from motcua.dossiers.services import (
    ApplicantData,
    dossier_guide,
    dossier_request_supplement,
    dossier_step_act,
    dossier_withdraw,
)
from motcua.stats.kpi import Counts, parse_period, total
from motcua.stats.selectors import (
    GroupBy,
    ProgressAt,
    monthly_resolutions,
    statistics_table,
)
from tests.plans import AS_IF_LARGE_FOR_WORKERS, plan_of
from tests.worlds import vn

pytestmark = pytest.mark.django_db

MARCH = (date(2019, 3, 1), date(2019, 3, 31))


def forward_to_specialist(world, dossier, at):
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=at)


@pytest.fixture
def march(world):
    """Twelve dossiers around March 2019 (3 working days each; no holiday in March)."""
    world.sign(world.receive(vn(2019, 2, 25, 8)), vn(2019, 2, 27, 9))  # before: not counted
    world.sign(world.receive(vn(2019, 2, 26, 8)), vn(2019, 3, 1, 10))  # carried, on time
    world.sign(world.receive(vn(2019, 3, 4, 8)), vn(2019, 3, 5, 9))  # early
    world.sign(world.receive(vn(2019, 3, 4, 9)), vn(2019, 3, 8, 9))  # late (due 07/03)
    withdrawn = world.receive(vn(2019, 3, 4, 10))
    dossier_withdraw(actor=world.clerk, dossier_id=withdrawn.pk, reason="Xin rút",
                     at=vn(2019, 3, 5, 9))  # fmt: skip
    world.receive(vn(2019, 3, 28, 8))  # open at the end, due 02/04: within the limit
    world.receive(vn(2019, 3, 25, 8))  # open at the end, due 28/03: overdue
    paused = world.receive(vn(2019, 3, 27, 8))
    forward_to_specialist(world, paused, vn(2019, 3, 27, 9))
    dossier_request_supplement(actor=world.specialist, dossier_id=paused.pk, items=["Hộ chiếu"],
                               reason="Thiếu", at=vn(2019, 3, 28, 9))  # fmt: skip
    refused = world.receive(vn(2019, 3, 29, 8))
    forward_to_specialist(world, refused, vn(2019, 3, 29, 9))
    dossier_step_act(actor=world.specialist, dossier_id=refused.pk, action=Action.REFUSE,
                     comment="Không đủ điều kiện", at=vn(2019, 3, 29, 10))  # fmt: skip
    world.receive(vn(2019, 4, 1, 8))  # after: not counted
    world.sign(world.receive(vn(2019, 2, 20, 8)), vn(2019, 4, 2, 9))  # carried, overdue at end
    dossier_guide(actor=world.clerk, agency=world.district.desk_a, procedure_code="1.000894",
                  applicant=ApplicantData(name="Lê C"), missing=["Tờ khai"],
                  at=vn(2019, 3, 5, 8))  # fmt: skip  # never received: not counted


def test_the_march_table_cell_by_cell(march):
    table = statistics_table(Dossier.objects.all(), start=MARCH[0], end=MARCH[1],
                             group_by=GroupBy.AGENCY)  # fmt: skip
    [row] = table.rows
    assert row.counts == Counts(
        carried_over=2, new_direct=7,
        early=1, on_time=1, late=1,
        refused=1, withdrawn=1,
        within_limit=1, overdue=2, awaiting_supplement=1,
    )  # fmt: skip
    assert (row.counts.received, row.counts.resolved, row.counts.in_progress) == (9, 3, 4)
    assert row.counts.balanced
    assert row.counts.on_time_rate == pytest.approx(2 / 3)
    assert row.counts.meets(table.targets) == (False, True)
    assert table.total == row.counts


def test_the_table_counts_in_one_query_then_names_its_groups(march):
    with CaptureQueriesContext(connection) as queries:
        table = statistics_table(Dossier.objects.all(), start=MARCH[0], end=MARCH[1],
                                 group_by=GroupBy.PROCEDURE)  # fmt: skip
    statements = [query["sql"] for query in queries.captured_queries]
    reads = [sql for sql in statements if "dossiers_dossier" in sql]
    assert len(reads) == 1
    names = [sql for sql in statements if "catalog_procedure" in sql and sql not in reads]
    assert len(names) == 1
    assert len(statements) == 2
    assert [row.label for row in table.rows] == ["1.000894"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel plans are PostgreSQL's")
def test_the_tables_count_can_run_in_parallel(march):
    """No correlated subquery in the count (the open dossiers' clock is read by a parallel-safe
    function, the groups are named after it): under one, PostgreSQL counted ten million dossiers
    in one process, 3.0–3.4 s against 2.0 s in parallel."""
    with CaptureQueriesContext(connection) as queries:
        statistics_table(Dossier.objects.all(), start=MARCH[0], end=MARCH[1],
                         group_by=GroupBy.UNIT)  # fmt: skip
    (count,) = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert "dossier_progress_at(" in count
    plan = plan_of(count, AS_IF_LARGE_FOR_WORKERS)
    assert "Partial HashAggregate" in plan or "Partial GroupAggregate" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the function is PostgreSQL's")
def test_the_clock_function_answers_as_the_subquery_does(world, march):
    """`dossier_progress_at` (migration dossiers/0017) and the subquery SQLite runs give every
    dossier the same state at every instant: before its receipt, paused, within its limit,
    overdue, and after a supply ended the paused row."""
    paused = Dossier.objects.get(status="awaiting_supplement")
    world.supply(paused, vn(2019, 4, 3, 8))
    instants = [vn(2019, 3, day, hour) for day in range(20, 32) for hour in (7, 12, 18)]
    instants += [vn(2019, 4, day, 9) for day in (1, 2, 3, 4, 10)]
    seen = set()
    for instant in instants:
        answers = list(
            Dossier.objects.annotate(
                by_function=ProgressAt(instant), by_subquery=ProgressAt(instant).subquery
            ).values_list("pk", "by_function", "by_subquery")
        )
        assert [(pk, f) for pk, f, _s in answers] == [(pk, s) for pk, _f, s in answers], instant
        seen |= {f for _pk, f, _s in answers}
    assert seen == {None, "within_limit", "overdue", "awaiting_supplement"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018", (date(2018, 1, 1), date(2018, 12, 31))),
        ("2018-Q2", (date(2018, 4, 1), date(2018, 6, 30))),
        ("2018-H2", (date(2018, 7, 1), date(2018, 12, 31))),
        ("2018-9M", (date(2018, 1, 1), date(2018, 9, 30))),
        ("2020-02", (date(2020, 2, 1), date(2020, 2, 29))),
    ],
)
def test_periods(text, expected):
    assert parse_period(text) == expected


START = vn(2019, 1, 1)


@st.composite
def dossier_rows(draw):
    received = START + timedelta(hours=draw(st.integers(0, 24 * 120)))
    ending = draw(st.sampled_from(["open", "early", "on_time", "late", "refused", "withdrawn"]))
    exit_after = timedelta(hours=draw(st.integers(1, 24 * 40)))
    due = received + timedelta(hours=draw(st.integers(1, 24 * 20)))
    channel = draw(st.sampled_from(["desk", "online", "post"]))
    return received, ending, received + exit_after, due, channel


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(dossier_rows(), max_size=40), cut=st.integers(10, 100), length=st.integers(1, 60)
)
def test_every_dossier_is_in_exactly_one_place_and_rows_sum_to_the_total(world, rows, cut, length):
    DossierClock.objects.all().delete()
    DossierEvent.objects.filter(dossier__code__startswith="T-").delete()
    Dossier.objects.all().delete()
    process = Process.objects.get(agency=world.district.desk_a)
    objects = []
    for number, (received, ending, exit_at, due, channel) in enumerate(rows):
        resolved = ending in ("early", "on_time", "late")
        objects.append(
            Dossier(
                code=f"T-{number}",
                agency=world.district.desk_a if number % 2 else world.district.desk_b,
                procedure_version=process.procedure_version,
                process=process,
                channel=channel,
                status={"open": "in_progress", "refused": "refused", "withdrawn": "withdrawn"}.get(
                    ending, "returned"
                ),
                applicant_kind="person",
                applicant_name="X",
                applicant_folded="x",
                submitted_at=received,
                received_at=received,
                due_at=due,
                resolved_at=exit_at if resolved else None,
                closed_at=None if ending == "open" else exit_at,
                timeliness=ending if resolved else "",
            )
        )
    Dossier.objects.bulk_create(objects)
    DossierClock.objects.bulk_create(
        DossierClock(dossier=dossier, since=received, due_at=dossier.due_at,
                     cause="receive", event=DossierEvent.objects.create(
                         dossier=dossier, sequence=1, action="receive", at=received,
                         to_status="received"))
        for dossier, (received, *_) in zip(objects, rows, strict=True)
    )  # fmt: skip
    start = (START + timedelta(days=cut)).date()
    table = statistics_table(Dossier.objects.all(), start=start, end=start + timedelta(days=length),
                             group_by=GroupBy.AGENCY)  # fmt: skip
    assert table.total == total([row.counts for row in table.rows])
    for row in [*table.rows]:
        assert row.counts.balanced


def test_the_monthly_trend_counts_what_the_table_counts_month_by_month(march):
    by_month = monthly_resolutions(
        Dossier.objects.all(), start=date(2019, 2, 1), end=date(2019, 4, 30)
    )
    for month in ("2019-02", "2019-03", "2019-04"):
        first, last = parse_period(month)
        table = statistics_table(Dossier.objects.all(), start=first, end=last,
                                 group_by=GroupBy.CHANNEL).total  # fmt: skip
        resolved = by_month.get(month, Counts())
        assert (resolved.early, resolved.on_time, resolved.late, resolved.no_time_limit) == (
            table.early, table.on_time, table.late, table.no_time_limit,
        )  # fmt: skip
    assert by_month["2019-03"].timed == 3


def test_a_period_not_yet_over_judges_open_dossiers_now(world, client):
    """This year's table: an open dossier due next week is within its limit, not overdue
    because 31 December is later than its appointment (Decision 766 §2.1: judged at the
    period end, or now if that is earlier)."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    now = timezone.now()
    due_later = world.receive(now - timedelta(hours=1))  # 3 working days from now
    assert due_later.due_at > now
    world.receive(now - timedelta(days=20))  # long past its appointment
    today = timezone.localdate()
    start, end = today - timedelta(days=40), today + timedelta(days=40)  # ends in the future
    table = statistics_table(Dossier.objects.all(), start=start, end=end, group_by=GroupBy.AGENCY)
    assert (table.total.within_limit, table.total.overdue) == (1, 1)
    client.force_login(world.clerk)
    page = client.get(
        reverse("stats-statistics"), {"from": start.isoformat(), "to": end.isoformat()}
    ).content.decode()
    assert "đến nay" in page


def march_table() -> Counts:
    return statistics_table(Dossier.objects.all(), start=MARCH[0], end=MARCH[1],
                            group_by=GroupBy.AGENCY).total  # fmt: skip


def test_a_past_table_never_changes_because_of_later_events(world):
    """Decision 766 §2.1: judged with the clock as it stood at the period's end."""
    within = world.receive(vn(2019, 3, 28, 8))  # due 02/04 17:00: within at the end of March
    forward_to_specialist(world, within, vn(2019, 3, 28, 9))
    paused = world.receive(vn(2019, 3, 25, 8))  # due 28/03, but paused on 27/03
    forward_to_specialist(world, paused, vn(2019, 3, 25, 9))
    dossier_request_supplement(actor=world.specialist, dossier_id=paused.pk, items=["Hộ chiếu"],
                               reason="Thiếu", at=vn(2019, 3, 27, 9))  # fmt: skip
    before = march_table()
    assert (before.within_limit, before.overdue, before.awaiting_supplement) == (1, 0, 1)

    # April: the first is paused (its current due instant becomes unknown), the paused one
    # resumes and runs late, its appointment moving past the end of March.
    dossier_request_supplement(actor=world.specialist, dossier_id=within.pk, items=["Tờ khai"],
                               reason="Thiếu", at=vn(2019, 4, 1, 9))  # fmt: skip
    world.supply(paused, vn(2019, 4, 10, 8))
    assert march_table() == before


def test_a_dossier_paused_at_the_end_is_its_own_column_not_overdue(world):
    paused = world.receive(vn(2019, 3, 25, 8))  # due 28/03 17:00
    forward_to_specialist(world, paused, vn(2019, 3, 25, 9))
    dossier_request_supplement(actor=world.specialist, dossier_id=paused.pk, items=["Hộ chiếu"],
                               reason="Thiếu", at=vn(2019, 3, 26, 9))  # fmt: skip
    world.supply(paused, vn(2019, 4, 15, 8))  # long after the end of March and the due date
    table = march_table()
    assert (table.within_limit, table.overdue, table.awaiting_supplement) == (0, 0, 1)
    assert table.balanced


def test_a_correction_after_the_period_may_change_its_table_and_the_page_says_so(world, client):
    from motcua.dossiers.services import dossier_undo_last

    world.sign(world.receive(vn(2019, 3, 25, 8)), vn(2019, 3, 26, 9))
    assert march_table().early == 1
    client.force_login(world.clerk)
    page = client.get("/staff/statistics/?period=2019-03&group_by=agency").content.decode()
    assert "sửa sau khi kỳ kết thúc" not in page
    dossier_undo_last(actor=world.admin, dossier_id=Dossier.objects.get().pk,
                      reason="Ký nhầm hồ sơ", at=vn(2019, 4, 2, 9))  # fmt: skip
    after = march_table()
    assert (after.early, after.overdue) == (0, 1)  # unfinished at the end, due 28/03
    page = client.get("/staff/statistics/?period=2019-03&group_by=agency").content.decode()
    assert "1 hồ sơ của kỳ này đã được quản trị viên sửa sau khi kỳ kết thúc" in page

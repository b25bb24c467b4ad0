"""`motcua demo --history N`: bulk historical dossiers that obey the engine's own rules."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from motcua.catalog.demo import load_demo_catalogue
from motcua.dossiers.history import (
    COLUMNS,
    HeadMaker,
    Slice,
    SqlExpansion,
    expanded_rows,
    generate_history,
    history_plans,
)
from motcua.dossiers.models import DailySequence, Dossier
from motcua.dossiers.services import procedure_time_limit
from motcua.dossiers.timing import classify
from motcua.legal.models import LegalRegime
from motcua.org.demo import load_demo_organisation
from motcua.org.models import Position
from motcua.stats.services import table_for
from motcua.workcal.services import calendar_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    settings.MOTCUA_DEMO_DOSSIERS = 0


def test_history_dossiers_are_classified_by_the_engine_and_rebuild_from_events():
    call_command("demo", "--history", "400", stdout=StringIO(), stderr=StringIO())
    dossiers = list(Dossier.objects.all())
    assert len(dossiers) == 400
    assert len({d.code for d in dossiers}) == 400
    for dossier in dossiers:
        if dossier.resolved_at:
            expected = classify(finished_at=dossier.resolved_at, due_at=dossier.due_at).value
            assert dossier.timeliness == expected
    shares = Counter(d.timeliness or d.status for d in dossiers)
    assert shares["early"] > shares["on_time"] > shares["late"] > 0
    assert shares["withdrawn"] > 0
    out = StringIO()
    call_command("verify-dossiers", stdout=out)
    assert "400 dossiers checked, 0 differ" in out.getvalue()
    # Their deadlines and steps are the working calendar's, so that the department table
    # works at volume: each step starts when the one before it ends, due after its planned
    # hours of its agency's working time.
    for dossier in Dossier.objects.select_related("procedure_version"):
        calendar = calendar_for(dossier.agency_id)
        limit = procedure_time_limit(dossier.procedure_version)
        assert dossier.received_at is not None
        assert dossier.due_at == (calendar.due_instant(dossier.received_at, limit) if limit
                                  else None)  # fmt: skip
        steps = list(dossier.steps.order_by("pk").select_related("process_step"))
        assert steps[0].started_at == dossier.received_at
        for earlier, later in pairwise(steps):
            assert later.started_at == earlier.finished_at
        for step in steps:
            hours = float(step.process_step.duration_hours)
            assert step.due_at == calendar_for(step.agency_id).add_working_hours(
                step.started_at, hours
            )
    for dossier in dossiers[:50]:
        steps = list(dossier.steps.order_by("started_at", "pk"))
        if dossier.resolved_at:
            sign = next(step for step in steps if step.kind == "sign")
            assert sign.finished_at == dossier.resolved_at
            for step in steps:
                assert step.finished_at is not None
                assert step.timeliness == classify(finished_at=step.finished_at,
                                                   due_at=step.due_at).value  # fmt: skip
        else:
            assert [step.status for step in steps] == ["cancelled"]


def test_daily_counters_continue_after_the_history():
    call_command("demo", "--history", "50", stdout=StringIO(), stderr=StringIO())
    for counter in DailySequence.objects.all():
        numbers = [
            int(code.rsplit("-", 1)[1])
            for code in Dossier.objects.filter(
                agency_id=counter.agency_id, code__contains=counter.day.strftime("-%y%m%d-")
            ).values_list("code", flat=True)
        ]
        assert sorted(numbers) == list(range(1, counter.last + 1))


def test_the_history_follows_the_merger_and_the_province_of_today_adds_up():
    """Hương Canh received until 30/06/2025, today's commune (its successor) from 01/07/2025; the
    new province's 2025 table mapped onto today's units is the sum of the parts."""
    call_command("demo", "--history", "600", stdout=StringIO(), stderr=StringIO())
    merger = date(2025, 7, 1)
    old = Dossier.objects.filter(agency__code="BX.HCANH.MC")
    new = Dossier.objects.filter(agency__code="PT.BXUYEN.MC")
    assert old.exists()
    assert new.exists()
    assert all(timezone.localdate(d.received_at) < merger for d in old)
    assert all(timezone.localdate(d.received_at) >= merger for d in new)
    assert {d.regime.code for d in new} == {"2025"}
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    then = table_for(None, start=start, end=end, group_by="unit", under="25")
    today = table_for(None, start=start, end=end, group_by="unit", under="25", units_today=True)
    by_label = {row.label: row.counts for row in then.rows}
    mapped = {row.label: row.counts for row in today.rows}
    assert "Thị trấn Hương Canh" in by_label
    assert "Thị trấn Hương Canh" not in mapped
    assert mapped["Xã Bình Xuyên"] == by_label["Thị trấn Hương Canh"] + by_label["Xã Bình Xuyên"]
    assert today.total == then.total
    # Every dossier received in 2025 by the province's units of today and of then, once.
    received_in_2025 = Dossier.objects.filter(
        agency__code__in=["BX.HCANH.MC", "PT.BXUYEN.MC", "BX.HCC"], received_at__year=2025
    ).count()
    assert then.total.received - then.total.carried_over == received_in_2025


@pytest.mark.django_db(transaction=True)
def test_a_bulk_history_in_two_processes_keeps_every_key_index_and_rule():
    """Committed, as `motcua demo --history` runs: on PostgreSQL two processes write it with the
    foreign keys and plain indexes set aside and made again after (elsewhere, one process)."""

    def shape() -> set[tuple[str, str, str, str]]:
        tables = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierstep",
                  "dossiers_dossierclock")  # fmt: skip
        with connection.cursor() as cursor:
            found = set()
            for table in tables:
                constraints = connection.introspection.get_constraints(cursor, table)
                found |= {(table, name, str(sorted(c["columns"])), str(c["foreign_key"]))
                          for name, c in constraints.items()}  # fmt: skip
        return found

    # The district and its procedures only: a test with its own transactions starts from
    # empty tables (what migrations seeded was flushed by the tests before it).
    load_demo_organisation(password="demo-test", reset_passwords=True)
    load_demo_catalogue(actor=Position.objects.get(user__username="admin").user)
    before = shape()
    made = generate_history(6_000, processes=2, bulk_from=1, progress=lambda text: None)
    assert made == 6_000
    assert shape() == before  # every index and foreign key is back, under its own name
    if connection.vendor == "postgresql":  # and every key checked over the rows written
        with connection.cursor() as cursor:
            cursor.execute("SELECT conname FROM pg_constraint WHERE NOT convalidated")
            assert cursor.fetchall() == []
    out = StringIO()
    call_command("verify-dossiers", stdout=out)
    assert f"{Dossier.objects.count()} dossiers checked, 0 differ" in out.getvalue()
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert Dossier.objects.filter(agency__code="BX.HCC").count() > 0  # the joins still work


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database's expansion is PostgreSQL's"
)
def test_the_databases_expansion_writes_the_rows_python_makes():
    """On PostgreSQL each drawn dossier is expanded into its rows by SQL: exactly the rows
    `expanded_rows` makes (and SQLite writes), withdrawn dossiers included."""
    call_command("demo", stdout=StringIO(), stderr=StringIO())
    plans = history_plans()
    now = timezone.now()
    part = Slice(400, now - timedelta(days=900), now, now - timedelta(days=1), seed=7,
                 first_id=10**6, first_event_id=10**6)  # fmt: skip
    regimes = list(LegalRegime.objects.all())
    heads = HeadMaker(part, plans, regimes, defaultdict(int)).batch(400)
    assert {head.withdrawn for head in heads} == {True, False}
    assert {head.timeliness for head in heads} >= {"early", "on_time", "late"}
    with transaction.atomic():
        SqlExpansion(plans).write(heads)

    expected: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for head in heads:
        for table, rows in expanded_rows(head).items():
            expected[table] += rows

    def plain(value):
        return json.loads(value) if isinstance(value, str) and value[:1] in ("[", "{") else value

    for table, columns in COLUMNS.items():
        key = "id" if "id" in columns else "dossier_id"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {key} >= %s ORDER BY "  # noqa: S608
                + ("id" if table != "dossiers_dossierclock" else "dossier_id"),
                [10**6],
            )
            written = cursor.fetchall()
        assert len(written) == len(expected[table]), table
        for row, made in zip(written, expected[table], strict=True):
            assert [plain(v) for v in row] == [plain(v) for v in made], table

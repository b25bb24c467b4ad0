"""The statistics table at volume: the ORM query against a hand-written SQL aggregate.

Needs dossiers: uses what the database holds, topping it up with `demo --history` to
MOTCUA_BENCH_DOSSIERS (default 200,000; the issue's figure is 1,000,000 on PostgreSQL —
set the variable for that run). Prints, for the full table of the last whole year grouped by
unit: the hand-written SQL's time, the table's time, their ratio (goal ≤ 1.5) and whether the
two agree cell for cell.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime
from datetime import time as clock

DEFAULT_DOSSIERS = 200_000

HAND_WRITTEN = """
SELECT a.unit_id,
  COUNT(*) FILTER (WHERE d.received_at < %(s)s),
  COUNT(*) FILTER (WHERE d.received_at >= %(s)s AND d.received_at <= %(e)s AND d.channel = 'online'),
  COUNT(*) FILTER (WHERE d.received_at >= %(s)s AND d.received_at <= %(e)s AND d.channel = 'desk'),
  COUNT(*) FILTER (WHERE d.received_at >= %(s)s AND d.received_at <= %(e)s AND d.channel = 'post'),
  COUNT(*) FILTER (WHERE d.resolved_at BETWEEN %(s)s AND %(e)s AND d.timeliness = 'early'),
  COUNT(*) FILTER (WHERE d.resolved_at BETWEEN %(s)s AND %(e)s AND d.timeliness = 'on_time'),
  COUNT(*) FILTER (WHERE d.resolved_at BETWEEN %(s)s AND %(e)s AND d.timeliness = 'late'),
  COUNT(*) FILTER (WHERE d.resolved_at BETWEEN %(s)s AND %(e)s AND d.timeliness = 'no_time_limit'),
  COUNT(*) FILTER (WHERE d.resolved_at IS NULL AND d.closed_at BETWEEN %(s)s AND %(e)s AND d.status = 'refused'),
  COUNT(*) FILTER (WHERE d.resolved_at IS NULL AND d.closed_at BETWEEN %(s)s AND %(e)s AND d.status = 'withdrawn'),
  COUNT(*) FILTER (WHERE d.resolved_at IS NULL AND d.closed_at BETWEEN %(s)s AND %(e)s AND d.status = 'cancelled'),
  COUNT(*) FILTER (WHERE d.progress = 'within_limit'),
  COUNT(*) FILTER (WHERE d.progress = 'overdue'),
  COUNT(*) FILTER (WHERE d.progress = 'awaiting_supplement')
FROM (
  SELECT d.*, CASE WHEN COALESCE(d.resolved_at, d.closed_at) IS NULL
                     OR COALESCE(d.resolved_at, d.closed_at) > %(e)s THEN {progress} END AS progress
  FROM dossiers_dossier d
  WHERE d.received_at <= %(e)s
    AND (COALESCE(d.resolved_at, d.closed_at) IS NULL OR COALESCE(d.resolved_at, d.closed_at) >= %(s)s)
) d JOIN org_agency a ON a.id = d.agency_id
GROUP BY a.unit_id ORDER BY a.unit_id
"""  # noqa: E501
# Where a dossier open at the end stood then: PostgreSQL's parallel-safe function (migration
# dossiers/0017), elsewhere the same lookup as a correlated subquery.
PROGRESS = {
    "postgresql": "dossier_progress_at(d.id, %(e)s)",
    "sqlite": """(
    SELECT CASE WHEN c.paused THEN 'awaiting_supplement'
                WHEN c.due_at IS NULL OR c.due_at >= %(e)s THEN 'within_limit' ELSE 'overdue' END
    FROM dossiers_dossierclock c
    WHERE c.dossier_id = d.id AND c.since <= %(e)s AND (c.until IS NULL OR c.until > %(e)s)
    LIMIT 1)""",
}


HAND_WRITTEN_STEPS = """
SELECT s.agency_id,
  COUNT(*) FILTER (WHERE s.started_at < %(s)s),
  COUNT(*) FILTER (WHERE s.started_at >= %(s)s AND s.started_at <= %(e)s),
  COUNT(*) FILTER (WHERE s.finished_at BETWEEN %(s)s AND %(e)s AND s.status = 'done' AND s.timeliness = 'early'),
  COUNT(*) FILTER (WHERE s.finished_at BETWEEN %(s)s AND %(e)s AND s.status = 'done' AND s.timeliness = 'on_time'),
  COUNT(*) FILTER (WHERE s.finished_at BETWEEN %(s)s AND %(e)s AND s.status = 'done' AND s.timeliness = 'late'),
  COUNT(*) FILTER (WHERE s.finished_at BETWEEN %(s)s AND %(e)s AND s.status = 'cancelled'),
  COUNT(*) FILTER (WHERE (s.finished_at IS NULL OR s.finished_at > %(e)s) AND (c.id IS NULL OR NOT c.paused)
                   AND COALESCE(c.due_at, s.first_due_at, s.due_at) >= %(e)s),
  COUNT(*) FILTER (WHERE (s.finished_at IS NULL OR s.finished_at > %(e)s) AND (c.id IS NULL OR NOT c.paused)
                   AND COALESCE(c.due_at, s.first_due_at, s.due_at) < %(e)s),
  COUNT(*) FILTER (WHERE (s.finished_at IS NULL OR s.finished_at > %(e)s) AND c.paused)
FROM dossiers_dossierstep s
LEFT JOIN dossiers_stepclock c
  ON c.step_id = s.id AND c.since <= %(e)s AND (c.until IS NULL OR c.until > %(e)s)
WHERE s.started_at <= %(e)s AND (s.finished_at IS NULL OR s.finished_at >= %(s)s)
GROUP BY s.agency_id ORDER BY s.agency_id
"""  # noqa: E501


def best_of(function, repeat: int = 5) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def _copy_history(copies: int) -> None:
    """Scale what the generator made by `copies` in SQL, for the volume the statistics are
    measured at (10,000,000: MOTCUA_BENCH_DOSSIERS=1000000 MOTCUA_BENCH_COPIES=10): each copy
    of a dossier and its deadline history has new ids and a code with a suffix, the same dates,
    procedures and units. (Steps and events are not copied: the department table is measured on
    the generated steps, and this is a benchmark database, not one to verify.)"""
    from django.db import connection

    from motcua.dossiers.history import CLOCK_COLUMNS, DOSSIER_COLUMNS, bulk_load

    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id), COUNT(*) FROM dossiers_dossier")
        last, count = cursor.fetchone()
    shifted = {
        "id": f"id + k * {last}",
        "code": "code || '.' || k",
        "dossier_id": f"dossier_id + k * {last}",
    }

    def copied(table: str, columns: tuple[str, ...]) -> str:
        chosen = [shifted.get(column, column) for column in columns]
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(chosen)} "  # noqa: S608
            f"FROM {table} CROSS JOIN generate_series(1, {copies - 1}) AS k"
        )

    with (
        bulk_load(count * (copies - 1), existing=count, bulk_from=1),
        connection.cursor() as cursor,
    ):
        cursor.execute(copied("dossiers_dossier", DOSSIER_COLUMNS))
        cursor.execute(copied("dossiers_dossierclock", CLOCK_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
            "(SELECT MAX(id) FROM dossiers_dossier))"
        )
        for name in ("dossiers_dossier", "dossiers_dossierclock"):
            cursor.execute(f"VACUUM ANALYZE {name}")


def main() -> None:
    from bench.catalogue_bench import setup_django

    setup_django()
    from django.db import connection
    from django.utils import timezone

    from motcua.catalog.demo import load_demo_catalogue
    from motcua.dossiers.history import generate_history
    from motcua.dossiers.models import Dossier, DossierStep
    from motcua.org.demo import load_demo_organisation
    from motcua.org.models import Position
    from motcua.stats.selectors import GroupBy, statistics_table
    from motcua.stats.steps import step_table
    from motcua.workcal.calendar import VIETNAM

    wanted = int(os.environ.get("MOTCUA_BENCH_DOSSIERS", DEFAULT_DOSSIERS))
    have = Dossier.objects.count()
    if have < wanted:
        load_demo_organisation(password=os.urandom(8).hex(), reset_passwords=False)
        load_demo_catalogue(actor=Position.objects.get(user__username="admin").user)
        started = time.perf_counter()
        generate_history(wanted - have, seed=have + 1)
        print(f"  generated {wanted - have:,} dossiers in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for name in ("dossiers_dossier", "dossiers_dossierstep", "dossiers_dossierclock"):
                    cursor.execute(f"VACUUM ANALYZE {name}")  # as autovacuum would, later
    copies = int(os.environ.get("MOTCUA_BENCH_COPIES", "1"))
    if copies > 1 and connection.vendor == "postgresql" and Dossier.objects.count() < wanted * 2:
        started = time.perf_counter()
        _copy_history(copies)
        print(f"  {copies}× the generated dossiers by SQL in {time.perf_counter() - started:.0f} s")
    total = Dossier.objects.count()
    year = timezone.localdate().year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    # Bound as the ORM binds them (SQLite compares UTC text).
    bounds = {
        "s": connection.ops.adapt_datetimefield_value(
            datetime.combine(start, clock.min, tzinfo=VIETNAM)
        ),
        "e": connection.ops.adapt_datetimefield_value(
            datetime.combine(end, clock.max, tzinfo=VIETNAM)
        ),
    }

    hand_written_sql = HAND_WRITTEN.format(progress=PROGRESS[connection.vendor])

    def hand_written() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(hand_written_sql, bounds)
            return [tuple(row) for row in cursor.fetchall()]

    def table() -> object:
        return statistics_table(Dossier.objects.all(), start=start, end=end, group_by=GroupBy.UNIT)

    raw_time, raw_rows = best_of(hand_written)
    orm_time, result = best_of(table)
    orm_rows = [
        (row.key, row.counts.carried_over, row.counts.new_online, row.counts.new_direct,
         row.counts.new_post, row.counts.early, row.counts.on_time, row.counts.late,
         row.counts.no_time_limit, row.counts.refused, row.counts.withdrawn,
         row.counts.cancelled, row.counts.within_limit, row.counts.overdue,
         row.counts.awaiting_supplement)
        for row in sorted(result.rows, key=lambda r: r.key)  # type: ignore[attr-defined]
    ]  # fmt: skip
    print(f"\nStatistics table, {year}, by unit, {total:,} dossiers on {connection.vendor}")
    print(f"  hand-written SQL aggregate   {raw_time * 1000:8.1f} ms")
    print(
        f"  statistics_table()           {orm_time * 1000:8.1f} ms   "
        f"ratio {orm_time / raw_time:.2f} (goal ≤ 1.5)"
    )
    print(f"  the two agree cell for cell: {orm_rows == raw_rows}")

    def steps_hand_written() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN_STEPS, bounds)
            return [tuple(row) for row in cursor.fetchall()]

    def steps_table() -> object:
        return step_table(DossierStep.objects.all(), start=start, end=end, group_by=GroupBy.AGENCY)

    raw_time, raw_rows = best_of(steps_hand_written)
    orm_time, result = best_of(steps_table)
    step_rows = [
        (row.key, row.counts.carried_over, row.counts.new_direct, row.counts.early,
         row.counts.on_time, row.counts.late, row.counts.cancelled, row.counts.within_limit,
         row.counts.overdue, row.counts.awaiting_supplement)
        for row in sorted(result.rows, key=lambda r: r.key)  # type: ignore[attr-defined]
    ]  # fmt: skip
    print(f"\nDepartment table, {year}, by agency, {DossierStep.objects.count():,} steps")
    print(f"  hand-written SQL aggregate   {raw_time * 1000:8.1f} ms")
    print(
        f"  step_table()                 {orm_time * 1000:8.1f} ms   "
        f"ratio {orm_time / raw_time:.2f} (goal ≤ 1.5)"
    )
    print(f"  the two agree cell for cell: {step_rows == raw_rows}")


if __name__ == "__main__":
    main()

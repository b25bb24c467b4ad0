"""`motcua demo --history N`: N realistic closed dossiers of the past three years, fast.

Bulk inserts (no per-dossier service call): each dossier gets its receipt, appointment,
resolution, return and the three events (receive, sign, return the result) whose snapshots
`verify-dossiers` rebuilds. The class of each dossier comes from the same `classify` the
engine uses; the shares are drawn to look like a district's (about 60% early, 30% on time,
8% late, 2% withdrawn). Codes stay gap-free: the daily counters are advanced past them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.catalog.models import Process, ProcessStep
from motcua.catalog.selectors import processes_in_force
from motcua.core.secrets import lookup_secret
from motcua.core.text import fold
from motcua.dossiers.demo import FAMILY_NAMES, GIVEN_NAMES, HISTORY_AGENCIES, MIDDLE_NAMES
from motcua.dossiers.models import (
    DailySequence,
    Dossier,
    DossierClock,
    DossierEvent,
    DossierStatus,
    DossierStep,
    StepStatus,
)
from motcua.dossiers.replay import iso
from motcua.dossiers.services import procedure_time_limit
from motcua.dossiers.timing import classify
from motcua.legal.models import LegalRegime
from motcua.legal.regimes import dossier_code
from motcua.legal.services import regime_among, regime_for
from motcua.org.models import Agency
from motcua.org.selectors import active_positions
from motcua.workcal.calendar import WorkingCalendar, to_local
from motcua.workcal.services import calendar_for

BATCH = 5_000
BULK_FROM = 100_000  # dossiers (and more than there are already): see bulk_load
TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierstep",
          "dossiers_dossierclock")  # fmt: skip
YEARS_BACK = 3
HOUR = 3600


def _works_on(agency: Agency, day: date) -> bool:
    """Whether the agency received dossiers that day. One merged away stopped the day before
    its successor began; the seed's district offices, which ended without one, are kept
    working in the demo (its walkthroughs are the seed's)."""
    if day < agency.valid_from:
        return False
    return agency.valid_to is None or day <= agency.valid_to or agency.successor_id is None


@dataclass(frozen=True, slots=True)
class Slice:
    """A part of the history made by one process: `count` dossiers received from `start` until
    `end` (drawn until `draw_end`), with the ids from `first_id` and events from `first_event_id`
    (three per dossier at most). Slices cover separate days, so their daily numbers never meet.
    """

    count: int
    start: datetime
    end: datetime
    draw_end: datetime
    seed: int
    first_id: int
    first_event_id: int


def _rows(
    rng: random.Random, processes: list[Process], part: Slice
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    handlers = {(p.agency_id, p.role): p.user_id for p in active_positions().order_by("-pk")}
    calendars = {p.agency_id: calendar_for(p.agency_id) for p in processes}
    steps_of = {p.pk: list(p.steps.all()) for p in processes}  # prefetched: no query
    start, now = part.start, part.end
    span = (part.draw_end - start).total_seconds()
    # The same procedure's processes at each agency: a dossier drawn for an agency merged away
    # by its receipt day goes to the process of the agency working that day.
    counterparts: dict[int, list[Process]] = defaultdict(list)
    for candidate in processes:
        counterparts[candidate.procedure_id].append(candidate)
    # Each procedure as likely as before the merger: one process of each is drawn, then the
    # one of the agency working that day.
    drawn = [places[0] for places in counterparts.values()]
    while True:  # the caller takes `count`; a draw no agency worked on is drawn again
        process = rng.choice(drawn)
        calendar = calendars[process.agency_id]
        received = calendar.next_working_instant(start + timedelta(seconds=rng.random() * span))
        while received >= now:  # a Friday evening draw opens on Monday: draw again
            received = calendar.next_working_instant(start + timedelta(seconds=rng.random() * span))
        day = to_local(received).date()
        if not _works_on(process.agency, day):
            working = [p for p in counterparts[process.procedure_id] if _works_on(p.agency, day)]
            if not working:
                continue
            process = working[0]
            calendar = calendars[process.agency_id]
        limit = procedure_time_limit(process.procedure_version)
        due = calendar.due_instant(received, limit) if limit else None
        total = calendar.working_seconds_between(received, due) if due else 40 * HOUR
        roll = rng.random()
        if roll < 0.60:  # early: before the appointment's day when there is room
            spent = rng.uniform(0.1, 0.8) * max(total - 8 * HOUR, total * 0.5)
        elif roll < 0.90:
            spent = total - rng.uniform(0, min(total, 6 * HOUR))
        elif roll < 0.98:
            spent = total + rng.uniform(1, 40) * HOUR
        else:
            spent = -1.0  # withdrawn
        clerk = handlers.get((process.agency_id, "clerk"))
        steps = steps_of[process.pk]
        signer = next(
            (handlers.get((s.agency_id, s.role)) for s in steps if s.kind == "sign"), None
        )
        dossier: dict[str, Any] = {
            "name": " ".join(
                (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES))
            ),
            "process": process,
            "received": received,
            "due": due,
            "clerk": clerk,
            "signer": signer,
        }
        if spent < 0:
            closed = calendar.add_working_hours(received, rng.uniform(1, 16))
            dossier.update(status=DossierStatus.WITHDRAWN, closed=closed, resolved=None,
                           returned=None, timeliness="")  # fmt: skip
            events = [("receive", received, clerk, ""), ("withdraw", closed, clerk, "")]
            first = steps[0]
            dossier["steps"] = [_step(first, received, closed, handlers, calendars, cancelled=True)]
        else:
            resolved = calendar.add_working_hours(received, max(spent, 0.5 * HOUR) / HOUR)
            returned = calendar.add_working_hours(resolved, rng.uniform(0.5, 16))
            timeliness = classify(finished_at=resolved, due_at=due).value
            dossier.update(status=DossierStatus.RETURNED, closed=returned, resolved=resolved,
                           returned=returned, timeliness=timeliness)  # fmt: skip
            events = [
                ("receive", received, clerk, ""),
                ("sign", resolved, signer, ""),
                ("return_result", returned, clerk, ""),
            ]
            dossier["steps"] = _walk(
                steps, received, resolved, returned, handlers, calendars, calendar
            )
        yield dossier, [{"action": a, "at": at, "actor": who} for a, at, who, _ in events]


def _step(
    step: ProcessStep,
    started: datetime,
    finished: datetime,
    handlers: dict[tuple[int, str], int],
    calendars: dict[int, WorkingCalendar],
    *,
    cancelled: bool = False,
) -> tuple[Any, ...]:
    """One step instance: (process step, started, due, finished, status, timeliness, handler)."""
    if step.agency_id not in calendars:
        calendars[step.agency_id] = calendar_for(step.agency_id)
    due = calendars[step.agency_id].add_working_hours(started, float(step.duration_hours))
    if cancelled:
        return (step, started, due, finished, StepStatus.CANCELLED, "", None)
    timeliness = classify(finished_at=finished, due_at=due).value
    handler = handlers.get((step.agency_id, step.role))
    return (step, started, due, finished, StepStatus.DONE, timeliness, handler)


def _walk(
    steps: list[ProcessStep],
    received: datetime,
    resolved: datetime,
    returned: datetime,
    handlers: dict[tuple[int, str], int],
    calendars: dict[int, WorkingCalendar],
    calendar: WorkingCalendar,
) -> list[tuple[Any, ...]]:
    """The steps up to the signature share the working time from receipt to result (in the
    receiving desk's `calendar`) in proportion to their planned durations; the return step
    runs from result to return."""
    before = [step for step in steps if step.kind != "return"]
    work = calendar.working_seconds_between(received, resolved)
    planned = sum(float(step.duration_hours) for step in before) or 1.0
    made, started = [], received
    for number, step in enumerate(before):
        last = number == len(before) - 1
        share = work * float(step.duration_hours) / planned
        finished = resolved if last else calendar.add_working_hours(started, share / HOUR)
        made.append(_step(step, started, finished, handlers, calendars))
        started = finished
    made += [_step(step, resolved, returned, handlers, calendars) for step in steps
             if step.kind == "return"]  # fmt: skip
    return made


def generate_history(
    count: int,
    *,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    processes: int | None = None,
    bulk_from: int = BULK_FROM,
) -> int:
    """Insert `count` closed historical dossiers with their events; returns how many.

    On PostgreSQL, outside a transaction, a large history is made by several processes at once
    (`processes`; by default one per CPU up to four), each its own span of days."""
    now = timezone.now()
    in_force = _history_processes()
    report = progress or (lambda text: print(text, end="", file=sys.stderr, flush=True))
    counters: dict[tuple[int, date], int] = defaultdict(int)
    for agency_id, day, last in DailySequence.objects.values_list("agency_id", "day", "last"):
        counters[(agency_id, day)] = last
    regime_for(now.date())  # the table written if it was empty
    regimes = list(LegalRegime.objects.all())
    # Ids are handed out here (the bulk path bypasses the ORM); nobody else writes dossiers
    # while the demo loads. PostgreSQL's sequence is moved past them at the end.
    first_id = (Dossier.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    first_event_id = (DossierEvent.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    start = now - timedelta(days=365 * YEARS_BACK)
    parts = _slices(
        count, start=start, now=now, seed=seed, first_id=first_id,
        first_event_id=first_event_id, processes=_parallelism(count, processes),
    )  # fmt: skip
    with bulk_load(count, existing=first_id - 1, bulk_from=bulk_from, report=report):
        if len(parts) == 1:
            made, touched = _make(parts[0], in_force, regimes, counters, report)
        else:
            made, touched = _make_in_parallel(parts, in_force, regimes, counters, report)
    report("\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (Dossier._meta.db_table, DossierEvent._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    DailySequence.objects.bulk_create(
        [DailySequence(agency_id=a, day=d, last=last) for (a, d), last in touched.items()],
        update_conflicts=True,
        unique_fields=["agency", "day"],
        update_fields=["last"],
        batch_size=2000,
    )
    return made


@contextmanager
def bulk_load(
    count: int, *, existing: int, bulk_from: int, report: Callable[[str], None] | None = None
) -> Iterator[None]:
    """PostgreSQL's advice for a large load (docs, "Populating a Database"): the history
    tables' foreign keys and plain indexes are dropped for the load and made again after it
    from their own definitions, read from the catalogue — the keys then checked once for the
    whole table instead of row by row. Primary keys and unique constraints stay. Only for a load
    of `bulk_from` dossiers or more, and more than are already there (rebuilding costs what the
    table holds), outside a transaction (other processes could not see the tables' new shape).
    """
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or count < max(bulk_from, existing)
    ):
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [list(TABLES)],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid::regclass::text = ANY(%s) AND NOT indisprimary AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
            [list(TABLES)],
        )
        indexes = cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        # Made again whatever happened: a failed load leaves the tables as they were defined.
        if report is not None:
            report("\n  history: rebuilding indexes and checking foreign keys…")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in keys:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )


def _history_processes() -> list[Process]:
    found = list(
        processes_in_force(timezone.localdate())
        .filter(agency__code__in=HISTORY_AGENCIES)
        .prefetch_related("steps")
        .select_related("procedure_version", "agency")
    )
    if not found:
        raise RuntimeError("load the demo first (motcua demo)")
    return found


def _parallelism(count: int, asked: int | None) -> int:
    """Processes worth starting (`asked`, or one per CPU up to four): PostgreSQL takes
    concurrent COPYs; SQLite has one writer; a transaction's rows would be invisible to the
    other connections; small histories gain nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    if asked is not None:
        return max(1, asked)
    return 1 if count < 4 * BATCH else max(1, min(os.cpu_count() or 1, 4))


def _slices(
    count: int, *, start: datetime, now: datetime, seed: int, first_id: int,
    first_event_id: int, processes: int,
) -> list[Slice]:  # fmt: skip
    """`processes` spans of whole local days, each with its share of `count` by its length."""
    draw_end = now - timedelta(days=1)
    if processes <= 1:
        return [Slice(count, start, now, draw_end, seed, first_id, first_event_id)]
    total = (draw_end - start).total_seconds()
    bounds = [start]
    for number in range(1, processes):
        instant = start + timedelta(seconds=total * number / processes)
        # Local midnight: a slice's days are its own
        bounds.append(to_local(instant).replace(hour=0, minute=0, second=0, microsecond=0))
    bounds.append(now)
    parts, given = [], 0
    for number in range(processes):
        begin, end = bounds[number], bounds[number + 1]
        last = number == processes - 1
        share = count - given if last else round(count * (end - begin).total_seconds() / total)
        parts.append(Slice(
            share, begin, end, draw_end if last else end, seed * 1000 + number,
            first_id + given, first_event_id + 3 * given,
        ))  # fmt: skip
        given += share
    return parts


def _make(
    part: Slice,
    processes: list[Process],
    regimes: list[LegalRegime],
    counters: dict[tuple[int, date], int],
    report: Callable[[str], None],
) -> tuple[int, dict[tuple[int, date], int]]:
    """Make one slice; returns how many and the daily counters it moved."""
    rng = random.Random(part.seed)  # noqa: S311 - reproducible demo data
    generator = _rows(rng, processes, part)
    touched: dict[tuple[int, date], int] = {}
    made, next_event_id = 0, part.first_event_id
    while made < part.count:
        batch = [next(generator) for _ in range(min(BATCH, part.count - made))]
        next_event_id = _insert(batch, counters, touched, regimes, part.first_id + made,
                                next_event_id)  # fmt: skip
        made += len(batch)
        report(f"\r  history: {made:,}/{part.count:,} dossiers ({made * 100 // part.count}%)")
    return made, touched


# What the forked processes of _make_in_parallel inherit (set just before they start).
_INHERITED: dict[str, Any] = {}


def _make_in_child(part: Slice) -> tuple[int, dict[tuple[int, date], int]]:
    shared = _INHERITED
    done = shared["done"]

    def count_done(_text: str) -> None:
        with done.get_lock():
            done.value += 1

    try:
        return _make(part, shared["processes"], shared["regimes"], shared["counters"], count_done)
    finally:
        connection.close()


def _make_in_parallel(
    parts: list[Slice],
    processes: list[Process],
    regimes: list[LegalRegime],
    counters: dict[tuple[int, date], int],
    report: Callable[[str], None],
) -> tuple[int, dict[tuple[int, date], int]]:
    """The slices in forked processes, each with its own connection (PostgreSQL only)."""
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)  # batches written, for the progress line
    _INHERITED.update(processes=processes, regimes=regimes, counters=counters, done=done)
    connections.close_all()  # a child must not share the parent's socket
    total = sum(part.count for part in parts)
    try:
        with context.Pool(len(parts)) as pool:
            result = pool.map_async(_make_in_child, parts)
            while not result.ready():
                result.wait(0.5)
                made = min(done.value * BATCH, total)
                report(f"\r  history: {made:,}/{total:,} dossiers ({made * 100 // total}%)"
                       f" in {len(parts)} processes")  # fmt: skip
            outcomes = result.get()
    finally:
        _INHERITED.clear()
    touched: dict[tuple[int, date], int] = {}
    for _made, moved in outcomes:
        touched.update(moved)  # separate days: no key in two slices
    report(f"\r  history: {total:,}/{total:,} dossiers (100%) in {len(parts)} processes")
    return sum(made for made, _ in outcomes), touched


DOSSIER_COLUMNS = (
    "id", "code", "secret", "agency_id", "procedure_version_id", "process_id", "channel",
    "status", "applicant_kind", "applicant_name", "applicant_folded", "applicant_id_number",
    "applicant_phone", "applicant_email", "applicant_address", "submitted_at", "received_at",
    "due_at", "original_due_at", "new_due_at", "paused_at", "supplement_requests",
    "resolved_at", "returned_at", "closed_at", "timeliness", "current_step_id",
    "missing_items", "reason", "collected_by", "created_by_id", "regime_id",
    "components_count", "unscanned_count", "fee_paid", "fee_paid_online",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "dossier_id", "sequence", "action", "at", "actor_id", "actor_role", "actor_agency_id",
    "from_status", "to_status", "step_id", "comment", "data",
)  # fmt: skip
STEP_COLUMNS = (
    "dossier_id", "process_step_id", "position", "kind", "role", "agency_id", "assignee_id",
    "status", "started_at", "due_at", "first_due_at", "finished_at", "finished_by_id", "action",
    "comment", "timeliness",
)  # fmt: skip
CLOCK_COLUMNS = (
    "dossier_id",
    "since",
    "until",
    "due_at",
    "new_due_at",
    "paused",
    "cause",
    "event_id",
)
TO_STATUS = {
    "receive": "received", "sign": "ready_to_return", "return_result": "returned",
    "withdraw": "withdrawn",
}  # fmt: skip


def _write(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Many rows at once: COPY on PostgreSQL, executemany on SQLite (bypassing the ORM)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )


def _insert(
    batch: list[tuple[dict[str, Any], list[dict[str, Any]]]],
    counters: dict[tuple[int, date], int],
    touched: dict[tuple[int, date], int],
    regimes: list[LegalRegime],
    first_id: int,
    next_event_id: int,
) -> int:
    """Write one batch; returns the next free event id."""
    dossier_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    clock_rows: list[tuple[Any, ...]] = []
    step_rows: list[tuple[Any, ...]] = []
    regime_of_day: dict[date, LegalRegime] = {}
    for offset, (row, events) in enumerate(batch):
        process: Process = row["process"]
        day = to_local(row["received"]).date()
        key = (process.agency_id, day)
        number = touched[key] = counters[key] = counters[key] + 1
        dossier_id = first_id + offset
        secret = lookup_secret()
        # The receipt date's regime gives the code, as at a real receipt (services.codes).
        if day not in regime_of_day:
            regime_of_day[day] = regime_among(regimes, day)
        regime = regime_of_day[day]
        code = dossier_code(
            regime.code_pattern, agency=process.agency.code,
            electronic_id=process.agency.electronic_id, day=day, platform=regime.platform_digits,
            seq=number,
        )  # fmt: skip
        dossier_rows.append(
            (
                dossier_id, code,
                secret, process.agency_id, process.procedure_version_id, process.pk, "desk",
                row["status"], "person", row["name"], fold(row["name"]), "", "", "", "",
                row["received"], row["received"], row["due"], row["due"], None, None, 0,
                row["resolved"], row["returned"], row["closed"], row["timeliness"], None,
                "[]", "", "", row["clerk"], regime.pk, 0, 0, False, False,
            )
        )  # fmt: skip
        for step, started, due, finished, status, timeliness, handler in row["steps"]:
            step_rows.append(
                (
                    dossier_id, step.pk, step.position, step.kind, step.role, step.agency_id,
                    handler, status, started, due, due, finished, handler,
                    "" if status == StepStatus.CANCELLED else "forward", "", timeliness,
                )
            )  # fmt: skip
        state: dict[str, Any] = {
            "due_at": iso(row["due"]), "new_due_at": None, "paused_at": None,
            "resolved_at": None, "returned_at": None, "timeliness": "",
            "current_step": None, "supplement_requests": 0,
        }  # fmt: skip
        previous = ""
        for sequence, event in enumerate(events, start=1):
            action = event["action"]
            if action == "sign":
                state.update(resolved_at=iso(row["resolved"]), timeliness=row["timeliness"])
            elif action == "return_result":
                state["returned_at"] = iso(row["returned"])
            if action == "receive":  # the deadline history: the appointment set at receipt
                clock_rows.append(
                    (dossier_id, row["received"], None, row["due"], None, False, action,
                     next_event_id)
                )  # fmt: skip
            event_rows.append(
                (
                    next_event_id, dossier_id, sequence, action, event["at"], event["actor"],
                    "", None, previous, TO_STATUS[action], None, "", json.dumps(state),
                )
            )  # fmt: skip
            previous = TO_STATUS[action]
            next_event_id += 1
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Demo data: a crash may lose the last batches, never corrupt (the commit does not
            # wait for the log to reach the disk).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        _write(Dossier._meta.db_table, DOSSIER_COLUMNS, dossier_rows)
        _write(DossierEvent._meta.db_table, EVENT_COLUMNS, event_rows)
        _write(DossierClock._meta.db_table, CLOCK_COLUMNS, clock_rows)
        _write(DossierStep._meta.db_table, STEP_COLUMNS, step_rows)
    return next_event_id

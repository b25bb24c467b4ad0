"""`motcua demo --history N`: N realistic closed dossiers of the past three years, fast.

Bulk inserts (no per-dossier service call): each dossier gets its receipt, appointment,
resolution, return, its steps and the three events (receive, sign, return the result) whose
snapshots `verify-dossiers` rebuilds. Its instants come from the engine's working calendar on
whole Unix seconds (`WorkingCalendar.position_at`, `due_at`: the arithmetic of the instant
methods), its class from `classify`'s rule; the shares are drawn to look like a district's
(about 60% early, 30% on time, 8% late, 2% withdrawn). Codes stay gap-free: the daily counters
are advanced past them. Python draws each dossier as one short row (`Head`); on PostgreSQL the
database expands it into the dossier's ten rows (`SqlExpansion`), elsewhere Python does
(`expanded_rows`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.catalog.models import Process, ProcessStep
from motcua.catalog.selectors import processes_in_force
from motcua.core.secrets import lookup_secrets
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
from motcua.dossiers.timing import Timeliness
from motcua.legal.models import LegalRegime
from motcua.legal.regimes import dossier_code
from motcua.legal.services import regime_among, regime_for
from motcua.org.models import Agency
from motcua.org.selectors import active_positions
from motcua.workcal.calendar import (
    TimeLimit,
    WorkingCalendar,
    instant_of,
    local_date,
    local_day,
    to_local,
)
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


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A process step as the history walks it."""

    step: ProcessStep
    handler: int | None
    seconds: int  # its planned duration in working seconds, rounded as add_working_hours does
    calendar: WorkingCalendar  # its agency's


@dataclass(frozen=True, slots=True)
class Plan:
    """A process as the history draws dossiers for it: the receiving desk's calendar, the legal
    time limit, the steps up to the signature and the return, who receives and who signs."""

    process: Process
    calendar: WorkingCalendar
    limit: TimeLimit | None
    before: tuple[PlannedStep, ...]
    after: tuple[PlannedStep, ...]
    planned: float  # hours planned up to the signature (1 when none)
    clerk: int | None
    signer: int | None

    @property
    def steps(self) -> tuple[PlannedStep, ...]:
        return self.before + self.after


@dataclass(slots=True)
class Head:
    """One historical dossier as drawn, its instants in Unix seconds (every working-time
    result is a whole second): its rows are expanded from it, in SQL on PostgreSQL."""

    id: int
    code: str
    secret: str
    plan: Plan
    name: str
    folded: str
    regime_id: int
    first_event: int
    received: int
    due: int | None
    resolved: int | None  # None: withdrawn
    returned: int | None
    closed: int
    timeliness: str
    # (started, due, finished, timeliness) of the plan's steps in order; withdrawn: the first,
    # cancelled.
    steps: list[tuple[int, int, int, str]]

    @property
    def withdrawn(self) -> bool:
        return self.resolved is None


def history_plans() -> list[Plan]:
    """The plans of the processes the history draws from (those in force today at the demo's
    agencies)."""
    return _plans(_history_processes())


def _plans(processes: list[Process]) -> list[Plan]:
    handlers = {(p.agency_id, p.role): p.user_id for p in active_positions().order_by("-pk")}
    calendars: dict[int, WorkingCalendar] = {}

    def calendar_of(agency_id: int) -> WorkingCalendar:
        if agency_id not in calendars:
            calendars[agency_id] = calendar_for(agency_id)
        return calendars[agency_id]

    plans = []
    for process in processes:
        steps = list(process.steps.all())  # prefetched: no query
        planned = [
            PlannedStep(step, handlers.get((step.agency_id, step.role)),
                        round(float(step.duration_hours) * 3600), calendar_of(step.agency_id))
            for step in steps
        ]  # fmt: skip
        before = tuple(p for p in planned if p.step.kind != "return")
        plans.append(
            Plan(
                process=process,
                calendar=calendar_of(process.agency_id),
                limit=procedure_time_limit(process.procedure_version),
                before=before,
                after=tuple(p for p in planned if p.step.kind == "return"),
                planned=sum(float(p.step.duration_hours) for p in before) or 1.0,
                clerk=handlers.get((process.agency_id, "clerk")),
                signer=next((p.handler for p in planned if p.step.kind == "sign"), None),
            )
        )
    return plans


def _class_of(finished: int, due: int | None) -> str:
    """`timing.classify` on Unix seconds (no supplement requests in the history)."""
    if due is None:
        return Timeliness.NO_TIME_LIMIT.value
    if finished > due:
        return Timeliness.LATE.value
    if local_day(finished) < local_day(due):
        return Timeliness.EARLY.value
    return Timeliness.ON_TIME.value


def _draws(rng: random.Random, plans: list[Plan], part: Slice) -> Iterator[tuple[Plan, int, date]]:
    """Endless (plan, received, local day received) draws: a procedure drawn, then the process
    of the agency working on the receipt day, received at an instant of its working time in the
    slice."""
    start, now = int(part.start.timestamp()), int(part.end.timestamp())
    span = int(part.draw_end.timestamp()) - start
    # The same procedure's processes at each agency: a dossier drawn for an agency merged away
    # by its receipt day goes to the process of the agency working that day.
    counterparts: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        counterparts[plan.process.procedure_id].append(plan)
    # Each procedure as likely as before the merger: one process of each is drawn, then the
    # one of the agency working that day.
    drawn = [places[0] for places in counterparts.values()]
    days: dict[int, date] = {}
    while True:
        plan = rng.choice(drawn)
        received = now
        while received >= now:  # a Friday evening draw opens on Monday: draw again
            received = plan.calendar.next_working_at(start + int(rng.random() * span))
        number = local_day(received)
        day = days.get(number) or days.setdefault(number, local_date(received))
        if not _works_on(plan.process.agency, day):
            working = [p for p in counterparts[plan.process.procedure_id]
                       if _works_on(p.process.agency, day)]  # fmt: skip
            if not working:
                continue
            plan = working[0]
        yield plan, received, day


def _walk(rng: random.Random, plan: Plan, received: int) -> tuple[Any, ...]:
    """The dossier's fate, drawn to look like a district's (about 60% early, 30% on time, 8%
    late, 2% withdrawn): (due, resolved, returned, closed, timeliness, steps). The steps up to
    the signature share the working time from receipt to result (in the receiving desk's
    calendar) in proportion to their planned durations; the return runs from result to return.
    """
    calendar = plan.calendar
    due = calendar.due_at(received, plan.limit) if plan.limit else None
    total = (
        calendar.position_at(due) - calendar.position_at(received) if due is not None
        else 40 * HOUR
    )  # fmt: skip
    roll = rng.random()
    if roll < 0.60:  # early: before the appointment's day when there is room
        spent = rng.uniform(0.1, 0.8) * max(total - 8 * HOUR, total * 0.5)
    elif roll < 0.90:
        spent = total - rng.uniform(0, min(total, 6 * HOUR))
    elif roll < 0.98:
        spent = total + rng.uniform(1, 40) * HOUR
    else:  # withdrawn
        closed = calendar.add_working_seconds_at(received, round(rng.uniform(1, 16) * 3600))
        first = plan.before[0]
        first_due = first.calendar.add_working_seconds_at(received, first.seconds)
        return due, None, None, closed, "", [(received, first_due, closed, "")]
    resolved = calendar.add_working_seconds_at(
        received, round(max(spent, 0.5 * HOUR) / HOUR * 3600)
    )
    returned = calendar.add_working_seconds_at(resolved, round(rng.uniform(0.5, 16) * 3600))
    work = calendar.position_at(resolved) - calendar.position_at(received)
    steps, started, last = [], received, len(plan.before) - 1
    for number, planned in enumerate(plan.before):
        share = work * float(planned.step.duration_hours) / plan.planned
        finished = (
            resolved if number == last
            else calendar.add_working_seconds_at(started, round(share / HOUR * 3600))
        )  # fmt: skip
        step_due = planned.calendar.add_working_seconds_at(started, planned.seconds)
        steps.append((started, step_due, finished, _class_of(finished, step_due)))
        started = finished
    for planned in plan.after:
        step_due = planned.calendar.add_working_seconds_at(resolved, planned.seconds)
        steps.append((resolved, step_due, returned, _class_of(returned, step_due)))
    return due, resolved, returned, returned, _class_of(resolved, due), steps


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
    whole table instead of row by row, two tables at a time (`_validate_keys`). Primary keys
    and unique constraints stay. Only for a load of `bulk_from` dossiers or more, and more than
    are already there (rebuilding costs what the table holds), outside a transaction (other
    processes could not see the tables' new shape).
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
                    " NOT VALID"
                )
        _validate_keys([(table, name) for table, name, _definition in keys])


def _validate_keys(keys: list[tuple[str, str]]) -> None:
    """Check the foreign keys added NOT VALID over the rows already there, two tables at once
    (one connection per thread): each check is one scan in one process, and PostgreSQL lets
    checks of different tables run together (VALIDATE CONSTRAINT locks the table it checks
    against other checks of it, not the tables it refers to). The largest tables first.
    A row without its referenced row stops the load here, the key left NOT VALID."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, name in keys:
        by_table[table].append(name)
    with connection.cursor() as cursor:
        cursor.execute(
            # The size on disk: the planner's page counts are stale right after a load.
            "SELECT relname FROM pg_class WHERE relname = ANY(%s)"
            " ORDER BY pg_relation_size(oid) DESC",
            [list(by_table)],
        )
        tables = [row[0] for row in cursor.fetchall()]
    quote = connection.ops.quote_name

    def validate(table: str) -> None:
        try:  # `connection` is this thread's own
            with connection.cursor() as cursor:
                for name in by_table[table]:
                    cursor.execute(f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(validate, tables))


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


class HeadMaker:
    """Draws one slice's dossiers batch by batch, numbering them as receipts would: ids, daily
    code numbers (`counters`, moved in place; `touched` keeps the days it moved), event ids."""

    def __init__(
        self,
        part: Slice,
        plans: list[Plan],
        regimes: list[LegalRegime],
        counters: dict[tuple[int, date], int],
    ) -> None:
        self.rng = random.Random(part.seed)  # noqa: S311 - reproducible demo data
        self.draws = _draws(self.rng, plans, part)
        self.regimes = regimes
        self.counters = counters
        self.touched: dict[tuple[int, date], int] = {}
        self.next_id, self.next_event_id = part.first_id, part.first_event_id
        self._regime_of_day: dict[date, LegalRegime] = {}
        self._folded: dict[str, str] = {}

    def batch(self, size: int) -> list[Head]:
        rng, heads = self.rng, []
        for secret in lookup_secrets(size):
            plan, received, day = next(self.draws)
            agency = plan.process.agency
            key = (agency.pk, day)
            number = self.touched[key] = self.counters[key] = self.counters[key] + 1
            # The receipt date's regime gives the code, as at a real receipt (services.codes).
            regime = self._regime_of_day.get(day) or self._regime_of_day.setdefault(
                day, regime_among(self.regimes, day)
            )
            code = dossier_code(
                regime.code_pattern, agency=agency.code, electronic_id=agency.electronic_id,
                day=day, platform=regime.platform_digits, seq=number,
            )  # fmt: skip
            name = " ".join(
                (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES))
            )
            folded = self._folded.get(name) or self._folded.setdefault(name, fold(name))
            due, resolved, returned, closed, timeliness, steps = _walk(rng, plan, received)
            heads.append(
                Head(
                    id=self.next_id, code=code, secret=secret, plan=plan, name=name,
                    folded=folded, regime_id=regime.pk, first_event=self.next_event_id,
                    received=received, due=due, resolved=resolved, returned=returned,
                    closed=closed, timeliness=timeliness, steps=steps,
                )
            )  # fmt: skip
            self.next_id += 1
            self.next_event_id += 2 if resolved is None else 3
        return heads


def _make(
    part: Slice,
    processes: list[Process],
    regimes: list[LegalRegime],
    counters: dict[tuple[int, date], int],
    report: Callable[[str], None],
) -> tuple[int, dict[tuple[int, date], int]]:
    """Make one slice; returns how many and the daily counters it moved."""
    plans = _plans(processes)
    maker = HeadMaker(part, plans, regimes, counters)
    writer = SqlExpansion(plans) if connection.vendor == "postgresql" else None
    made = 0
    while made < part.count:
        heads = maker.batch(min(BATCH, part.count - made))
        with transaction.atomic():
            if writer is not None:
                writer.write(heads)
            else:
                _write_rows(heads)
        made += len(heads)
        report(f"\r  history: {made:,}/{part.count:,} dossiers ({made * 100 // part.count}%)")
    return made, maker.touched


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


def _instant(seconds: int | None) -> datetime | None:
    return None if seconds is None else instant_of(seconds)


def expanded_rows(head: Head) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of one dossier, by table: its receipt, appointment and result; its steps; its
    events (receive, then sign and return the result, or withdraw) with the snapshots
    `verify-dossiers` rebuilds; its deadline history. `SqlExpansion` writes the same rows."""
    plan, instant = head.plan, _instant
    process = plan.process
    received, due = instant(head.received), instant(head.due)
    resolved, returned = instant(head.resolved), instant(head.returned)
    dossier = (
        head.id, head.code, head.secret, process.agency_id, process.procedure_version_id,
        process.pk, "desk", DossierStatus.WITHDRAWN if head.withdrawn else DossierStatus.RETURNED,
        "person", head.name, head.folded, "", "", "", "", received, received, due, due, None,
        None, 0, resolved, returned, instant(head.closed), head.timeliness, None, "[]", "", "",
        plan.clerk, head.regime_id, 0, 0, False, False,
    )  # fmt: skip
    steps = []
    for planned, (started, step_due, finished, timeliness) in zip(
        plan.steps, head.steps, strict=False
    ):
        step, handler = planned.step, None if head.withdrawn else planned.handler
        steps.append(
            (
                head.id, step.pk, step.position, step.kind, step.role, step.agency_id, handler,
                StepStatus.CANCELLED if head.withdrawn else StepStatus.DONE, instant(started),
                instant(step_due), instant(step_due), instant(finished), handler,
                "" if head.withdrawn else "forward", "", timeliness,
            )
        )  # fmt: skip
    happened = (
        [("receive", received, plan.clerk), ("withdraw", instant(head.closed), plan.clerk)]
        if head.withdrawn
        else [("receive", received, plan.clerk), ("sign", resolved, plan.signer),
              ("return_result", returned, plan.clerk)]
    )  # fmt: skip
    state: dict[str, Any] = {
        "due_at": iso(due), "new_due_at": None, "paused_at": None, "resolved_at": None,
        "returned_at": None, "timeliness": "", "current_step": None, "supplement_requests": 0,
    }  # fmt: skip
    events, previous = [], ""
    for sequence, (action, at, actor) in enumerate(happened, start=1):
        if action == "sign":
            state.update(resolved_at=iso(resolved), timeliness=head.timeliness)
        elif action == "return_result":
            state["returned_at"] = iso(returned)
        events.append(
            (
                head.first_event + sequence - 1, head.id, sequence, action, at, actor, "", None,
                previous, TO_STATUS[action], None, "", json.dumps(state),
            )
        )  # fmt: skip
        previous = TO_STATUS[action]
    # The deadline history: the appointment set at receipt.
    clock = (head.id, received, None, due, None, False, "receive", head.first_event)
    return {
        Dossier._meta.db_table: [dossier],
        DossierEvent._meta.db_table: events,
        DossierClock._meta.db_table: [clock],
        DossierStep._meta.db_table: steps,
    }


COLUMNS = {
    Dossier._meta.db_table: DOSSIER_COLUMNS,
    DossierEvent._meta.db_table: EVENT_COLUMNS,
    DossierClock._meta.db_table: CLOCK_COLUMNS,
    DossierStep._meta.db_table: STEP_COLUMNS,
}


def _write_rows(heads: list[Head]) -> None:
    """The rows of these dossiers, made in Python and inserted with executemany (the portable
    path: SQLite)."""
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for head in heads:
        for table, made in expanded_rows(head).items():
            rows[table] += made
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows[table],
            )


def _array(values: Iterable[Any]) -> str:
    """A PostgreSQL array literal of numbers or plain words (an empty one quoted)."""
    return "{" + ",".join(str(value) if value != "" else '""' for value in values) + "}"


class SqlExpansion:
    """PostgreSQL: each dossier is one short row (`Head`) copied into a temporary table, and
    the database expands it into the dossier, its steps, events and deadline history — the rows
    `expanded_rows` makes, without formatting ten rows per dossier in Python
    (`tests/dossiers/test_history.py` compares them)."""

    HEAD = (
        ("id", "bigint"), ("code", "text"), ("secret", "text"), ("process_id", "bigint"),
        ("name", "text"), ("folded", "text"), ("regime_id", "bigint"),
        ("first_event", "bigint"), ("received", "bigint"), ("due", "bigint"),
        ("resolved", "bigint"), ("returned", "bigint"), ("closed", "bigint"),
        ("timeliness", "text"), ("started", "bigint[]"), ("step_due", "bigint[]"),
        ("finished", "bigint[]"), ("step_timeliness", "text[]"),
    )  # fmt: skip

    def __init__(self, plans: list[Plan]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS pg_temp.history_head, pg_temp.history_plan")
            columns = ", ".join(f"{name} {kind}" for name, kind in self.HEAD)
            cursor.execute(f"CREATE TEMPORARY TABLE history_head ({columns}) ON COMMIT DELETE ROWS")
            cursor.execute(
                "CREATE TEMPORARY TABLE history_plan (process_id bigint, ord int,"
                " process_step_id bigint, position int, kind text, role text, agency_id bigint,"
                " handler bigint, procedure_version_id bigint, desk_id bigint, clerk bigint,"
                " signer bigint)"
            )
            cursor.executemany(
                "INSERT INTO history_plan VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (plan.process.pk, number, planned.step.pk, planned.step.position,
                     planned.step.kind, planned.step.role, planned.step.agency_id,
                     planned.handler, plan.process.procedure_version_id, plan.process.agency_id,
                     plan.clerk, plan.signer)
                    for plan in plans
                    for number, planned in enumerate(plan.steps, start=1)
                ],
            )  # fmt: skip
            cursor.execute("ANALYZE history_plan")

    def write(self, heads: list[Head]) -> None:
        """Within the caller's transaction (the copied rows leave at its commit)."""
        with connection.cursor() as cursor:
            # Demo data: a crash may lose the last batches, never corrupt (the commit does not
            # wait for the log to reach the disk).
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL DateStyle = 'ISO'")
            names = ", ".join(name for name, _kind in self.HEAD)
            with cursor.cursor.copy(f"COPY history_head ({names}) FROM STDIN") as copy:
                for head in heads:
                    copy.write_row((
                        head.id, head.code, head.secret, head.plan.process.pk, head.name,
                        head.folded, head.regime_id, head.first_event, head.received, head.due,
                        head.resolved, head.returned, head.closed, head.timeliness,
                        _array(s[0] for s in head.steps), _array(s[1] for s in head.steps),
                        _array(s[2] for s in head.steps), _array(s[3] for s in head.steps),
                    ))  # fmt: skip
            for statement in EXPANSION:
                cursor.execute(statement)


# The plan's process-wide columns (one row per process: its first step's).
_PROCESS = "(SELECT DISTINCT ON (process_id) * FROM history_plan ORDER BY process_id, ord)"
# An instant as `replay.iso` writes it (ISO 8601 at +07:00; the transaction's DateStyle is
# ISO).
_ISO = "replace((to_timestamp({0}) AT TIME ZONE INTERVAL '07:00')::text, ' ', 'T') || '+07:00'"
EXPANSION = (
    f"INSERT INTO dossiers_dossier ({', '.join(DOSSIER_COLUMNS)})"  # noqa: S608
    " SELECT h.id, h.code, h.secret, p.desk_id, p.procedure_version_id, h.process_id, 'desk',"
    " CASE WHEN h.resolved IS NULL THEN 'withdrawn' ELSE 'returned' END, 'person', h.name,"
    " h.folded, '', '', '', '', to_timestamp(h.received), to_timestamp(h.received),"
    " to_timestamp(h.due), to_timestamp(h.due), NULL, NULL, 0, to_timestamp(h.resolved),"
    " to_timestamp(h.returned), to_timestamp(h.closed), h.timeliness, NULL, '[]', '', '',"
    f" p.clerk, h.regime_id, 0, 0, false, false FROM history_head h JOIN {_PROCESS} p"
    " ON p.process_id = h.process_id",
    f"INSERT INTO dossiers_dossierstep ({', '.join(STEP_COLUMNS)})"  # noqa: S608
    " SELECT h.id, s.process_step_id, s.position, s.kind, s.role, s.agency_id,"
    " CASE WHEN h.resolved IS NULL THEN NULL ELSE s.handler END,"
    " CASE WHEN h.resolved IS NULL THEN 'cancelled' ELSE 'done' END,"
    " to_timestamp(h.started[s.ord]), to_timestamp(h.step_due[s.ord]),"
    " to_timestamp(h.step_due[s.ord]), to_timestamp(h.finished[s.ord]),"
    " CASE WHEN h.resolved IS NULL THEN NULL ELSE s.handler END,"
    " CASE WHEN h.resolved IS NULL THEN '' ELSE 'forward' END, '', h.step_timeliness[s.ord]"
    " FROM history_head h JOIN history_plan s ON s.process_id = h.process_id"
    " AND s.ord <= cardinality(h.started) ORDER BY h.id, s.ord",
    f"INSERT INTO dossiers_dossierevent ({', '.join(EVENT_COLUMNS)})"  # noqa: S608
    " SELECT h.first_event + e.k, h.id, e.k + 1, e.action, to_timestamp(e.at), e.actor, '',"
    " NULL, e.from_status, e.to_status, NULL, '', jsonb_build_object("
    "'due_at', i.due, 'new_due_at', NULL, 'paused_at', NULL, 'resolved_at', e.resolved,"
    " 'returned_at', e.returned, 'timeliness', e.timeliness, 'current_step', NULL,"
    " 'supplement_requests', 0)"
    f" FROM history_head h JOIN {_PROCESS} p ON p.process_id = h.process_id"
    f" CROSS JOIN LATERAL (SELECT {_ISO.format('h.due')} AS due,"
    f" {_ISO.format('h.resolved')} AS resolved, {_ISO.format('h.returned')} AS returned) i"
    " CROSS JOIN LATERAL (VALUES"
    " (0, 'receive', h.received, p.clerk, '', 'received', NULL, NULL, ''),"
    " (1, CASE WHEN h.resolved IS NULL THEN 'withdraw' ELSE 'sign' END,"
    " coalesce(h.resolved, h.closed),"
    " CASE WHEN h.resolved IS NULL THEN p.clerk ELSE p.signer END, 'received',"
    " CASE WHEN h.resolved IS NULL THEN 'withdrawn' ELSE 'ready_to_return' END, i.resolved,"
    " NULL, h.timeliness),"
    " (2, 'return_result', h.returned, p.clerk, 'ready_to_return', 'returned', i.resolved,"
    " i.returned, h.timeliness)"
    " ) AS e(k, action, at, actor, from_status, to_status, resolved, returned, timeliness)"
    " WHERE e.k < 2 OR h.resolved IS NOT NULL",
    f"INSERT INTO dossiers_dossierclock ({', '.join(CLOCK_COLUMNS)})"  # noqa: S608
    " SELECT h.id, to_timestamp(h.received), NULL, to_timestamp(h.due), NULL, false,"
    " 'receive', h.first_event FROM history_head h ORDER BY h.id",
)

"""The statistics table as one aggregate query over the dossiers' stored columns.

Every count is a conditional COUNT in a single GROUP BY query on the denormalised columns the
dossier engine keeps (received_at, resolved_at, closed_at, status, timeliness, due_at, paused_at,
channel); no Python loop over dossiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Expression,
    F,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from motcua.catalog.models import Field, Procedure
from motcua.dossiers.lifecycle import CORRECTIONS
from motcua.dossiers.models import Dossier, DossierClock, DossierEvent, DossierStatus
from motcua.org.models import AdministrativeUnit, Agency
from motcua.stats.kpi import COUNT_FIELDS, Counts, Targets, total
from motcua.workcal.calendar import period_bounds


class GroupBy(StrEnum):
    UNIT = "unit"
    AGENCY = "agency"
    PROCEDURE = "procedure"
    FIELD = "field"
    CHANNEL = "channel"


# The column grouped on.
GROUP_COLUMNS: dict[GroupBy, str] = {
    GroupBy.UNIT: "agency__unit_id",
    GroupBy.AGENCY: "agency_id",
    GroupBy.PROCEDURE: "procedure_version__procedure_id",
    GroupBy.FIELD: "procedure_version__field_id",
    GroupBy.CHANNEL: "channel",
}

# Where each group's name is read, once per group after the counting (the channel names
# itself): grouping on the key alone keeps names out of the sort of millions of rows.
GROUP_NAMES: dict[GroupBy, tuple[type[Model], str]] = {
    GroupBy.UNIT: (AdministrativeUnit, "name"),
    GroupBy.AGENCY: (Agency, "name"),
    GroupBy.PROCEDURE: (Procedure, "code"),
    GroupBy.FIELD: (Field, "name"),
}


def named_in_order(group_by: GroupBy, keys: list[Any]) -> list[tuple[Any, str]]:
    """Each group's key with its name, in the order of the names as the database sorts them
    (a key without a name, last) — one small query after the counting, for a count that must
    stay free of a per-group subquery: PostgreSQL plans no parallel aggregate under one."""
    if group_by not in GROUP_NAMES:
        return sorted(((key, str(key)) for key in keys), key=lambda pair: pair[1])
    model, column = GROUP_NAMES[group_by]
    named = list(
        model._default_manager.filter(pk__in=[key for key in keys if key is not None])
        .order_by(column, "pk")
        .values_list("pk", column)
    )
    found = {key for key, _name in named}
    return [(key, str(name)) for key, name in named] + [
        (key, "None") for key in keys if key not in found
    ]


@dataclass(frozen=True, slots=True)
class TableRow:
    key: Any
    label: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class Table:
    start: date
    end: date
    group_by: GroupBy
    rows: list[TableRow]
    total: Counts
    targets: Targets


def targets() -> Targets:
    configured = settings.MOTCUA_TARGETS
    return Targets(
        on_time_rate=Fraction(str(configured["on_time_rate"])),
        early_rate=Fraction(str(configured["early_rate"])),
    )


def judged_at(end_at: datetime, now: datetime | None = None) -> datetime:
    """When unfinished dossiers are judged: the period's end, or now for a period not over
    (Decision 766/QĐ-TTg §2.1) — this year's table must not count every open dossier overdue
    because 31 December is later than its appointment."""
    return min(end_at, now or timezone.now())


class Progress(StrEnum):
    """Where a dossier unfinished at the period's end stood at the judging instant."""

    WITHIN_LIMIT = "within_limit"
    OVERDUE = "overdue"
    AWAITING_SUPPLEMENT = "awaiting_supplement"


def _conditions(start_at: datetime, end_at: datetime) -> dict[str, Q]:
    """Which dossiers each column counts (over rows from `_overlapping`)."""
    left = Q(exit_at__gte=start_at, exit_at__lte=end_at)
    resolved = left & Q(resolved_at__isnull=False)
    new = Q(received_at__gte=start_at, received_at__lte=end_at)
    columns = {
        "carried_over": Q(received_at__lt=start_at),
        "new_online": new & Q(channel="online"),
        "new_direct": new & Q(channel="desk"),
        "new_post": new & Q(channel="post"),
        "early": resolved & Q(timeliness="early"),
        "on_time": resolved & Q(timeliness="on_time"),
        "late": resolved & Q(timeliness="late"),
        "no_time_limit": resolved & Q(timeliness="no_time_limit"),
        "refused": left & Q(resolved_at__isnull=True, status=DossierStatus.REFUSED),
        "withdrawn": left & Q(resolved_at__isnull=True, status=DossierStatus.WITHDRAWN),
        "cancelled": left & Q(resolved_at__isnull=True, status=DossierStatus.CANCELLED),
        **{progress.value: Q(progress_then=progress) for progress in Progress},
    }
    assert tuple(columns) == COUNT_FIELDS
    return columns


class ProgressAt(Expression):
    """Where the dossier of the row stood at `judging` by its deadline history: the row in force
    then (`Progress`'s values; NULL if none). On PostgreSQL the function `dossier_progress_at`
    (migration dossiers/0017): the same lookup declared parallel-safe, which a correlated
    subquery is not — under one, PostgreSQL counts the whole table in one process. Elsewhere
    the subquery."""

    output_field = CharField()

    def __init__(self, judging: datetime) -> None:
        super().__init__()
        self.call = Func(
            F("pk"),
            Value(judging, output_field=DateTimeField()),
            function="dossier_progress_at",
            output_field=CharField(),
        )
        in_force = (
            DossierClock.objects.filter(dossier=OuterRef("pk"), since__lte=judging)
            .filter(Q(until__isnull=True) | Q(until__gt=judging))
            .order_by()
            .annotate(
                progress=Case(
                    When(paused=True, then=Value(Progress.AWAITING_SUPPLEMENT.value)),
                    When(
                        Q(due_at__isnull=True) | Q(due_at__gte=judging),
                        then=Value(Progress.WITHIN_LIMIT.value),
                    ),
                    default=Value(Progress.OVERDUE.value),
                )
            )
            .values("progress")[:1]
        )
        self.subquery = Subquery(in_force, output_field=CharField())

    def get_source_expressions(self) -> list[Any]:
        return [self.call, self.subquery]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.call, self.subquery = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return compiler.compile(self.subquery)  # type: ignore[no-any-return]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return compiler.compile(self.call)  # type: ignore[no-any-return]


def _progress_then(end_at: datetime, judging: datetime) -> Case:
    """For a dossier not gone by the period's end: within its limit, overdue or awaiting
    supplementation, judged with its clock as it stood at the judging instant — the
    deadline-history row in force then — so a pause, an apology or a calendar change after
    the period's end never rewrites the period's table. NULL for a dossier gone by the end.

    Looked up only for the open dossiers (a few per cent of a period's), not joined from every
    dossier's history (docs/statistics.md: 3.8 s → 2.7 s at ten million dossiers)."""
    still_open = Q(exit_at__isnull=True) | Q(exit_at__gt=end_at)
    return Case(When(still_open, then=ProgressAt(judging)), output_field=CharField())


def _overlapping(
    dossiers: QuerySet[Dossier], start_at: datetime, end_at: datetime, now: datetime | None = None
) -> QuerySet[Dossier]:
    """Dossiers received by the end of the period and not gone before it started, each with
    where it stood at the judging instant if it was still open (`_progress_then`)."""
    return (
        dossiers.annotate(exit_at=Coalesce("resolved_at", "closed_at"))
        .annotate(progress_then=_progress_then(end_at, judged_at(end_at, now)))
        .filter(received_at__lte=end_at)
        .filter(Q(exit_at__isnull=True) | Q(exit_at__gte=start_at))
    )


# Columns made of others: their cell lists the dossiers of each part.
COMPOSITE = {
    "received": ("carried_over", "new_online", "new_direct", "new_post"),
    "resolved": ("early", "on_time", "late", "no_time_limit"),
    "in_progress": ("within_limit", "overdue", "awaiting_supplement"),
}


def cell_condition(
    conditions: dict[str, Q], column: str, composite: dict[str, tuple[str, ...]] = COMPOSITE
) -> Q:
    """What one column counts (a composite column: any of its parts); KeyError if unknown."""
    parts = composite.get(column, (column,))
    if any(part not in conditions for part in parts):
        raise KeyError(column)
    condition = Q()
    for part in parts:
        condition |= conditions[part]
    return condition


def cell_dossiers(
    dossiers: QuerySet[Dossier],
    *,
    start: date,
    end: date,
    group_by: GroupBy,
    key: Any | None,
    column: str,
) -> QuerySet[Dossier]:
    """The dossiers behind one cell of the table (the drill-down); `key` None: the total row."""
    start_at, end_at = period_bounds(start, end)
    condition = cell_condition(_conditions(start_at, end_at), column)
    selected = _overlapping(dossiers, start_at, end_at).filter(condition)
    if key is not None:
        selected = selected.filter(**{GROUP_COLUMNS[group_by]: key})
    return selected


def statistics_table(
    dossiers: QuerySet[Dossier],
    *,
    start: date,
    end: date,
    group_by: GroupBy,
    now: datetime | None = None,
) -> Table:
    """The table for the dossiers given (already scoped to the user): one aggregate query,
    which PostgreSQL runs in parallel, then the groups' names (`named_in_order`).

    `now` (default: the clock) bounds the judging instant of a period not yet over; a rehearsal
    passes its own."""
    start_at, end_at = period_bounds(start, end)
    rows = (
        _overlapping(dossiers.order_by(), start_at, end_at, now)
        .values(group_key=F(GROUP_COLUMNS[group_by]))
        .annotate(
            **{
                name: Count("pk", filter=condition)
                for name, condition in _conditions(start_at, end_at).items()
            }
        )
    )
    return counted_table(rows, start=start, end=end, group_by=group_by)


def counted_table(
    rows: Iterable[Mapping[str, Any]], *, start: date, end: date, group_by: GroupBy
) -> Table:
    """The table of these counted groups (each row a `group_key` and its counts by column; a
    column a row lacks counts 0): named and ordered by `named_in_order`, with the total and the
    targets. The statistics and department tables' last step."""
    counted = {row["group_key"]: row for row in rows}
    table_rows = [
        TableRow(
            key=key,
            label=label,
            counts=Counts(**{name: counted[key].get(name, 0) for name in COUNT_FIELDS}),
        )
        for key, label in named_in_order(group_by, list(counted))
    ]
    return Table(
        start=start,
        end=end,
        group_by=group_by,
        rows=table_rows,
        total=total([row.counts for row in table_rows]),
        targets=targets(),
    )


def mapped_to_successors(table: Table) -> Table:
    """The table with each merged unit's (or agency's) row added to the one that took it over,
    following successors to the unit in force today: the statistics of 2025 "as the units are
    now". Other groupings are returned as they are. The total does not change."""
    model: type[AdministrativeUnit] | type[Agency]
    if table.group_by is GroupBy.UNIT:
        model = AdministrativeUnit
    elif table.group_by is GroupBy.AGENCY:
        model = Agency
    else:
        return table
    nodes = {node.pk: node for node in model.objects.all()}  # a few hundred rows at most

    def today(key: int) -> int:
        seen: set[int] = set()
        while nodes[key].successor_id is not None and key not in seen:
            seen.add(key)
            key = nodes[key].successor_id  # type: ignore[assignment]
        return key

    merged: dict[int, Counts] = {}
    for row in table.rows:
        key = today(row.key)
        merged[key] = merged.get(key, Counts()) + row.counts
    rows = sorted(
        (TableRow(key=key, label=nodes[key].name, counts=counts) for key, counts in merged.items()),
        key=lambda row: row.label,
    )
    return replace(table, rows=rows)


def corrected_after(dossiers: QuerySet[Dossier], *, start: date, end: date) -> int:
    """How many dossiers of the period's table an administrator corrected after it ended
    (undo, move to a step, fixed due instant): the only later events that may change a past
    table, which then says so."""
    start_at, end_at = period_bounds(start, end)
    corrected = DossierEvent.objects.filter(action__in=CORRECTIONS, at__gt=end_at)
    return (
        _overlapping(dossiers.order_by(), start_at, end_at)
        .filter(pk__in=corrected.values("dossier_id"))
        .count()
    )


def monthly_resolutions(
    dossiers: QuerySet[Dossier], *, start: date, end: date
) -> dict[str, Counts]:
    """Early / on time / late / no time limit per month of resolution (`YYYY-MM`), in one
    query: the resolved columns of the table for each month, for the trend chart."""
    start_at, end_at = period_bounds(start, end)
    rows = (
        dossiers.order_by()
        .filter(resolved_at__gte=start_at, resolved_at__lte=end_at)
        # A named zone: SQLite's truncation understands zone names, not fixed offsets.
        .annotate(month=TruncMonth("resolved_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("month")
        .annotate(
            **{
                name: Count("pk", filter=Q(timeliness=name))
                for name in ("early", "on_time", "late", "no_time_limit")
            }
        )
    )
    result: dict[str, Counts] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        month = values.pop("month")
        result[f"{month:%Y-%m}"] = Counts(**values)
    return result

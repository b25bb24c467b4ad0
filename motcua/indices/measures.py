"""What motcua counts for the Decision 766 indicators, for a unit (and the units below it) and a
period: each a numerator and a denominator, and the page that lists what is behind them. A
measure that is not here — or an indicator of kind "no_data" — is reported as "no data", with
what motcua would need to measure it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.selectors import (
    procedures_applied,
    processes_in_force,
    versions_announced,
    versions_complete,
)
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_subtree_ids
from motcua.petitions.models import Petition
from motcua.petitions.selectors import answered_in, answered_on_time
from motcua.portal.models import Rating
from motcua.signatures.models import Result
from motcua.stats.kpi import Counts
from motcua.stats.selectors import GroupBy, cell_dossiers
from motcua.stats.services import table_for
from motcua.workcal.calendar import period_bounds

PerUnit = dict[str, dict[int, int]]  # {figure: {unit id: count}}


@dataclass(frozen=True, slots=True)
class Counted:
    numerator: int
    denominator: int
    link: str  # the page that lists what is counted


@dataclass(slots=True)
class Context:
    unit: AdministrativeUnit
    start: date
    end: date
    _counts: Counts | None = None
    _units: frozenset[int] | None = None
    # Figures counted once by unit for every unit of a report (unit id → count), and the units
    # they are counted over (None: every unit).
    shared: PerUnit = field(default_factory=dict)
    scope: frozenset[int] | None = None

    @property
    def counts(self) -> Counts:
        """The official statistics table's total for the unit and period (read once)."""
        if self._counts is None:
            self._counts = table_for(
                None, start=self.start, end=self.end, group_by="unit", under=self.unit.code
            ).total
        return self._counts

    @property
    def units(self) -> frozenset[int]:
        if self._units is None:
            self._units = unit_subtree_ids([self.unit.pk])
        return self._units

    def per_unit(self, name: str, count: Callable[[frozenset[int] | None], PerUnit]) -> int:
        """A figure counted by unit once for the whole report, summed over this unit's subtree.
        `count` may count several figures in one query ({figure: {unit id: count}})."""
        if name not in self.shared:
            self.shared.update(count(self.scope))
        return sum(self.shared[name].get(pk, 0) for pk in self.units)

    def statistics_link(self) -> str:
        query = urlencode(
            {"from": self.start, "to": self.end, "unit": self.unit.code, "group_by": "unit"}
        )
        return f"{reverse('stats-statistics')}?{query}"


def _on_time(context: Context) -> Counted:
    counts = context.counts
    return Counted(counts.early + counts.on_time, counts.timed, context.statistics_link())


def _online_dossiers(context: Context) -> Counted:
    counts = context.counts
    return Counted(counts.new_online, counts.new, context.statistics_link())


def _online_procedures(context: Context) -> Counted:
    """The procedures applied by the unit at the period's end; those taking dossiers online."""
    day = min(context.end, timezone.localdate())
    rows = (
        processes_in_force(day)
        .filter(agency__unit_id__in=context.units)
        .values_list("procedure_id", "procedure_version__accepts_online")
        .distinct()
    )
    online: dict[int, bool] = {}
    for procedure, accepts in rows:
        online[procedure] = online.get(procedure, False) or accepts
    return Counted(sum(online.values()), len(online), reverse("catalog-catalogue"))


def _announced(context: Context, *, first: bool) -> Counted:
    """The versions of the unit's procedures that took effect in the period, with the decision
    that announced them recorded, and those announced by the day they took effect."""
    applied = procedures_applied(context.units, context.start, context.end)
    counted = versions_announced(applied, context.start, context.end, first=first)
    return Counted(counted.on_time, counted.announced, reverse("catalog-catalogue"))


def _announced_new(context: Context) -> Counted:
    return _announced(context, first=True)


def _announced_updates(context: Context) -> Counted:
    return _announced(context, first=False)


def _complete_parts(context: Context) -> Counted:
    """The versions of the procedures applied by the unit at the period's end, and those whose
    published record has every part."""
    day = min(context.end, timezone.localdate())
    complete, versions = versions_complete(procedures_applied(context.units, day, day), day)
    return Counted(complete, versions, reverse("catalog-catalogue"))


def _by_unit(dossiers: QuerySet[Dossier]) -> dict[int, int]:
    return dict(dossiers.values_list("agency__unit_id").annotate(n=Count("pk")).order_by())


def _received(context: Context, scope: frozenset[int] | None) -> QuerySet[Dossier]:
    first, last = period_bounds(context.start, context.end)
    received = Dossier.objects.filter(received_at__gte=first, received_at__lte=last)
    return received.filter(agency__unit_id__in=scope) if scope is not None else received


def _received_counts(context: Context, scope: frozenset[int] | None) -> PerUnit:
    """By unit, over the dossiers received in the period, in one pass over their columns:
    those with documents, with a document not scanned, with a fee paid online, with a fee (the
    procedure's fixed fee, or one recorded as paid) — what the services keep on each dossier
    as they record documents and payments."""
    figures = {
        "with_parts": Q(components_count__gt=0),
        "unscanned": Q(unscanned_count__gt=0),
        "paid_online": Q(fee_paid_online=True),
        "charged": Q(procedure_version__fee_amount__gt=0) | Q(fee_paid=True),
    }
    rows = (
        _received(context, scope)
        .order_by()
        .values("agency__unit_id")
        .annotate(**{name: Count("pk", filter=where) for name, where in figures.items()})
    )
    counted: PerUnit = {name: {} for name in figures}
    for row in rows:
        values: dict[str, Any] = dict(row)
        for name in figures:
            counted[name][values["agency__unit_id"]] = values[name]
    return counted


def _received_figure(context: Context, name: str) -> int:
    return context.per_unit(name, lambda scope: _received_counts(context, scope))


def _digitised(context: Context) -> Counted:
    """Dossiers received in the period with a scan of every component received, over those
    received with components."""
    with_parts = _received_figure(context, "with_parts")
    unscanned = _received_figure(context, "unscanned")
    return Counted(with_parts - unscanned, with_parts, reverse("staff-dossiers"))


def _online_payment(context: Context) -> Counted:
    """Dossiers received in the period with a fee — the procedure's, or one recorded as paid —
    and, of those, the ones whose fee the clerk recorded as paid online with its reference."""
    paid_online = _received_figure(context, "paid_online")
    charged = _received_figure(context, "charged")
    return Counted(paid_online, charged, reverse("staff-dossiers"))


def _reused(context: Context) -> Counted:
    """Dossiers received in the period that reused a certified digitised copy of the
    applicant's earlier dossier, over the dossiers received with documents."""

    def count(scope: frozenset[int] | None) -> PerUnit:
        reusing = DossierComponent.objects.filter(reused_from__isnull=False).values("dossier_id")
        return {"reused": _by_unit(_received(context, scope).filter(pk__in=reusing))}

    reused = context.per_unit("reused", count)
    return Counted(reused, _received_figure(context, "with_parts"), reverse("staff-dossiers"))


def _electronic_results(context: Context) -> Counted:
    """Dossiers resolved in the period whose result was signed digitally and kept in the
    registry, over the dossiers resolved (the official table's)."""
    first, last = period_bounds(context.start, context.end)

    def count(scope: frozenset[int] | None) -> PerUnit:
        results = Result.objects.filter(dossier__resolved_at__gte=first,
                                        dossier__resolved_at__lte=last)  # fmt: skip
        if scope is not None:
            results = results.filter(dossier__agency__unit_id__in=scope)
        return {"electronic": dict(
            results.values_list("dossier__agency__unit_id")
            .annotate(n=Count("dossier_id", distinct=True)).order_by()
        )}  # fmt: skip

    signed = context.per_unit("electronic", count)
    return Counted(signed, context.counts.resolved, context.statistics_link())


def _petitions_on_time(context: Context) -> Counted:
    on_time, answered = answered_on_time(context.units, context.start, context.end)
    return Counted(on_time, answered, reverse("petitions-list"))


def _petitions_resolved(context: Context) -> Counted:
    """Petitioners who, asked after the answer, said their matter was resolved."""
    followed = answered_in(context.units, context.start, context.end).filter(resolved__isnull=False)
    return Counted(
        followed.filter(resolved=True).count(), followed.count(), reverse("petitions-list")
    )


def _complained(context: Context, scope: frozenset[int] | None) -> PerUnit:
    """Per unit: dossiers resolved early or on time in the period that their applicant rated 1
    or 2, or that a petition is about — the few such dossiers found first (each set on its own,
    so the database looks them up by key instead of reading every dossier), then judged as the
    table judges them."""
    disliked = Rating.objects.filter(overall__lte=2).values("dossier_id")
    about = Petition.objects.filter(dossier__isnull=False).values("dossier_id")
    dossiers = Dossier.objects.all()
    if scope is not None:
        dossiers = dossiers.filter(agency__unit_id__in=scope)

    def in_time(among: QuerySet[Dossier]) -> dict[int, int]:
        early, on_time = (
            cell_dossiers(among, start=context.start, end=context.end, group_by=GroupBy.UNIT,
                          key=None, column=column)
            for column in ("early", "on_time")
        )  # fmt: skip
        return _by_unit(early | on_time)

    complained = in_time(dossiers.filter(pk__in=disliked))
    for unit, count in in_time(dossiers.filter(pk__in=about).exclude(pk__in=disliked)).items():
        complained[unit] = complained.get(unit, 0) + count
    return {"complained": complained}


def _dossier_satisfaction(context: Context) -> Counted:
    """100 % − the late rate − the share of dossiers with a complaint or a "dislike" (766):
    the dossiers resolved early or on time with no petition about them and no rating of 1 or 2,
    over the dossiers resolved with a time limit."""
    complained = context.per_unit("complained", lambda scope: _complained(context, scope))
    counts = context.counts
    return Counted(
        counts.early + counts.on_time - complained, counts.timed, context.statistics_link()
    )


MEASURES: dict[str, Callable[[Context], Counted]] = {
    "announced_new": _announced_new,
    "announced_updates": _announced_updates,
    "complete_parts": _complete_parts,
    "on_time": _on_time,
    "online_dossiers": _online_dossiers,
    "online_procedures": _online_procedures,
    "digitised": _digitised,
    "electronic_results": _electronic_results,
    "reused": _reused,
    "online_payment": _online_payment,
    "petitions_on_time": _petitions_on_time,
    "petitions_resolved": _petitions_resolved,
    "dossier_satisfaction": _dossier_satisfaction,
}

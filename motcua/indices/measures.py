"""What motcua counts for the Decision 766 indicators, for a unit (and the units below it) and a
period: each a numerator and a denominator, and the page that lists what is behind them. A
measure that is not here — or an indicator of kind "no_data" — is reported as "no data", with
what motcua would need to measure it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.selectors import processes_in_force
from motcua.dossiers.models import Dossier
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_subtree_ids
from motcua.petitions.selectors import answered_in, answered_on_time
from motcua.portal.models import Rating
from motcua.stats.kpi import Counts
from motcua.stats.selectors import GroupBy, cell_dossiers
from motcua.stats.services import scope_dossiers, table_for
from motcua.workcal.calendar import period_bounds


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


def _digitised(context: Context) -> Counted:
    """Dossiers received in the period with a scan of every component received."""
    first, last = period_bounds(context.start, context.end)
    received = (
        Dossier.objects.filter(
            agency__unit_id__in=context.units, received_at__gte=first, received_at__lte=last
        )
        .annotate(
            parts=Count("components"), scanned=Count("components", filter=~Q(components__file=""))
        )
        .filter(parts__gt=0)
    )
    total = received.count()
    whole = sum(
        1 for parts, scanned in received.values_list("parts", "scanned") if parts == scanned
    )
    return Counted(whole, total, reverse("staff-dossiers"))


def _petitions_on_time(context: Context) -> Counted:
    on_time, answered = answered_on_time(context.units, context.start, context.end)
    return Counted(on_time, answered, reverse("petitions-list"))


def _petitions_resolved(context: Context) -> Counted:
    """Petitioners who, asked after the answer, said their matter was resolved."""
    followed = answered_in(context.units, context.start, context.end).filter(resolved__isnull=False)
    return Counted(
        followed.filter(resolved=True).count(), followed.count(), reverse("petitions-list")
    )


def _dossier_satisfaction(context: Context) -> Counted:
    """100 % − the late rate − the share of dossiers with a complaint or a "dislike" (766):
    the dossiers resolved early or on time with no petition about them and no rating of 1 or 2,
    over the dossiers resolved with a time limit."""
    scoped = scope_dossiers(Dossier.objects.all(), under=context.unit.code)
    in_time = cell_dossiers(
        scoped,
        start=context.start,
        end=context.end,
        group_by=GroupBy.UNIT,
        key=None,
        column="early",
    ) | cell_dossiers(
        scoped,
        start=context.start,
        end=context.end,
        group_by=GroupBy.UNIT,
        key=None,
        column="on_time",
    )
    disliked = Rating.objects.filter(overall__lte=2).values("dossier_id")
    complained = in_time.filter(Q(petitions__isnull=False) | Q(pk__in=disliked)).distinct()
    counts = context.counts
    return Counted(
        counts.early + counts.on_time - complained.count(),
        counts.timed,
        context.statistics_link(),
    )


MEASURES: dict[str, Callable[[Context], Counted]] = {
    "on_time": _on_time,
    "online_dossiers": _online_dossiers,
    "online_procedures": _online_procedures,
    "digitised": _digitised,
    "petitions_on_time": _petitions_on_time,
    "petitions_resolved": _petitions_resolved,
    "dossier_satisfaction": _dossier_satisfaction,
}

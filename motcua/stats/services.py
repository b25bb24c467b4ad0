"""Turn a request for statistics (period, grouping, unit) into the table, with clear refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.parsing import parse_date
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import dossier_filter, dossiers_for
from motcua.org.models import AdministrativeUnit, Agency
from motcua.org.selectors import active_positions, agency_subtree_ids, unit_subtree_ids
from motcua.stats.book import tracking_book_xlsx
from motcua.stats.exports import Heading
from motcua.stats.kpi import Counts, PeriodError, parse_period
from motcua.stats.selectors import (
    GroupBy,
    Table,
    TableRow,
    corrected_after,
    mapped_to_successors,
    monthly_resolutions,
    statistics_table,
)
from motcua.stats.steps import STEP_GROUPINGS, step_table

MAX_DAYS = 366 * 5


def resolve_period(*, period: str | None, start: str | None, end: str | None) -> tuple[date, date]:
    """A named period (2018-Q2…) or two ISO dates, checked."""
    try:
        if period:
            return parse_period(period)
        if not (start and end):
            raise DomainError(_("Give a period (e.g. 2018-Q2) or both dates."), field="period")
        first, last = parse_date(start), parse_date(end)
        if first is None or last is None:
            raise ValueError(start, end)
    except (PeriodError, ValueError):
        raise DomainError(
            _("Periods are written 2018, 2018-Q2, 2018-H1, 2018-9M or 2018-05; dates YYYY-MM-DD."),
            field="period",
        ) from None
    if last < first or (last - first).days > MAX_DAYS:
        raise DomainError(_("The period must run forwards and last at most five years."))
    return first, last


def _under(under: str) -> Q:
    """Rows whose `agency` is the agency or in the administrative unit with this code (and
    below)."""
    agency = Agency.objects.filter(code=under).first()
    if agency is not None:
        return Q(agency_id__in=agency_subtree_ids([agency.pk]))
    unit = AdministrativeUnit.objects.filter(code=under).first()
    if unit is not None:
        return Q(agency__unit_id__in=unit_subtree_ids([unit.pk]))
    raise DomainError(_("No agency or unit has the code %(code)s.") % {"code": under}, field="unit")


def scope_dossiers(dossiers: QuerySet[Dossier], *, under: str | None = None) -> QuerySet[Dossier]:
    """Keep dossiers received by the agency or administrative unit with this code (and below)."""
    return dossiers.filter(_under(under)) if under else dossiers


def step_table_for(
    user: User | AnonymousUser | None,
    *,
    start: date,
    end: date,
    group_by: str,
    under: str | None = None,
) -> Table:
    """The department table over the steps of the dossiers the user may read, handled by the
    agency or unit `under` (and below); every step for scripts (user None)."""
    steps = scoped_steps(user, under=under)
    try:
        return step_table(steps, start=start, end=end, group_by=_grouping(group_by))
    except KeyError:
        raise DomainError(
            _("Group by one of: %(choices)s.") % {"choices": ", ".join(STEP_GROUPINGS)},
            field="group_by",
        ) from None


def scoped_steps(user: User | AnonymousUser | None, *, under: str | None) -> QuerySet[DossierStep]:
    steps = DossierStep.objects.all()
    if user is not None:
        steps = steps.filter(dossier__in=dossiers_for(user))
    return steps.filter(_under(under)) if under else steps


def unit_name(under: str | None) -> str:
    """The name of the agency or administrative unit with this code (for titles)."""
    if not under:
        return _("All agencies")
    found = Agency.objects.filter(code=under).values_list("name", flat=True).first()
    found = (
        found
        or AdministrativeUnit.objects.filter(code=under).values_list("name", flat=True).first()
    )
    return found or under


def report_heading(user: User | AnonymousUser | None, *, under: str | None) -> Heading:
    """The heading of a statistics file: the unit it covers (or the user's agency), today."""
    if under:
        name = unit_name(under)
    else:
        agency = (
            active_positions().filter(user=user).select_related("agency").first()
            if isinstance(user, User)
            else None
        )
        name = agency.agency.name if agency is not None else unit_name(None)
    return Heading(reporting_unit=name, day=timezone.localdate())


def book_for(
    user: User | AnonymousUser | None, *, start: date, end: date, under: str | None = None
) -> bytes:
    """The tracking book of the dossiers the user may read, received by `under` in the period."""
    dossiers = Dossier.objects.all() if user is None else dossiers_for(user)
    return tracking_book_xlsx(
        scope_dossiers(dossiers, under=under), start=start, end=end, agency_name=unit_name(under)
    )


def table_for(
    user: User | AnonymousUser | None,
    *,
    start: date,
    end: date,
    group_by: str,
    under: str | None = None,
    units_today: bool = False,
) -> Table:
    """The table over the dossiers the user may read (every dossier for scripts: user None);
    `units_today` adds merged units' rows to their successors in force today."""
    grouping = _grouping(group_by)
    dossiers = Dossier.objects.all() if user is None else dossiers_for(user)
    table = statistics_table(
        scope_dossiers(dossiers, under=under), start=start, end=end, group_by=grouping
    )
    return mapped_to_successors(table) if units_today else table


def _grouping(group_by: str) -> GroupBy:
    try:
        return GroupBy(group_by)
    except ValueError:
        raise DomainError(
            _("Group by one of: %(choices)s.") % {"choices": ", ".join(GroupBy)}, field="group_by"
        ) from None


TREND_MONTHS = 12
WORST_PROCEDURES = 5
OVERDUE_SHOWN = 20


def months_back(today: date, count: int) -> list[str]:
    """The `count` months up to today's, oldest first ("2019-03")."""
    months = []
    year, month = today.year, today.month
    for _month in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@dataclass(frozen=True)
class StatisticsPage:
    """Everything the staff statistics page shows, built in one place."""

    table: Table
    trend: list[tuple[str, Counts]]  # month, its resolutions (on time / early rates)
    worst: list[TableRow]  # the procedures furthest below the on-time target
    overdue: list[Dossier]
    corrected_after: int  # dossiers of the table corrected after the period ended


def statistics_page(
    user: User | AnonymousUser, *, start: date, end: date, group_by: str, under: str | None,
    today: date, units_today: bool = False,
) -> StatisticsPage:  # fmt: skip
    # The user's dossiers under the unit, found once for every part of the page.
    dossiers = scope_dossiers(dossiers_for(user), under=under)
    table = statistics_table(dossiers, start=start, end=end, group_by=_grouping(group_by))
    if units_today:
        table = mapped_to_successors(table)
    months = months_back(today, TREND_MONTHS)
    by_month = monthly_resolutions(
        dossiers, start=parse_period(months[0])[0], end=parse_period(months[-1])[1]
    )
    procedures = statistics_table(dossiers, start=start, end=end, group_by=GroupBy.PROCEDURE)
    worst = sorted(
        (row for row in procedures.rows if row.counts.timed),
        key=lambda row: (row.counts.on_time_rate or 0, -row.counts.timed),
    )[:WORST_PROCEDURES]
    overdue = list(dossier_filter(dossiers, overdue=True).order_by("due_at")[:OVERDUE_SHOWN])
    return StatisticsPage(
        table=table,
        trend=[(month, by_month.get(month, Counts())) for month in months],
        worst=worst,
        overdue=overdue,
        corrected_after=corrected_after(dossiers, start=start, end=end),
    )

"""The Decision 766 index of a unit for a period: every indicator with its numerator,
denominator, rate, threshold, points and the page behind it — or "no data" and what is
missing —, the groups, the total and how many points it is computed on."""

from __future__ import annotations

import calendar
import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.indices import formulas
from motcua.indices.measures import MEASURES, Context, Counted, PerUnit
from motcua.indices.models import Indicator, IndicatorSet
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_subtree_ids
from motcua.stats import kpi
from motcua.stats.kpi import Counts
from motcua.stats.selectors import GroupBy, statistics_table


def indicator_set_for(day: date) -> IndicatorSet:
    """The indicator set in force on a day (the latest valid from it)."""
    found = IndicatorSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if found is None:
        raise DomainError(
            _("No Decision 766 indicator set is in force on %(day)s.")
            % {"day": day.strftime("%d/%m/%Y")}
        )
    return found


def _number(value: Decimal | Fraction | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


def _shortfall(kind: formulas.Kind, counted: Counted | None, threshold: Fraction | None) -> int:
    """How many more would reach the maximum: up to the threshold, or all of them."""
    if counted is None:
        return 0
    if kind is formulas.Kind.THRESHOLD and threshold is not None:
        return max(0, math.ceil(threshold * counted.denominator) - counted.numerator)
    return counted.denominator - counted.numerator


def _indicator(row: Indicator, context: Context) -> dict[str, Any]:
    kind = formulas.Kind(row.kind)
    measure = MEASURES.get(row.measure) if kind is not formulas.Kind.NO_DATA else None
    counted = measure(context) if measure else None
    threshold = Fraction(str(row.threshold)) if row.threshold is not None else None
    result = formulas.score(
        kind if counted else formulas.Kind.NO_DATA,
        row.max_points,
        counted.numerator if counted else None,
        counted.denominator if counted else None,
        threshold,
    )
    missing = row.missing
    if counted is not None and result.status is formulas.Status.NO_DATA:
        missing = _("Nothing to count in the period: %(what)s") % {"what": row.denominator}
    shortfall = _shortfall(kind, counted, threshold)
    gain = (
        formulas.gain_if(
            kind, row.max_points, counted.numerator, counted.denominator, threshold, shortfall
        )
        if counted and result.status is formulas.Status.SCORED and shortfall
        else None
    )
    return {
        "code": row.code,
        "name": row.name,
        "max": _number(row.max_points, 2),
        "kind": row.kind,
        "threshold": _number(row.threshold),
        "numerator": result.numerator,
        "denominator": result.denominator,
        "rate": _number(result.rate),
        "points": _number(result.points, 2),
        "status": result.status.value,
        "numerator_is": row.numerator,
        "denominator_is": row.denominator,
        "missing": missing if result.status is formulas.Status.NO_DATA else "",
        "link": counted.link if counted else "",
        "what_if": {"more": shortfall, "points": _number(gain, 2)} if gain else None,
    }


def unit_index(
    unit: AdministrativeUnit, *, start: date, end: date, counts: Counts | None = None,
    shared: PerUnit | None = None, scope: frozenset[int] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """`counts`: the unit's total in the official table, and `shared`: the figures counted per
    unit — when the caller computes many units of `scope` (None: every unit) at once."""
    indicator_set = indicator_set_for(end)
    context = Context(unit, start, end, counts, shared={} if shared is None else shared,
                      scope=scope)  # fmt: skip
    if shared is None:  # this unit alone: count only its own subtree
        context.scope = context.units
    groups: dict[str, dict[str, Any]] = {}
    every: list[tuple[Decimal, formulas.Result]] = []
    for row in indicator_set.indicators.order_by("position"):
        line = _indicator(row, context)
        group = groups.setdefault(
            row.group_code,
            {
                "code": row.group_code,
                "name": row.group_name,
                "max": 0.0,
                "points": None,
                "computed_on": 0.0,
                "indicators": [],
            },
        )
        group["indicators"].append(line)
        group["max"] = round(group["max"] + float(row.max_points), 2)
        if line["points"] is not None:
            group["points"] = round((group["points"] or 0) + line["points"], 2)
            group["computed_on"] = round(group["computed_on"] + float(row.max_points), 2)
        every.append(
            (
                row.max_points,
                formulas.Result(
                    line["numerator"],
                    line["denominator"],
                    None,
                    Decimal(str(line["points"])) if line["points"] is not None else None,
                    formulas.Status(line["status"]),
                ),
            )
        )
    whole = formulas.total(every)
    return {
        "code": unit.code,
        "name": unit.name,
        "total": _number(whole.points, 2) if whole.computed_on else None,
        "computed_on": _number(whole.computed_on, 2),
        "max": _number(whole.maximum, 2),
        "band": formulas.band(whole.points, whole.computed_on),
        "groups": list(groups.values()),
    }


def _table_by_unit(start: date, end: date) -> dict[int, Counts]:
    """The official table of the period, one row per unit, read once for every unit."""
    table = statistics_table(Dossier.objects.all(), start=start, end=end, group_by=GroupBy.UNIT)
    return {row.key: row.counts for row in table.rows}


def _subtree_counts(unit: AdministrativeUnit, rows: dict[int, Counts]) -> Counts:
    return kpi.total([rows[pk] for pk in unit_subtree_ids([unit.pk]) if pk in rows])


def index_report(units: list[AdministrativeUnit], *, start: date, end: date) -> dict[str, Any]:
    """Every unit's index; the official table is read once for all of them."""
    indicator_set = indicator_set_for(end)
    rows = _table_by_unit(start, end)
    shared: PerUnit = {}  # each figure counted once, by unit, for all
    return {
        "indicator_set": indicator_set.name,
        "source": indicator_set.source,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "units": [
            unit_index(
                unit, start=start, end=end, counts=_subtree_counts(unit, rows), shared=shared
            )
            for unit in units
        ],
    }


def units_in(start: date, end: date, code: str | None = None) -> list[AdministrativeUnit]:
    """The unit with this code, or every unit that existed during the period."""
    units = AdministrativeUnit.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end
    ).order_by("code")
    if code:
        found = AdministrativeUnit.objects.filter(code=code).first()
        if found is None:
            raise DomainError(_("No unit has the code %(code)s.") % {"code": code}, field="unit")
        return [found]
    return list(units)


def siblings_ranked(unit: AdministrativeUnit, *, start: date, end: date) -> list[dict[str, Any]]:
    """The unit's index among the units of the same parent that existed in the period, best
    first (by the share of the points computed); each with its total and computed-on."""
    if unit.parent_id is None:
        return []
    siblings = [u for u in units_in(start, end) if u.parent_id == unit.parent_id]
    table = _table_by_unit(start, end)
    shared: PerUnit = {}  # each figure counted once, by unit, for all
    rows = [
        unit_index(u, start=start, end=end, counts=_subtree_counts(u, table), shared=shared)
        for u in siblings
    ]
    rows.sort(key=lambda r: -(r["total"] or 0) / (r["computed_on"] or 1))
    return rows


def monthly_trend(unit: AdministrativeUnit, *, end: date) -> list[dict[str, Any]]:
    """The unit's index month by month, from January of `end`'s year to `end`'s month: the
    points over the points computed, in percent (None for a month without any data)."""
    months = []
    for month in range(1, end.month + 1):
        first = date(end.year, month, 1)
        last = date(end.year, month, calendar.monthrange(end.year, month)[1])
        found = unit_index(unit, start=first, end=min(last, end))
        share = (
            round(found["total"] / found["computed_on"] * 100, 1)
            if found["total"] is not None and found["computed_on"] else None
        )  # fmt: skip
        months.append({"month": f"{month:02d}/{end.year}", "share": share,
                       "total": found["total"], "computed_on": found["computed_on"]})  # fmt: skip
    return months

"""The figures motcua measures itself for automatic PAR criteria, for a unit and a year: the
same numbers as the official statistics table (stats), so a criterion scored from them can be
checked against the table. A criterion whose measure is not here is scored by hand — never a
silent zero."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

from motcua.org.models import AdministrativeUnit
from motcua.stats.kpi import Counts
from motcua.stats.services import table_for


def _counts(unit: AdministrativeUnit, year: int) -> Counts:
    table = table_for(
        None, start=date(year, 1, 1), end=date(year, 12, 31), group_by="unit", under=unit.code
    )
    return table.total


def _on_time(counts: Counts) -> Fraction | None:
    return counts.on_time_rate


def _early(counts: Counts) -> Fraction | None:
    return counts.early_rate


def _online(counts: Counts) -> Fraction | None:
    return Fraction(counts.new_online, counts.new) if counts.new else None


# measure key → (label, how it is read from the unit's year of the statistics table)
MEASURES: dict[str, tuple[str, Callable[[Counts], Fraction | None]]] = {
    "on_time_rate": ("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn (biểu II.06a)", _on_time),
    "early_rate": ("Tỷ lệ hồ sơ giải quyết trước hạn (biểu II.06a)", _early),
    "online_share": ("Tỷ lệ hồ sơ tiếp nhận trực tuyến (biểu II.06a)", _online),
}


def measured(keys: set[str], unit: AdministrativeUnit, year: int) -> dict[str, Fraction | None]:
    """The measured values for these keys (the statistics table is read once)."""
    known = keys & MEASURES.keys()
    if not known:
        return {}
    counts = _counts(unit, year)
    return {key: MEASURES[key][1](counts) for key in known}

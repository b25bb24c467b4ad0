"""Reading one cell of a statistics row in a template (the arithmetic stays in kpi.py)."""

from __future__ import annotations

from django import template

from motcua.stats.exports import percent
from motcua.stats.kpi import Counts, Targets

register = template.Library()


@register.simple_tag
def cell(counts: Counts, column: str) -> object:
    """A count, or a rate in percent (None when nothing was resolved in time)."""
    if column in ("on_time_rate", "early_rate"):
        return percent(getattr(counts, column))
    return getattr(counts, column)


@register.simple_tag
def missed(counts: Counts, column: str, targets: Targets) -> bool:
    on_time_met, early_met = counts.meets(targets)
    return (on_time_met if column == "on_time_rate" else early_met) is False

"""`{{ count|grouped }}`: a number to read, grouped the Vietnamese way (12.345).

Numbers are not grouped by default (USE_THOUSAND_SEPARATOR is off, so ids in forms and links
stay plain); counts shown to people use this filter."""

from __future__ import annotations

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def grouped(value: object) -> str:
    if not isinstance(value, int | float):
        return "" if value is None else str(value)
    return formats.number_format(value, force_grouping=True)

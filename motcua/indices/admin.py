"""The indicator set is data an administrator corrects when the national portal revises its
implementation (with the history of every change)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from motcua.indices.models import Indicator, IndicatorSet


class IndicatorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Indicator
    extra = 0
    fields = ("position", "group_code", "group_name", "code", "name", "max_points", "kind",
              "threshold", "measure", "numerator", "denominator", "missing")  # fmt: skip


@admin.register(IndicatorSet)
class IndicatorSetAdmin(SimpleHistoryAdmin):
    list_display = ("name", "valid_from", "source")
    inlines = [IndicatorInline]

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from motcua.par.models import Assessment, CriteriaSet, Criterion, CriterionScore


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0
    fields = ("position", "code", "name", "parent", "max_points", "rule", "bands", "threshold",
              "measure", "evidence")  # fmt: skip


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "level", "direct_max", "survey_max")
    list_filter = ("year", "level")
    inlines = [CriterionInline]


class ScoreInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CriterionScore
    extra = 0
    fields = ("criterion", "self_score", "appraised", "appraisal_reason", "evidence_note")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "criteria_set", "status", "survey_score")
    list_filter = ("criteria_set", "status")
    inlines = [ScoreInline]

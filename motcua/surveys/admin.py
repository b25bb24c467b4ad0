"""Questionnaires are data an administrator words (their factors and scales fixed by the
method); campaigns are run from their pages and only read here, answers never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from motcua.surveys.models import Campaign, CampaignUnit, Question, Questionnaire


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 0
    fields = ("position", "code", "factor", "aspect", "text")


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "minimum_sample")
    list_filter = ("year",)
    inlines = [QuestionInline]


class CampaignUnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CampaignUnit
    extra = 0
    readonly_fields = ("unit", "population", "target")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ("name", "start", "end", "closes_on", "status")
    list_filter = ("status",)
    readonly_fields = ("questionnaire", "start", "end", "seed", "margin", "z", "status")
    inlines = [CampaignUnitInline]

    def has_add_permission(self, request: Any) -> bool:
        return False  # campaigns are created on their page, through the service

"""Dossiers in the admin are read-only: every change goes through the services, with an event."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import Dossier, DossierEvent, DossierStep


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


STEP_FIELDS: tuple[str, ...] = (
    "position", "kind", "agency", "assignee", "status", "started_at", "due_at", "finished_at",
    "action", "timeliness",
)  # fmt: skip
EVENT_FIELDS: tuple[str, ...] = (
    "sequence",
    "action",
    "at",
    "actor",
    "from_status",
    "to_status",
    "comment",
)


class StepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DossierStep
    extra = 0
    fields = STEP_FIELDS
    readonly_fields = STEP_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(StepInline):
    model = DossierEvent  # type: ignore[assignment]
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ["code", "agency", "procedure_version", "status", "received_at", "due_at",
                    "timeliness"]  # fmt: skip
    list_filter = ["status", "timeliness", "channel"]
    search_fields = ["code", "applicant_folded"]
    date_hierarchy = "received_at"
    inlines = [StepInline, EventInline]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnly):
    list_display = ["dossier", "sequence", "action", "at", "actor", "to_status"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]

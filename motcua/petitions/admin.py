"""Petitions in the admin are read-only: every change goes through the services, with an event."""

from __future__ import annotations

from django.contrib import admin

from motcua.dossiers.admin import ReadOnly
from motcua.petitions.models import Petition, PetitionEvent


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ("sequence", "action", "at", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields


@admin.register(Petition)
class PetitionAdmin(ReadOnly):
    list_display = ("code", "kind", "channel", "status", "agency", "received_at", "due_at")
    list_filter = ("status", "kind", "channel")
    search_fields = ("code", "title")
    inlines = [EventInline]

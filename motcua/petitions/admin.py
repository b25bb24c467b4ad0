"""Petitions in the admin are read-only: every change goes through the services, with an event."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from motcua.dossiers.admin import ReadOnly
from motcua.petitions.models import Open311Key, Petition, PetitionEvent
from motcua.petitions.open311 import key_hash, new_key


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


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "prefix", "is_active", "requests_per_minute", "created_at")
    fields = ("name", "is_active", "requests_per_minute")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:  # a new key: shown once, only its hash is kept
            key = new_key()
            obj.key_hash, obj.prefix = key_hash(key), key[:8]
            messages.warning(
                request,
                _("api_key: %(key)s — copy it now: it will not be shown again.") % {"key": key},
            )
        super().save_model(request, obj, form, change)

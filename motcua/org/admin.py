from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from motcua.org.models import AdministrativeUnit, Agency, Position

admin.site.site_header = _("motcua — administration")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("Configuration")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["successor"]  # set by a merge (motcua merge-units), with its carry-over


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "electronic_id", "name", "kind", "unit", "parent", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "electronic_id", "name"]
    autocomplete_fields = ["unit", "parent"]
    readonly_fields = ["successor"]  # set by a merge (motcua merge-units), with its carry-over


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agency", "role", "title", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency"]

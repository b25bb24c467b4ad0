from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from motcua.core.admin import ServiceAdminMixin
from motcua.core.errors import DomainError
from motcua.workcal.models import CalendarOverride, CalendarYearApproval, OfficeHours
from motcua.workcal.services import (
    calendar_override_delete,
    calendar_override_save,
    office_hours_changed,
)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["day", "kind", "name", "document_number", "document_date"]
    list_filter = ["kind"]
    search_fields = ["name", "document_number"]
    date_hierarchy = "day"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            changes = calendar_override_save(actor=request.user, override=obj)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, str(error.message))
            return
        for change_ in changes:
            state = _("a working day") if change_.is_working else _("a day off")
            messages.warning(
                request,
                _("%(day)s is now %(state)s: open deadlines around it move.")
                % {"day": change_.day.strftime("%d/%m/%Y"), "state": state},
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        calendar_override_delete(actor=request.user, override=obj)  # type: ignore[arg-type]


@admin.register(OfficeHours)
class OfficeHoursAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__", "morning_start", "morning_end", "afternoon_start", "afternoon_end",
        "saturday_morning_reception", "within_day_cutoff",
    ]  # fmt: skip
    autocomplete_fields = ["agency"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        office_hours_changed()


@admin.register(CalendarYearApproval)
class CalendarYearApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["year", "approved_by", "approved_at"]
    readonly_fields = ["year", "fingerprint", "approved_by", "approved_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # approvals are given from the year calendar page

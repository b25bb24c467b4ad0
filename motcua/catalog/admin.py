"""Catalogue administration: drafts are edited here; publishing goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStep,
    RequiredComponent,
    SearchSynonym,
    VersionStatus,
)
from motcua.catalog.services import (
    ProcessRejected,
    procedure_search_key,
    procedure_version_publish,
    process_publish,
)
from motcua.core.errors import DomainError


class ReadOnlyWhenPublished(admin.ModelAdmin):  # type: ignore[type-arg]
    """Published versions are immutable: a change is a new draft version."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "status", None) == VersionStatus.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "status", None) == VersionStatus.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)


class ComponentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RequiredComponent
    extra = 0


class StepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProcessStep
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    search_fields = ["name"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "created_at"]
    search_fields = ["code", "versions__search_folded"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyWhenPublished, SimpleHistoryAdmin):
    list_display = [
        "procedure",
        "number",
        "name",
        "level",
        "status",
        "effective_from",
        "superseded_on",
    ]
    list_filter = ["status", "level", "field"]
    search_fields = ["procedure__code", "search_folded"]
    inlines = [ComponentInline]
    actions = ["publish"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.search_folded = procedure_search_key(obj.procedure.code, obj.name)
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Publish the selected drafts from their date"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.filter(status=VersionStatus.DRAFT):
            try:
                procedure_version_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    version=version,
                    effective_from=version.effective_from or timezone.localdate(),
                )
            except DomainError as error:
                messages.error(request, f"{version}: {error.message}")
            else:
                messages.success(request, _("Published: %(version)s") % {"version": version})


@admin.register(Process)
class ProcessAdmin(ReadOnlyWhenPublished, SimpleHistoryAdmin):
    list_display = ["procedure", "agency", "number", "status", "effective_from", "superseded_on"]
    list_filter = ["status"]
    search_fields = ["procedure__code", "agency__code", "agency__name"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["procedure", "procedure_version"]
    inlines = [StepInline]
    actions = ["publish"]

    @admin.action(description=gettext_lazy("Audit and publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Process]) -> None:
        for process in queryset.filter(status=VersionStatus.DRAFT).select_related("agency"):
            try:
                process_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    process=process,
                    effective_from=process.effective_from or timezone.localdate(),
                )
            except ProcessRejected as error:
                for finding in error.findings:
                    messages.error(request, f"{process}: {finding.message} {finding.fix}")
            except DomainError as error:
                messages.error(request, f"{process}: {error.message}")
            else:
                messages.success(request, _("Published: %(process)s") % {"process": process})

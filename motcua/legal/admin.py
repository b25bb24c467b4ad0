from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from motcua.core.admin import ServiceAdminMixin
from motcua.core.errors import DomainError
from motcua.legal.models import LegalRegime
from motcua.legal.regimes import RegimeError
from motcua.legal.services import regime_save, regime_table_check


class LegalRegimeForm(forms.ModelForm[LegalRegime]):
    class Meta:
        model = LegalRegime
        fields = (
            "code", "name", "sources", "valid_from", "valid_to", "slip_set", "code_pattern",
            "platform_digits", "supplement_clock",
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            others = list(LegalRegime.objects.exclude(pk=self.instance.pk))
            try:
                regime_table_check(self.instance, others)
            except RegimeError as error:
                raise forms.ValidationError(str(error)) from None
        return data


@admin.register(LegalRegime)
class LegalRegimeAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """The regimes and their dates; saving one moves its neighbours' boundary with it, and a
    table with a gap or an overlap is refused. Every change is in the history."""

    form = LegalRegimeForm
    list_display = (
        "code", "name", "valid_from", "valid_to", "slip_set", "code_pattern", "supplement_clock",
    )  # fmt: skip

    def save_model(self, request: HttpRequest, obj: LegalRegime, form: Any, change: bool) -> None:
        try:
            regime_save(regime=obj)
        except DomainError as error:  # changed by someone else since the form was checked
            messages.error(request, str(error.message))

    def has_delete_permission(self, request: HttpRequest, obj: LegalRegime | None = None) -> bool:
        return False  # dossiers keep the regime of their receipt: a regime is ended, never deleted

"""Admin of the shared kernel: the wording of messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.message_texts import message_keys
from motcua.core.messaging import default_text
from motcua.core.models import MessageTemplate


class MessageTemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    key = forms.ChoiceField(label=_("message"), choices=())

    class Meta:
        model = MessageTemplate
        fields = ("key", "text")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, key) for key in message_keys()]  # type: ignore[attr-defined]
        self.fields["text"].required = False
        self.fields["text"].help_text = _(
            "First line: the subject. Then the body. Variables as in the default text; "
            "leave empty to start from the default text."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and data.get("key") in message_keys():
            data["text"] = default_text(data["key"])  # start from the default wording
            self.instance.text = data["text"]
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = MessageTemplateForm
    list_display = ("key", "updated_at")


class ServiceAdminMixin:
    """For a model whose changes go through a service (`core.transactions.outermost`): the
    service's transaction is the outermost one, so the admin's own wrapping transaction around
    saving and deleting is left out (the admin's log entry is written after it commits)."""

    def changeform_view(
        self, request: Any, object_id: Any = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined]

    def delete_view(self, request: Any, object_id: Any, extra_context: Any = None) -> Any:
        return self._delete_view(request, object_id, extra_context)  # type: ignore[attr-defined]

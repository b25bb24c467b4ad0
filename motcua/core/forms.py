"""Django forms rendered in the design system's markup (GOV.UK Frontend's form group, label, hint,
error message and error summary), so that `{{ form }}` and `{{ field.as_field_group }}` look and
behave the same on every page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

from motcua.core.text import normalize_text


class DesignSystemFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


# The design system's class for each kind of widget (the widget's own class attribute is kept).
WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
)


def widget_class(widget: forms.Widget) -> str:
    return next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")


def widget_kind(widget: forms.Widget) -> str:
    """How the field template lays the widget out: one checkbox, a list of choices, or a box."""
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


class TextField(forms.CharField):
    """Text as people mean it: NFC, invisible characters dropped, spaces collapsed — so a value
    of zero-width characters alone is empty, and refused when the field is required."""

    def to_python(self, value: Any) -> str:
        return normalize_text(super().to_python(value) or "")

"""Template helpers of the design system: a field's widget with its classes and descriptions."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from motcua.core.forms import widget_class, widget_kind

register = template.Library()


def _described_by(field: forms.BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def design_widget(field: forms.BoundField) -> SafeString:
    """The field's input with the design system's class, its error state and its hint linked."""
    widget = field.field.widget
    classes = [widget_class(widget), widget.attrs.get("class", "")]
    if field.errors:
        classes.append(f"{widget_class(widget)}--error")
    attrs: dict[str, str | bool] = {"class": " ".join(css for css in classes if css)}
    if described_by := _described_by(field):
        attrs["aria-describedby"] = described_by
    return field.as_widget(attrs=attrs)


@register.filter
def design_choice(choice: forms.boundfield.BoundWidget, kind: str) -> SafeString:
    """One radio or checkbox of a choice list, with the design system's input class."""
    choice.data["attrs"] = {**choice.data["attrs"], "class": f"govuk-{kind}__input"}
    return choice.tag(wrap_label=False)


@register.filter
def layout(field: forms.BoundField) -> str:
    return widget_kind(field.field.widget)


@register.filter
def described_by(field: forms.BoundField) -> str:
    return _described_by(field)

"""`{{ item.timing|time_left }}`: the working time left on a step or dossier, in words and with a
tag for overdue and due soon (never by colour alone, never as a negative number)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from motcua.dossiers.selectors import Timing

register = template.Library()


def working_duration(seconds: int) -> str:
    """'16 working hours', '2 working hours 30 minutes', '45 working minutes'."""
    minutes = abs(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d working minutes") % {"minutes": minutes}
    if not minutes:
        return _("%(hours)d working hours") % {"hours": hours}
    return _("%(hours)d working hours %(minutes)d minutes") % {"hours": hours, "minutes": minutes}


@register.filter
def time_left(timing: Timing) -> SafeString:
    duration = working_duration(timing.remaining_seconds)
    if timing.overdue:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">{}</strong> {}',
            _("Overdue"),
            _("by %(duration)s") % {"duration": duration},
        )
    if timing.due_soon:
        return format_html(
            '<strong class="govuk-tag govuk-tag--yellow">{}</strong> {}',
            _("Due soon"),
            _("%(duration)s left") % {"duration": duration},
        )
    return format_html("{}", _("%(duration)s left") % {"duration": duration})

"""Models of the shared kernel."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from motcua.core.message_texts import compile_text, message_keys


class MessageTemplate(models.Model):
    """An administrator's wording of a message (email/SMS) that replaces the default template.

    `key` names the default template file (e.g. `dossiers/messages/received.txt`); the first
    line is the subject, the rest the body, in Django template language with the same variables.
    """

    key = models.CharField(_("message"), max_length=200, unique=True)
    text = models.TextField(
        _("text"),
        help_text=_("First line: the subject. Then the body. Variables as in the default text."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        if self.key not in message_keys():
            raise ValidationError({"key": _("No message has this name.")})
        try:
            compile_text(self.text)
        except TemplateSyntaxError as error:
            raise ValidationError({"text": str(error)}) from None

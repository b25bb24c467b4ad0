"""Errors a user can cause: a stable code for machines and a translated message for people."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every user-caused error; rendered by one API handler and one page template."""

    code = "invalid"
    http_status = 400
    default_message: str | Promise = _("The request cannot be carried out.")

    def __init__(self, message: str | Promise | None = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Also raised for what exists but the user may not see, so existence is never revealed."""

    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    """The user may see the object but not carry out this action on it."""

    code = "permission_denied"
    http_status = 403
    default_message = _("You do not have permission to perform this action.")


class IllegalAction(DomainError):
    """The action is not possible in the object's current state (a dossier's, a petition's)."""

    code = "illegal_action"
    http_status = 409
    default_message = _("This action is not possible now.")


def validated(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's own validation; its first problem becomes a DomainError naming the field."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field_name) from None

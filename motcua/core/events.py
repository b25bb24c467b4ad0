"""The event kernel shared by dossiers and petitions: an immutable, numbered record of each
action on its owner, and gap-free daily numbers for the owners' codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One action on an owner (a dossier, a petition): who, when, from which status to which,
    a comment and details. Append-only: an edit would rewrite the audit trail. Each concrete
    event adds its owner (a foreign key with related_name="events") and a unique (owner,
    sequence) constraint."""

    sequence = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} records are immutable")
        super().save(*args, **kwargs)


def next_sequence(events: QuerySet[Any]) -> int:
    """The number of the next event among an owner's events (the owner's row is locked)."""
    last: int | None = events.aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def next_daily_number(counters: QuerySet[Any], **key: Any) -> int:
    """The next number of a gap-free daily counter (a model with `last` and a unique `key`).

    The counter row is created if missing (a concurrent creator is ignored), then locked and
    incremented in the caller's transaction: a rolled-back action gives its number back.
    """
    model = counters.model
    model.objects.bulk_create([model(**key, last=0)], ignore_conflicts=True)
    counter = counters.select_for_update().get(**key)
    counters.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    number: int = counter.last
    return number

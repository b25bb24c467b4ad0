"""The event kernel shared by dossiers and petitions: an immutable, numbered record of each
action on its owner, and gap-free daily numbers for the owners' codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One action on an owner (a dossier, a petition): who, when, from which status to which,
    a comment and details. Append-only: an edit would rewrite the audit trail. Each concrete
    event adds its owner (a foreign key with related_name="events", without an index of its
    own) and a unique (owner, sequence) constraint, whose index serves lookups by owner."""

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


def next_sequence(events: type[Event], **owner: Any) -> int:
    """The number of the next event among an owner's events, e.g. `(DossierEvent,
    dossier_id=7)` — the owner's row is locked. A hand-written query: every action asks it,
    and the ORM's compilation costs more than the query."""
    ((name, value),) = owner.items()
    meta = events._meta
    owner_field = meta.get_field(name)
    assert isinstance(owner_field, models.Field)
    connection = connections[router.db_for_write(events)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX({quote('sequence')}) FROM {quote(str(meta.db_table))} "  # noqa: S608
            f"WHERE {quote(str(owner_field.column))} = %s",
            [value],
        )
        last: int | None = cursor.fetchone()[0]
    return (last or 0) + 1


def next_daily_number(counters: QuerySet[Any], **key: Any) -> int:
    """The next number of a gap-free daily counter (a model with `last` and a unique `key`).

    One statement: the counter row is created at 1 or incremented, and locked until the
    caller's transaction ends — a rolled-back action gives its number back. (An upsert with
    RETURNING, which SQLite ≥ 3.35 and PostgreSQL both speak; the ORM has no such call.)
    """
    model = counters.model
    connection = connections[counters.db]
    quote = connection.ops.quote_name
    row = model(**key)
    fields = [model._meta.get_field(name) for name in key]
    columns = ", ".join(quote(field.column) for field in fields)
    table, last = quote(model._meta.db_table), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {last}) "  # noqa: S608 - names from the model
            f"VALUES ({', '.join(['%s'] * len(fields))}, 1) "
            f"ON CONFLICT ({columns}) DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [field.get_db_prep_value(getattr(row, field.attname), connection) for field in fields],
        )
        number: int = cursor.fetchone()[0]
    return number

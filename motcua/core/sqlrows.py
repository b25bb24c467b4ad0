"""Model instances from rows of SQL written once per process, for the few reads that every
dossier action makes.

The ORM builds and compiles a query anew at every call, which for these one-row reads costs
more than the query itself: the two locking reads took a quarter of an action's processor time
(docs/dossiers.md). Their SQL is written from the models' own columns; each value is converted
as the ORM would (the backend's converters, then the field's) and the instance is made by the
model's `from_db`, so that what the rest of the code receives is what the ORM would give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

M = TypeVar("M", bound=Model)


class ModelColumns(Generic[M]):
    """Every concrete column of `model` under the table alias `alias`, in the model's order."""

    def __init__(self, model: type[M], alias: str, connection: BaseDatabaseWrapper) -> None:
        self.model = model
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        self.names = [field.attname for field in fields]
        self.sql = ", ".join(f"{alias}.{quote(str(field.column))}" for field in fields)
        self.width = len(fields)
        self._converters: list[tuple[Any, list[Callable[..., Any]]]] = []
        for field in fields:
            column = field.get_col(alias)
            converters = [
                *connection.ops.get_db_converters(column),
                *field.get_db_converters(connection),
            ]
            self._converters.append((column, converters))

    def instance(self, values: Sequence[Any], connection: BaseDatabaseWrapper) -> M:
        """The model instance of these columns' values (the first `width` of `values`), read
        on `connection` (a database of the kind the columns were written for)."""
        converted = []
        for value, (column, converters) in zip(values, self._converters, strict=False):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, self.names, converted)


def lock_clause(connection: BaseDatabaseWrapper, *aliases: str) -> str:
    """FOR UPDATE [OF …] where the database has it (SQLite locks the whole database on
    writing instead, as the ORM's select_for_update does there)."""
    if not connection.features.has_select_for_update:
        return ""
    if aliases and connection.features.has_select_for_update_of:
        return " FOR UPDATE OF " + ", ".join(aliases)
    return " FOR UPDATE"

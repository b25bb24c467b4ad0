"""The transaction of one action, and the rehearsal that runs actions without keeping them.

Every service runs in one outermost, durable transaction: nothing may wrap it and commit it
later together with something else. A rehearsal (`motcua simulate`) is the exception: it runs
real actions in one transaction that it rolls back, so each action becomes a savepoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_rehearsing: ContextVar[bool] = ContextVar("motcua_rehearsing", default=False)


def outermost() -> transaction.Atomic:
    """The transaction of one action (durable unless rehearsing)."""
    return transaction.atomic(durable=not _rehearsing.get())


def rehearsing() -> bool:
    return _rehearsing.get()


@contextmanager
def rehearsal() -> Iterator[None]:
    """Run what the block does for real, then roll all of it back (messages queued to be sent
    after commit are dropped with it)."""
    with transaction.atomic():
        token = _rehearsing.set(True)
        try:
            yield
        finally:
            _rehearsing.reset(token)
            transaction.set_rollback(True)

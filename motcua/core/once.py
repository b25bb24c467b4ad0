"""Doing something at most once, across retries, workers and restarts."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction


def claim(model: type[models.Model], **fields: Any) -> bool:
    """Record `fields` in a table whose unique constraint covers them, before the work is done;
    False when someone already claimed it (the work is done, or being done, elsewhere)."""
    try:
        with transaction.atomic():
            model._default_manager.create(**fields)
    except IntegrityError:
        return False
    return True

"""Periodic jobs of the shared kernel (Huey discovers each app's tasks module)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import periodic_task

from motcua.core.uploads import upload_leftovers_purge


@periodic_task(crontab(minute="40"))
def purge_upload_leftovers() -> int:
    """Hourly: temporary uploads that a killed worker left behind."""
    return upload_leftovers_purge()

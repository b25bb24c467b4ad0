"""Background jobs of the shared kernel (django-tasks API; Huey runs them)."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> int:
    """Write text to a file: proves a job travels through the real queue to a worker."""
    return Path(path).write_text(text, encoding="utf-8")

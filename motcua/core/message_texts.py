"""The texts of messages (email/SMS) as templates: which exist, and compiling one (plain text)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.apps import apps
from django.template import Engine, Template


@cache
def message_keys() -> tuple[str, ...]:
    """Every default message template of the installed apps, as its template name."""
    keys = []
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        keys += [path.relative_to(folder).as_posix() for path in folder.glob("*/messages/*.txt")]
    return tuple(sorted(keys))


def compile_text(text: str) -> Template:
    return Engine.get_default().from_string(f"{{% autoescape off %}}{text}{{% endautoescape %}}")

"""The text of messages to people (email and SMS), editable by administrators.

Each app ships its default texts as `<app>/templates/<app>/messages/<name>.txt` (first line: the
subject). An administrator may replace any of them in the admin (`MessageTemplate`); the
replacement is used from the next message on. Texts are plain: rendered without HTML escaping,
so "Nguyễn & Co" stays as written in an SMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.template import Context, Engine, Template
from django.template.loader import get_template


@dataclass(frozen=True)
class Message:
    subject: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.body}".strip()


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


def default_text(key: str) -> str:
    return str(get_template(key).template.source)  # type: ignore[attr-defined]


def render_message(key: str, context: dict[str, Any]) -> Message:
    """The message `key` for this context, in the administrator's wording if they gave one."""
    from motcua.core.models import MessageTemplate

    custom = MessageTemplate.objects.filter(key=key).values_list("text", flat=True).first()
    rendered = compile_text(custom or default_text(key)).render(Context(context)).strip()
    subject, _newline, body = rendered.partition("\n")
    return Message(subject=subject.strip(), body=body.strip())

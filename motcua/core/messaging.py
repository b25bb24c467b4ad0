"""Messages to people (email and SMS): their text, editable by administrators, and sending.

Each app ships its default texts as `<app>/templates/<app>/messages/<name>.txt` (first line: the
subject). An administrator may replace any of them in the admin (`MessageTemplate`); the
replacement is used from the next message on. Texts are plain: rendered without HTML escaping,
so "Nguyễn & Co" stays as written in an SMS.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context
from django.template.loader import get_template
from django.utils.module_loading import import_string

from motcua.core.message_texts import compile_text
from motcua.core.models import MessageTemplate


@dataclass(frozen=True)
class Message:
    subject: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.body}".strip()


def default_text(key: str) -> str:
    return str(get_template(key).template.source)  # type: ignore[attr-defined]


def render_message(key: str, context: dict[str, Any]) -> Message:
    """The message `key` for this context, in the administrator's wording if they gave one."""
    custom = MessageTemplate.objects.filter(key=key).values_list("text", flat=True).first()
    rendered = compile_text(custom or default_text(key)).render(Context(context)).strip()
    subject, _newline, body = rendered.partition("\n")
    return Message(subject=subject.strip(), body=body.strip())


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class FileSmsGateway:
    """Writes each SMS to var/sms/ as JSON (what a real gateway would receive)."""

    def send(self, *, phone: str, text: str) -> None:
        folder = Path(settings.VAR_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        # Named by time, then at random: in order when sorted, and never one worker's message
        # over another's ("x" refuses to overwrite).
        name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.json"
        with (folder / name).open("x", encoding="utf-8") as file:
            file.write(json.dumps({"phone": phone, "text": text}, ensure_ascii=False))


def sms_gateway() -> SmsGateway:
    """The gateway named by MOTCUA_SMS_BACKEND (default: a file per message in var/sms)."""
    gateway: SmsGateway = import_string(settings.MOTCUA_SMS_BACKEND)()
    return gateway


def send(message: Message, *, channel: str, to: str) -> None:
    """By email (Django's mail backend: the subject, then the body) or SMS (the whole text)."""
    if channel == "email":
        send_mail(message.subject, message.body, None, [to])
    else:
        sms_gateway().send(phone=to, text=message.text)


def deliver(
    message: Message, *, email: str, phone: str, first_time: Callable[[str], bool]
) -> list[str]:
    """Send by every channel the person gave whose `first_time(channel)` claim succeeds (a
    message already sent, or being sent, is not sent again); returns the channels used."""
    sent = []
    for channel, to in (("email", email), ("sms", phone)):
        if to and first_time(channel):
            send(message, channel=channel, to=to)
            sent.append(channel)
    return sent

"""What the portal does for citizens: find their dossier by code and secret, supply documents,
rate the result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.core.ratelimit import hit
from motcua.core.text import normalize_text
from motcua.core.uploads import checked_upload
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import ComponentReceived, dossier_supply
from motcua.portal.models import Rating, Visits

# A fixed string to compare against when the code does not exist, so that an unknown code and
# a wrong secret take the same path.
_NO_SECRET = "-" * 16


S = TypeVar("S", bound=Model)


def found_by_secret(records: QuerySet[S], code: str, secret: str) -> S:
    """The record (a dossier, a petition) with this code if `secret` is its secret; NotFound
    otherwise — the same answer whether the code does not exist or the secret is wrong."""
    code = check_tries(code)
    record = records.filter(code=code).first()
    check_secret(getattr(record, "secret", None), secret)
    assert record is not None
    return record


def dossier_by_secret(code: str, secret: str) -> Dossier:
    dossiers = Dossier.objects.select_related("agency", "procedure_version__procedure")
    return found_by_secret(dossiers.exclude(status=DossierStatus.DRAFT), code, secret)


# What a dossier or petition code may be made of (Circular 01/2018 and the provinces' patterns):
# anything else is answered "not found" at once, and never reaches a cache key.
CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]*")


def check_tries(code: str) -> str:
    """The code, normalised, if it may still be tried this minute. Each code may be tried
    MOTCUA_TRACK_TRIES_PER_CODE times a minute, whoever asks: guessing one code's secret from
    many addresses is slowed as much as from one."""
    code = code.strip().upper()[:80]
    if not CODE.fullmatch(code):
        raise NotFound(_("No dossier matches this code and lookup secret."))
    if not hit(f"track-code:{code}", limit=settings.MOTCUA_TRACK_TRIES_PER_CODE):
        raise TooManyTries
    return code


def check_secret(expected: str | None, given: str) -> None:
    """NotFound unless `given` is the expected secret (compared in constant time; a missing
    dossier is compared against a fixed string, so both refusals take the same path)."""
    if (
        not constant_time_compare(expected or _NO_SECRET, given.strip().upper()[:16])
        or not expected
    ):
        raise NotFound(_("No dossier matches this code and lookup secret."))


class TooManyTries(Exception):
    """One dossier code was asked for too often."""


def supply_online(dossier: Dossier, files: Mapping[int, File[Any]]) -> Dossier:
    """The applicant uploads what the agency asked for; the clock resumes."""
    if not files:
        raise DomainError(_("Attach at least one file."), field="files")
    components = [
        ComponentReceived(
            name=_("Supplementary document %(number)s") % {"number": number},
            copies=1,
            file=checked_upload(file, field="files"),
        )
        for number, file in files.items()
    ]
    return dossier_supply(actor=None, dossier_id=dossier.pk, components=components)


@dataclass(frozen=True)
class Answers:
    overall: int
    attitude: int
    time_taken: int
    clarity: int
    visits: str
    unofficial_payment: bool
    comment: str = ""


def rating_save(dossier: Dossier, answers: Answers, *, at: datetime | None = None) -> Rating:
    """Rate a returned dossier, once."""
    if dossier.status != DossierStatus.RETURNED:
        raise DomainError(_("A dossier can be rated once its result is returned."))
    for name in ("overall", "attitude", "time_taken", "clarity"):
        if getattr(answers, name) not in range(1, 6):
            raise DomainError(_("Choose one answer for each question."), field=name)
    if answers.visits not in Visits.values:
        raise DomainError(_("Choose one answer for each question."), field="visits")
    comment = normalize_text(answers.comment)
    if len(comment) > 1000:
        raise DomainError(_("The comment is limited to 1,000 characters."), field="comment")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier, overall=answers.overall, attitude=answers.attitude,
                time_taken=answers.time_taken, clarity=answers.clarity, visits=answers.visits,
                unofficial_payment=answers.unofficial_payment, comment=comment,
                rated_at=at or timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(_("This dossier has already been rated. Thank you.")) from None

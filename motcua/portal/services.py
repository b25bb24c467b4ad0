"""What the portal does for citizens: find their dossier by code and secret (core.secrets),
supply documents, rate the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.secrets import found_by_secret
from motcua.core.text import normalize_text
from motcua.core.uploads import checked_upload
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import ComponentReceived, dossier_supply
from motcua.portal.models import Rating, Visits


def dossier_by_secret(code: str, secret: str) -> Dossier:
    dossiers = Dossier.objects.select_related("agency", "procedure_version__procedure")
    return found_by_secret(dossiers.exclude(status=DossierStatus.DRAFT), code, secret)


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

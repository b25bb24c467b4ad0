"""The answer as a letter (PDF) for petitioners without email or phone, or who wrote by post."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.documents.pdf import render_pdf
from motcua.petitions.models import Action, Petition


def answer_letter_pdf(petition: Petition) -> bytes:
    if petition.answered_at is None or petition.agency is None:
        raise DomainError(_("The answer has not been approved yet."))
    approval = petition.events.filter(action=Action.APPROVE_ANSWER).select_related("actor").last()
    signer = approval.actor.get_full_name() if approval and approval.actor else ""
    agency = petition.agency
    return render_pdf(
        "petitions/letter.html",
        {
            "petition": petition,
            "code": petition.code,
            "agency": agency.name,
            "parent": agency.parent.name if agency.parent else "",
            "received": timezone.localtime(petition.received_at).strftime("%d/%m/%Y"),
            "track_url": f"{settings.MOTCUA_PUBLIC_URL}/petitions/{petition.code}",
            "signer": signer,
        },
    )

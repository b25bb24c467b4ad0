"""Digitised copies (Decree 45/2020/NĐ-CP): the receiving clerk, having seen the original,
certifies a component's scan as a true copy; a certified copy is then reused in the same
person's later dossiers instead of asking for the document again (engine.reusable_copy)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierComponent
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    held_position,
    locked,
    refuse_illegal,
)
from motcua.org.models import Role


def component_certify(
    *, actor: User, dossier_id: int, component_id: int, at: datetime | None = None
) -> DossierComponent:
    """Certify a scanned component as a digitised copy: a clerk of the receiving agency, once."""
    at = at_or_now(at)
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        position = held_position(actor, role=Role.CLERK, agency_id=dossier.agency_id)
        if position is None:
            raise PermissionDenied(
                _("A scan is certified by a one-stop clerk of the receiving agency.")
            )
        refuse_illegal(dossier, Action.CERTIFY_SCAN)
        component = dossier.components.filter(pk=component_id).first()
        if component is None:
            raise NotFound
        if not component.file:
            raise DomainError(_("Only a scanned document can be certified."), field="component")
        if component.certified_at is not None or component.reused_from_id is not None:
            raise DomainError(_("This document is already a certified copy."), field="component")
        component.certified_by, component.certified_at = actor, at
        component.save(update_fields=["certified_by", "certified_at"])
        append_event(
            dossier, action=Action.CERTIFY_SCAN, actor=actor, at=at, from_status=dossier.status,
            position=position, data={"component": component.name},
        )  # fmt: skip
    return component

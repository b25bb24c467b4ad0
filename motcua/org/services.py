"""Changes to the organisation. Each runs in the caller's transaction and is recorded by history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from motcua.core.text import normalize_text
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Position, Role, UnitKind

if TYPE_CHECKING:
    from motcua.accounts.models import User


def unit_upsert(
    *,
    code: str,
    name: str,
    kind: UnitKind,
    parent: AdministrativeUnit | None,
    valid_from: date,
    valid_to: date | None = None,
) -> AdministrativeUnit:
    """Create the unit with this official code, or bring an existing one up to date."""
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=code,
        defaults={
            "name": normalize_text(name),
            "kind": kind,
            "parent": parent,
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    unit.full_clean()
    return unit


def agency_upsert(
    *,
    code: str,
    name: str,
    kind: AgencyKind,
    unit: AdministrativeUnit,
    parent: Agency | None,
    valid_from: date,
    valid_to: date | None = None,
    electronic_id: str = "",
) -> Agency:
    """Create the agency with this code, or bring an existing one up to date."""
    agency, _ = Agency.objects.update_or_create(
        code=code,
        defaults={
            "electronic_id": electronic_id,
            "name": normalize_text(name),
            "kind": kind,
            "unit": unit,
            "parent": parent,
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    agency.full_clean()
    return agency


def position_grant(*, user: User, agency: Agency, role: Role, title: str = "") -> Position:
    """Give the user this role in the agency (reactivating it if it had been withdrawn)."""
    position, _ = Position.objects.update_or_create(
        user=user,
        agency=agency,
        role=role,
        defaults={"title": normalize_text(title), "is_active": True},
    )
    return position

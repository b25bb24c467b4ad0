"""Changes to the organisation, recorded by history. The upserts run in the caller's transaction
(the demo's); a merge is one action in its own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.org.access import check_organisation_admin
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


def unit_merge(
    *,
    actor: User,
    units: list[AdministrativeUnit],
    into: AdministrativeUnit,
    on: date,
    successors: Mapping[str, str] | None = None,
) -> list[AdministrativeUnit]:
    """Merge `units` into `into` from `on` (e.g. communes merged on 01/07/2025): each unit and
    each of its agencies ends the day before and names its successor — the agency named in
    `successors` (agency code → successor's code), else the one agency of the same kind in
    `into` —, and the staff's positions carry over to it. Refused, with nothing written, when
    an agency would be left without a successor or could go to several. In the same
    transaction, the handlers of settings.MOTCUA_MERGE_HANDLERS move the open work (dossier
    steps, petitions) of the agencies merged away to their successors."""
    check_organisation_admin(actor)
    last_day = on - timedelta(days=1)
    with outermost():
        into = AdministrativeUnit.objects.select_for_update().get(pk=into.pk)
        if not _valid_on(into, on):
            raise DomainError(
                _("%(unit)s is not in force on %(day)s: it cannot take the others over.")
                % {"unit": into.name, "day": f"{on:%d/%m/%Y}"}
            )
        chain: set[int] = set()
        step: AdministrativeUnit | None = into
        while step is not None:  # the successor must not end up succeeded by a merged unit
            chain.add(step.pk)
            step = step.successor
        merged = list(
            AdministrativeUnit.objects.select_for_update().filter(pk__in=[u.pk for u in units])
        )
        if not merged or any(unit.pk in chain for unit in merged):
            raise DomainError(_("A unit cannot be merged into itself or into its own successor."))
        in_force = [agency for agency in Agency.objects.filter(unit=into) if _valid_on(agency, on)]
        named = {agency.code: agency for agency in in_force}
        for unit in merged:
            if not _valid_on(unit, last_day) or unit.successor_id is not None:
                raise DomainError(
                    _("%(unit)s is not in force on %(day)s, or was already merged.")
                    % {"unit": unit.name, "day": f"{last_day:%d/%m/%Y}"}
                )
            for agency in Agency.objects.filter(unit=unit):
                if not _valid_on(agency, last_day):
                    continue
                successor = _successor_of(agency, in_force, named, successors or {}, into)
                agency.valid_to, agency.successor = last_day, successor
                agency.save(update_fields=["valid_to", "successor"])
                # The staff hold the same role at the successor; their old positions stay, so
                # that they finish the predecessor's open dossiers and read its records.
                for position in Position.objects.filter(agency=agency, is_active=True):
                    Position.objects.get_or_create(
                        user_id=position.user_id, agency=successor, role=position.role,
                        defaults={"title": position.title},
                    )  # fmt: skip
            unit.valid_to, unit.successor = last_day, into
            unit.save(update_fields=["valid_to", "successor"])
        for handler in settings.MOTCUA_MERGE_HANDLERS:
            import_string(handler)(actor=actor, on=on)
    return merged


def _successor_of(
    agency: Agency,
    in_force: list[Agency],
    named: dict[str, Agency],
    successors: Mapping[str, str],
    into: AdministrativeUnit,
) -> Agency:
    if agency.code in successors:
        chosen = named.get(successors[agency.code])
        if chosen is None:
            raise DomainError(
                _("%(code)s is not an agency of %(unit)s in force: %(agency)s cannot go to it.")
                % {"code": successors[agency.code], "unit": into.name, "agency": agency.name}
            )
        return chosen
    same_kind = [candidate for candidate in in_force if candidate.kind == agency.kind]
    if not same_kind:
        raise DomainError(
            _("%(agency)s would have no successor: %(unit)s has no agency of its kind.")
            % {"agency": agency.name, "unit": into.name}
        )
    if len(same_kind) > 1:
        raise DomainError(
            _("%(agency)s could go to several agencies of %(unit)s (%(names)s): name one.")
            % {
                "agency": agency.name,
                "unit": into.name,
                "names": ", ".join(candidate.name for candidate in same_kind),
            }
        )
    return same_kind[0]


def _valid_on(node: AdministrativeUnit | Agency, day: date) -> bool:
    return node.valid_from <= day and (node.valid_to is None or day <= node.valid_to)

"""Reads of the organisation trees."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from motcua.org.models import AdministrativeUnit, Agency, Position


def agency_subtree_ids(root_ids: Iterable[int]) -> frozenset[int]:
    """The given agencies and all their descendants, in one recursive query at any depth."""
    return _subtree_ids(Agency._meta.db_table, root_ids)


def unit_subtree_ids(root_ids: Iterable[int]) -> frozenset[int]:
    """The given administrative units and all units below them."""
    return _subtree_ids(AdministrativeUnit._meta.db_table, root_ids)


def _subtree_ids(table: str, root_ids: Iterable[int]) -> frozenset[int]:
    roots = sorted(set(root_ids))
    if not roots:
        return frozenset()
    placeholders = ", ".join(["%s"] * len(roots))
    sql = (
        f"WITH RECURSIVE subtree(id) AS ("  # noqa: S608 - only the table name is interpolated
        f" SELECT id FROM {table} WHERE id IN ({placeholders})"
        f" UNION SELECT child.id FROM {table} child JOIN subtree ON child.parent_id = subtree.id"
        f") SELECT id FROM subtree"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, roots)
        return frozenset(row[0] for row in cursor.fetchall())


def unit_list() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.select_related("parent").order_by("code")


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.select_related("unit", "parent").order_by("code")


def active_positions() -> QuerySet[Position]:
    return Position.objects.filter(is_active=True, user__is_active=True)


UNIT_PREFIXES = ("Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Xã ", "Phường ", "Thị trấn ")


def committee_above(unit_ids: Iterable[int]) -> tuple[str, str] | None:
    """The People's Committee of the unit above these units, as a report's issuer names it
    ("Ủy ban nhân dân tỉnh Vĩnh Phúc"), and its place ("Vĩnh Phúc"); None if they have none."""
    parent = AdministrativeUnit.objects.filter(children__in=list(unit_ids)).distinct().first()
    if parent is None:
        return None
    prefix = next((p for p in UNIT_PREFIXES if parent.name.startswith(p)), "")
    return f"Ủy ban nhân dân {parent.name[:1].lower()}{parent.name[1:]}", parent.name[len(prefix) :]

"""Reads of the organisation trees."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import QuerySet

from motcua.org.models import AdministrativeUnit, Agency, Position


def agency_subtree_ids(root_ids: Iterable[int]) -> frozenset[int]:
    """The given agencies and all their descendants, in one recursive query at any depth."""
    return _subtree_ids(Agency._meta.db_table, root_ids)


def agency_reach_ids(own_ids: Iterable[int], subtree_ids: Iterable[int]) -> frozenset[int]:
    """What a member of these agencies reads, in one recursive query: the agencies themselves,
    the descendants of `subtree_ids`, and the predecessors of every agency reached — the
    agencies merged into them, whose records their staff inherit (and the predecessors'
    descendants where the descendants are read)."""
    below = sorted(set(subtree_ids))
    alone = sorted(set(own_ids) - set(below))
    if not below and not alone:
        return frozenset()
    table = Agency._meta.db_table
    # The seeds come from the table itself, so that their columns have its types (PostgreSQL).
    seeds = [
        f"SELECT id, {flag} FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))})"  # noqa: S608
        for flag, ids in ((1, below), (0, alone))
        if ids
    ]
    sql = (
        f"WITH RECURSIVE reach(id, below) AS ("  # noqa: S608 - only the table name is interpolated
        f" {' UNION '.join(seeds)}"
        # One recursive term (PostgreSQL allows no other): a child of an agency read with its
        # descendants, or an agency merged into one reached.
        f" UNION SELECT next.id,"
        f"  CASE WHEN next.parent_id = reach.id AND reach.below = 1 THEN 1 ELSE reach.below END"
        f" FROM {table} next JOIN reach"
        f"  ON (next.parent_id = reach.id AND reach.below = 1) OR next.successor_id = reach.id"
        f") SELECT DISTINCT id FROM reach"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*below, *alone])
        return frozenset(row[0] for row in cursor.fetchall())


def agency_in_force(agency: Agency, day: date) -> Agency:
    """The agency that does `agency`'s work on `day`: itself, or — once it ended by a merger —
    its successor, followed until one is in force."""
    seen: set[int] = set()
    while agency.valid_to is not None and agency.valid_to < day and agency.successor_id:
        if agency.pk in seen:  # a cycle cannot be written by unit_merge; never loop on one
            break
        seen.add(agency.pk)
        agency = Agency.objects.get(pk=agency.successor_id)
    return agency


def unit_subtree_ids(root_ids: Iterable[int]) -> frozenset[int]:
    """The given administrative units, all units below them, and the units merged into any of
    these (with theirs): a commune's records include those of the communes it succeeded, and a
    province's those of the province merged into it."""
    return _subtree_ids(AdministrativeUnit._meta.db_table, root_ids, with_predecessors=True)


def _subtree_ids(
    table: str, root_ids: Iterable[int], *, with_predecessors: bool = False
) -> frozenset[int]:
    roots = sorted(set(root_ids))
    if not roots:
        return frozenset()
    placeholders = ", ".join(["%s"] * len(roots))
    # One recursive term (PostgreSQL allows no other): a child, or a unit merged into one reached.
    joined = "child.parent_id = subtree.id" + (
        " OR child.successor_id = subtree.id" if with_predecessors else ""
    )
    sql = (
        f"WITH RECURSIVE subtree(id) AS ("  # noqa: S608 - only the table name is interpolated
        f" SELECT id FROM {table} WHERE id IN ({placeholders})"
        f" UNION SELECT child.id FROM {table} child JOIN subtree ON {joined}"
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

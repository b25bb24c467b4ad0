"""The one place that decides what a staff member may see and do.

Every view, API and selector that touches agency-owned data asks this module. Data belongs to an
agency; a user reaches agencies through the positions they hold:

- clerks, specialists and hotline operators: their own agency;
- department leaders, signing authorities and centre managers: their agency and its descendants;
- inspectors: their agency and its descendants, read-only;
- reform officers (Home Affairs, who monitor every unit): everything, read-only;
- system administrators and superusers: everything.

What a user may not see is answered as "not found", so that its existence is never revealed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound, PermissionDenied
from motcua.org.models import Agency, Position, Role
from motcua.org.selectors import active_positions, agency_reach_ids, agency_subtree_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User

M = TypeVar("M", bound=Model)


class Reach(enum.Enum):
    OWN_AGENCY = "own_agency"
    SUBTREE = "subtree"
    EVERYTHING = "everything"


@dataclass(frozen=True, slots=True)
class RoleRule:
    reach: Reach
    writes: bool


ROLE_RULES: dict[Role, RoleRule] = {
    Role.CLERK: RoleRule(Reach.OWN_AGENCY, writes=True),
    Role.SPECIALIST: RoleRule(Reach.OWN_AGENCY, writes=True),
    Role.HOTLINE_OPERATOR: RoleRule(Reach.OWN_AGENCY, writes=True),
    Role.DEPARTMENT_LEADER: RoleRule(Reach.SUBTREE, writes=True),
    Role.SIGNING_AUTHORITY: RoleRule(Reach.SUBTREE, writes=True),
    Role.CENTRE_MANAGER: RoleRule(Reach.SUBTREE, writes=True),
    Role.INSPECTOR: RoleRule(Reach.SUBTREE, writes=False),
    Role.REFORM_OFFICER: RoleRule(Reach.EVERYTHING, writes=False),
    Role.SYSTEM_ADMIN: RoleRule(Reach.EVERYTHING, writes=True),
}


@dataclass(frozen=True, slots=True)
class Scope:
    """The agencies a user may read and write, computed once per request."""

    roles: frozenset[Role]
    reads_everything: bool
    writes_everything: bool
    readable_agency_ids: frozenset[int]
    writable_agency_ids: frozenset[int]
    # The active positions held, as (agency id, role): who may act at which step.
    positions: frozenset[tuple[int, Role]] = frozenset()

    def holds(self, agency_id: int, role: Role | str) -> bool:
        return (agency_id, Role(role)) in self.positions

    def can_read(self, agency_id: int) -> bool:
        return self.reads_everything or agency_id in self.readable_agency_ids

    def can_write(self, agency_id: int) -> bool:
        return self.writes_everything or agency_id in self.writable_agency_ids

    def filter_readable(
        self, queryset: QuerySet[M], *, agency_field: str = "agency"
    ) -> QuerySet[M]:
        if self.reads_everything:
            return queryset
        return queryset.filter(**{f"{agency_field}__in": self.readable_agency_ids})

    def filter_writable(
        self, queryset: QuerySet[M], *, agency_field: str = "agency"
    ) -> QuerySet[M]:
        if self.writes_everything:
            return queryset
        return queryset.filter(**{f"{agency_field}__in": self.writable_agency_ids})


NO_SCOPE = Scope(frozenset(), False, False, frozenset(), frozenset())
_CACHE_ATTRIBUTE = "_motcua_scope"


def _compute_scope(user: User) -> Scope:
    positions = list(active_positions().filter(user=user).values_list("agency_id", "role"))
    held = frozenset((agency_id, Role(role)) for agency_id, role in positions)
    if user.is_superuser:
        return Scope(frozenset({Role.SYSTEM_ADMIN}), True, True, frozenset(), frozenset(), held)
    roles = frozenset(Role(role) for _, role in positions)
    rules = {role: ROLE_RULES[role] for role in roles}
    reads_everything = any(rule.reach is Reach.EVERYTHING for rule in rules.values())
    writes_everything = any(
        rule.reach is Reach.EVERYTHING and rule.writes for rule in rules.values()
    )

    def roots(*, writing: bool) -> tuple[set[int], set[int]]:
        """(own agencies, agencies read with their descendants) of the user's positions."""
        own = {
            agency_id
            for agency_id, role in positions
            if (not writing or ROLE_RULES[Role(role)].writes)
        }
        subtree_roots = {
            agency_id
            for agency_id, role in positions
            if ROLE_RULES[Role(role)].reach is not Reach.OWN_AGENCY
            and (not writing or ROLE_RULES[Role(role)].writes)
        }
        return own, subtree_roots

    def reached(*, writing: bool) -> frozenset[int]:
        own, subtree_roots = roots(writing=writing)
        if not writing:  # a successor's staff read the records of the agencies merged into it
            return agency_reach_ids(own, subtree_roots)
        return frozenset(own) | agency_subtree_ids(subtree_roots)

    readable = frozenset() if reads_everything else reached(writing=False)
    writable = frozenset() if writes_everything else reached(writing=True)
    return Scope(roles, reads_everything, writes_everything, readable, writable, held)


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object (one computation per request)."""
    if not user.is_authenticated:
        return NO_SCOPE
    cached: Scope | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _compute_scope(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's positions change within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_staff_member(user: User | AnonymousUser) -> bool:
    scope = scope_for(user)
    return bool(scope.roles) or scope.reads_everything


def check_staff_member(user: User | AnonymousUser) -> None:
    """For a staff-only reading API: anyone else is answered "not found", so that what exists
    is not revealed."""
    if not is_staff_member(user):
        raise NotFound


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    return bool(scope_for(user).roles.intersection(roles))


def is_system_admin(user: User | AnonymousUser) -> bool:
    return user.is_superuser or has_role(user, Role.SYSTEM_ADMIN)


def check_organisation_admin(user: User) -> None:
    """Changing the organisation (a merger and the open work it moves) is a system
    administrator's action."""
    if not is_system_admin(user):
        raise PermissionDenied(_("Only a system administrator may change the organisation."))


def access_agency(user: User | AnonymousUser, agency_id: int, *, for_write: bool = False) -> Agency:
    """The agency if the user may read it (and write it, when asked); otherwise an error.

    Unreadable agencies raise NotFound; readable but not writable ones raise PermissionDenied.
    """
    scope = scope_for(user)
    if not scope.can_read(agency_id):
        raise NotFound
    if for_write and not scope.can_write(agency_id):
        raise PermissionDenied
    try:
        return Agency.objects.select_related("unit", "parent").get(pk=agency_id)
    except Agency.DoesNotExist:
        raise NotFound from None


def visible_positions(user: User | AnonymousUser) -> QuerySet[Position]:
    """Staff positions the user may see: names and contacts of colleagues are personal data."""
    return scope_for(user).filter_readable(active_positions().select_related("user", "agency"))


# The roles that score their own unit in a PAR self-assessment (the unit's leaders and officials)
# and the one that appraises every unit (Home Affairs' reform officers, DESIGN.md "PAR index").
SELF_ASSESSING_ROLES = frozenset(
    {Role.SIGNING_AUTHORITY, Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER, Role.SPECIALIST}
)


def can_self_assess(user: User | AnonymousUser, unit_id: int) -> bool:
    """A leader or official of an agency of the unit scores the unit's PAR self-assessment."""
    if not user.is_authenticated:
        return False
    return (
        active_positions()
        .filter(user=user, agency__unit_id=unit_id, role__in=SELF_ASSESSING_ROLES)
        .exists()
    )


def can_appraise(user: User | AnonymousUser) -> bool:
    """The appraisal council: reform officers (and administrators)."""
    return user.is_authenticated and (
        bool(getattr(user, "is_superuser", False)) or has_role(user, Role.REFORM_OFFICER)
    )


def can_read_par_evidence(user: User | AnonymousUser, unit_id: int) -> bool:
    """The documents a unit gave as PAR evidence: the unit's own officials, the council and the
    inspectors read them (other units see the scores, not their files)."""
    return can_self_assess(user, unit_id) or can_appraise(user) or has_role(user, Role.INSPECTOR)


def can_run_surveys(user: User | AnonymousUser) -> bool:
    """Satisfaction surveys are run by the reform office (and administrators), as the PAR
    appraisal they feed."""
    return can_appraise(user)


def can_open_survey_kiosk(user: User | AnonymousUser) -> bool:
    """The desk's tablet: the one-stop clerk opens the questionnaire for the person served."""
    return can_run_surveys(user) or has_role(user, Role.CLERK)


# Directives (DESIGN.md "directives"): the chairman (the issuing agency's signing authority, or
# one above it) directs and accepts the reports; Home Affairs' reform officers of the same
# People's Committee record directives and follow them up for the chairman. A unit's leaders
# and officials report on the tasks assigned to their agency.
TASK_REPORTING_ROLES = frozenset(
    {Role.SIGNING_AUTHORITY, Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER, Role.SPECIALIST}
)


def can_direct(user: User | AnonymousUser, agency: Agency) -> bool:
    """Issue a directive in the name of `agency`, and accept or return the reports on it."""
    if not user.is_authenticated:
        return False
    if is_system_admin(user):
        return True
    positions = active_positions().filter(user=user)
    if positions.filter(role=Role.REFORM_OFFICER, agency__unit_id=agency.unit_id).exists():
        return True
    signing = positions.filter(role=Role.SIGNING_AUTHORITY).values_list("agency_id", flat=True)
    return agency.pk in agency_subtree_ids(signing)


def agencies_held_at_or_above(user: User, roles: frozenset[Role]) -> frozenset[int]:
    """The agencies where the user holds one of `roles`, and those below the ones where such a
    role reaches down (two queries, for any number of agencies to check)."""
    positions = list(
        active_positions().filter(user=user, role__in=roles).values_list("agency_id", "role")
    )
    above = [agency for agency, role in positions if ROLE_RULES[Role(role)].reach is Reach.SUBTREE]
    held = frozenset(agency for agency, _role in positions)
    return held | agency_subtree_ids(above) if above else held


def can_report_task(user: User | AnonymousUser, agency_id: int) -> bool:
    """Report progress on a task assigned to this agency: its leaders and officials, or a
    leader of an agency above it."""
    if not user.is_authenticated:
        return False
    return agency_id in agencies_held_at_or_above(user, TASK_REPORTING_ROLES)


# The roles that inspect: an inspecting agency's leaders, officials and inspectors (Home Affairs
# inspects the one-stop units, Justice the legal documents, a commune's chairman its own desk).
INSPECTING_ROLES = frozenset(
    {Role.SIGNING_AUTHORITY, Role.DEPARTMENT_LEADER, Role.REFORM_OFFICER, Role.INSPECTOR,
     Role.SPECIALIST}
)  # fmt: skip


def can_inspect(user: User | AnonymousUser, agency_id: int) -> bool:
    """Plan and record inspections in the name of this agency."""
    if not user.is_authenticated:
        return False
    return is_system_admin(user) or agency_id in agencies_held_at_or_above(user, INSPECTING_ROLES)

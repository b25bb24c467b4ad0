"""The staff navigation: which sections each role sees (later issues add their sections here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from motcua.org.access import scope_for
from motcua.org.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role] | None  # None: every staff member
    badge: str | None = None  # dotted path of a function(user) -> count, from an app above org

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Who follows directives: the chairmen and Home Affairs who assign, the inspectors, and the
# leaders and officials of the units that report on their tasks.
DIRECTIVE_ROLES = frozenset(
    {Role.REFORM_OFFICER, Role.SIGNING_AUTHORITY, Role.INSPECTOR, Role.DEPARTMENT_LEADER,
     Role.CENTRE_MANAGER, Role.SPECIALIST}
)  # fmt: skip

# Who follows directives: the chairmen and Home Affairs who assign, the inspectors, and the
# leaders and officials of the units that report on their tasks.
DIRECTIVE_ROLES = frozenset(
    {Role.REFORM_OFFICER, Role.SIGNING_AUTHORITY, Role.INSPECTOR, Role.DEPARTMENT_LEADER,
     Role.CENTRE_MANAGER, Role.SPECIALIST}
)  # fmt: skip

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Dashboard"), "staff-dashboard", None),
    NavItem(_("My work"), "staff-work", None, badge="motcua.dossiers.selectors.queue_badge"),
    NavItem(_("Desk"), "staff-desk", frozenset({Role.CLERK})),
    NavItem(
        _("Approvals"),
        "staff-approvals",
        frozenset({Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY}),
    ),
    NavItem(_("Dossiers"), "staff-dossiers", None),
    NavItem(_("Sign results"), "signatures-sign", frozenset({Role.SIGNING_AUTHORITY})),
    NavItem(_("Results registry"), "signatures-registry", None),
    NavItem(_("Hotline"), "petitions-hotline", frozenset({Role.HOTLINE_OPERATOR})),
    NavItem(
        _("Petitions"),
        "petitions-list",
        frozenset(
            {Role.HOTLINE_OPERATOR, Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY}
        ),
    ),
    NavItem(_("Statistics"), "stats-statistics", None),
    NavItem(
        _("PAR index"),
        "par-sets",
        frozenset({Role.REFORM_OFFICER, Role.SIGNING_AUTHORITY, Role.INSPECTOR, Role.SYSTEM_ADMIN}),
    ),
    NavItem(
        _("Service index"),
        "indices-766",
        frozenset(
            {Role.REFORM_OFFICER, Role.SIGNING_AUTHORITY, Role.INSPECTOR, Role.CENTRE_MANAGER}
        ),
    ),
    NavItem(
        _("Directives"),
        "directives",
        DIRECTIVE_ROLES,
        badge="motcua.directives.selectors.overdue_badge",
    ),
    NavItem(_("Inspections"), "directive-inspections", DIRECTIVE_ROLES),
    NavItem(
        _("Emulation"),
        "directive-emulation",
        frozenset({Role.REFORM_OFFICER, Role.SIGNING_AUTHORITY, Role.INSPECTOR}),
    ),
    NavItem(_("Satisfaction surveys"), "surveys-campaigns", frozenset({Role.REFORM_OFFICER})),
    NavItem(_("Catalogue"), "catalog-catalogue", None),
    NavItem(_("Process audit"), "catalog-audit", None),
    NavItem(_("Organisation"), "org-agency-list", None),
    NavItem(_("Calendar"), "workcal-current-year", None),
    NavItem(_("Administration"), "admin:index", frozenset({Role.SYSTEM_ADMIN})),
    NavItem(_("API"), "api-docs", frozenset({Role.SYSTEM_ADMIN})),
)


@dataclass(frozen=True, slots=True)
class NavEntry:
    label: str | Promise
    url: str
    count: int | None
    current: bool = False  # the page shown is this section or one of its pages


def nav_items_for(user: User | AnonymousUser, path: str = "") -> list[NavEntry]:
    scope = scope_for(user)
    if not scope.roles:
        return []
    entries = [
        NavEntry(item.label, item.url, import_string(item.badge)(user) if item.badge else None)
        for item in NAV_ITEMS
        if item.roles is None or scope.roles & item.roles
    ]
    # The longest section address the path starts with ("/staff/" is the dashboard's alone).
    sections = [entry for entry in entries if path == entry.url or path.startswith(entry.url)]
    best = max(sections, key=lambda entry: len(entry.url), default=None)
    return [
        NavEntry(entry.label, entry.url, entry.count, current=True) if entry is best else entry
        for entry in entries
    ]

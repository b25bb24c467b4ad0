"""What each role finds on landing: the work waiting for them, counted, one click from it.

The dashboard reads every domain (dossiers, petitions, statistics, the catalogue audit), so it
sits above them all; each card is built only for the roles it serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.selectors import audit_processes, process_steps_prefetch, processes_in_force
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.selectors import (
    QueueItem,
    awaiting_signature,
    dossiers_for,
    submitted_online_for,
    work_queues,
)
from motcua.org.access import scope_for
from motcua.org.models import Role
from motcua.petitions.models import OPEN_STATUSES
from motcua.petitions.selectors import petitions_for, to_triage
from motcua.stats.kpi import Counts, Targets
from motcua.stats.selectors import GroupBy, statistics_table, targets

URGENT_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    count: int
    url: str
    link_text: str
    urgent: bool = False  # overdue work: the card is marked, in words as well


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """A unit's year so far against the targets (the reform officer's and chairman's view)."""

    label: str
    counts: Counts
    on_time_met: bool | None
    early_met: bool | None


@dataclass(slots=True)
class Dashboard:
    cards: list[Card] = field(default_factory=list)
    urgent: list[QueueItem] = field(default_factory=list)  # my most urgent steps
    units: list[UnitFigures] = field(default_factory=list)
    total: Counts | None = None
    targets: Targets | None = None
    year_start: date | None = None


def dashboard_for(user: User) -> Dashboard:
    roles = scope_for(user).roles
    board = Dashboard()
    if roles & {Role.CLERK}:
        _desk_cards(user, board)
    if roles & {Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY, Role.CLERK}:
        _work_cards(
            user, board, signing=bool(roles & {Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY})
        )
    if roles & {Role.HOTLINE_OPERATOR}:
        _hotline_cards(user, board)
    if roles & {Role.SIGNING_AUTHORITY, Role.REFORM_OFFICER, Role.CENTRE_MANAGER, Role.INSPECTOR}:
        _unit_figures(user, board)
    if roles & {Role.REFORM_OFFICER, Role.CENTRE_MANAGER}:
        _audit_card(board)
    return board


def _desk_cards(user: User, board: Dashboard) -> None:
    desk = reverse("staff-desk")
    readable = dossiers_for(user)
    board.cards += [
        Card(
            _("Online dossiers to check"),
            submitted_online_for(user).count(),
            desk,
            _("Open the desk"),
        ),
        Card(
            _("Results to return"),
            readable.filter(status=DossierStatus.READY_TO_RETURN).count(),
            reverse("staff-desk-return"),
            _("Return results"),
        ),
    ]


def _work_cards(user: User, board: Dashboard, *, signing: bool) -> None:
    queues = work_queues(user)
    work = reverse("staff-work")
    overdue = len(queues["overdue"])
    board.cards += [
        Card(
            _("Overdue"),
            overdue,
            f"{work}?tab=overdue",
            _("See the overdue steps"),
            urgent=bool(overdue),
        ),
        Card(
            _("Due soon"),
            len(queues["due_soon"]),
            f"{work}?tab=due_soon",
            _("See what is due soon"),
        ),
        Card(_("To take"), len(queues["to_take"]), f"{work}?tab=to_take", _("Take one")),
    ]
    if signing:
        board.cards.insert(
            0,
            Card(
                _("To approve or sign"),
                len(awaiting_signature(queues)),
                reverse("staff-approvals"),
                _("Open the approvals"),
            ),
        )
    mine = sorted(
        queues["mine"] + queues["to_take"], key=lambda item: item.timing.remaining_seconds
    )
    board.urgent = mine[:URGENT_SHOWN]


def _hotline_cards(user: User, board: Dashboard) -> None:
    now = timezone.now()
    late = petitions_for(user).filter(status__in=OPEN_STATUSES, due_at__lt=now).count()
    board.cards += [
        Card(
            _("Petitions to triage"),
            to_triage(user).count(),
            reverse("petitions-hotline"),
            _("Open the hotline"),
        ),
        Card(
            _("Petitions past their answer date"),
            late,
            reverse("petitions-list"),
            _("See the petitions"),
            urgent=bool(late),
        ),
    ]


def _unit_figures(user: User, board: Dashboard) -> None:
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    table = statistics_table(dossiers_for(user), start=start, end=today, group_by=GroupBy.UNIT)
    board.targets = targets()
    board.total = table.total
    board.year_start = start
    for row in table.rows:
        on_time_met, early_met = row.counts.meets(board.targets)
        board.units.append(UnitFigures(row.label, row.counts, on_time_met, early_met))
    # Units below a target first: they are the ones to look at.
    board.units.sort(key=lambda unit: (unit.on_time_met is not False, unit.early_met is not False))


def _audit_card(board: Dashboard) -> None:
    today = timezone.localdate()
    processes = processes_in_force(today).prefetch_related(process_steps_prefetch())
    blocking = sum(1 for audit in audit_processes(processes, on=today) if audit.blocking)
    board.cards.append(
        Card(
            _("Processes with a blocking finding"),
            blocking,
            reverse("catalog-audit"),
            _("Open the process audit"),
            urgent=bool(blocking),
        )
    )

"""Reads of dossiers, scoped to what the user may see (org/access.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.dossiers.guards import STEP_BUTTONS, step_action_refusal
from motcua.dossiers.lifecycle import Action, is_legal
from motcua.dossiers.models import (
    OPEN_STATUSES,
    OPEN_STEP,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStatus,
    DossierStep,
)
from motcua.dossiers.timing import is_due_soon
from motcua.org.access import scope_for
from motcua.org.models import Role
from motcua.org.selectors import active_positions
from motcua.workcal.calendar import period_bounds
from motcua.workcal.services import calendar_for


def dossiers_for(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Dossiers received by an agency the user may read, or with a step in one."""
    scope = scope_for(user)
    dossiers = Dossier.objects.select_related(
        "agency", "procedure_version__procedure", "current_step"
    )
    dossiers = dossiers.exclude(status=DossierStatus.DRAFT)  # the applicant's, until confirmed
    if scope.reads_everything:
        return dossiers
    readable = scope.readable_agency_ids
    return dossiers.filter(
        Q(agency_id__in=readable)
        | Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=readable))
    )


def dossier_readable_by(user: User | AnonymousUser, dossier: Dossier) -> bool:
    """The rule of `dossiers_for` for one loaded dossier (its current step loaded): a query
    only when neither its agency nor its open step's is the user's."""
    if dossier.status == DossierStatus.DRAFT:
        return False
    scope = scope_for(user)
    if scope.reads_everything:
        return True
    readable = scope.readable_agency_ids
    step = dossier.current_step
    if dossier.agency_id in readable or (step is not None and step.agency_id in readable):
        return True
    return DossierStep.objects.filter(dossier=dossier, agency_id__in=readable).exists()


def submitted_online_for(user: User) -> QuerySet[Dossier]:
    """Online dossiers waiting for a clerk of the user's desks to check them, oldest first."""
    desks = active_positions().filter(user=user, role=Role.CLERK).values("agency_id")
    return (
        Dossier.objects.filter(status=DossierStatus.SUBMITTED, agency_id__in=desks)
        .select_related("procedure_version", "agency")
        .order_by("submitted_at", "pk")
    )


def dossier_for(user: User | AnonymousUser, code: str) -> Dossier:
    wanted = code.strip().upper()
    dossier = dossiers_for(user).filter(Q(code=wanted) | Q(reference=wanted)).first()
    if dossier is None:
        raise NotFound
    return dossier


def overdue_now() -> Q:
    """Open dossiers past their appointment (the clock not paused for supplementation)."""
    return Q(
        status__in=OPEN_STATUSES - {DossierStatus.AWAITING_SUPPLEMENT},
        due_at__lt=timezone.now(),
        resolved_at__isnull=True,
    )


def dossier_filter(
    dossiers: QuerySet[Dossier],
    *,
    agency_id: int | None = None,
    status: str | None = None,
    procedure_code: str | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool = False,
    query: str = "",
) -> QuerySet[Dossier]:
    """Filters of the dossier lists and the API; `query` matches code or applicant, no accents."""
    if agency_id is not None:
        dossiers = dossiers.filter(agency_id=agency_id)
    if status:
        dossiers = dossiers.filter(status=status)
    if procedure_code:
        dossiers = dossiers.filter(procedure_version__procedure__code=procedure_code.upper())
    if received_from:
        dossiers = dossiers.filter(received_at__gte=period_bounds(received_from, received_from)[0])
    if received_to:
        dossiers = dossiers.filter(received_at__lte=period_bounds(received_to, received_to)[1])
    if overdue:
        dossiers = dossiers.filter(overdue_now())
    for word in fold(query).split()[:6]:
        dossiers = dossiers.filter(Q(code__icontains=word) | Q(applicant_folded__contains=word))
    return dossiers


@dataclass(frozen=True, slots=True)
class Timing:
    remaining_seconds: int  # working time left; negative when overdue
    due_soon: bool
    overdue: bool


def time_left(*, agency_id: int, started_at: datetime, due_at: datetime, now: datetime) -> Timing:
    """Working time left before `due_at` as seen at `now`, and whether it is due soon."""
    calendar = calendar_for(agency_id)
    if now <= due_at:
        remaining = calendar.working_seconds_between(now, due_at)
    else:
        remaining = -calendar.working_seconds_between(due_at, now)
    total = calendar.working_seconds_between(started_at, due_at) if started_at < due_at else 0
    return Timing(
        remaining_seconds=remaining,
        due_soon=is_due_soon(
            remaining_seconds=remaining,
            total_seconds=total,
            share=settings.MOTCUA_DUE_SOON_SHARE,
        ),
        overdue=remaining < 0 or (remaining == 0 and now > due_at),
    )


def dossier_time_left(dossier: Dossier, *, now: datetime | None = None) -> Timing | None:
    """For an open dossier with an appointment; the clock stands still while it is paused."""
    if not dossier.is_open or dossier.due_at is None or dossier.received_at is None:
        return None
    if dossier.resolved_at is not None:
        return None
    return time_left(
        agency_id=dossier.agency_id,
        started_at=dossier.received_at,
        due_at=dossier.due_at,
        now=dossier.paused_at or now or timezone.now(),
    )


def available_actions(user: User, dossier: Dossier) -> list[Action]:
    """The actions this user may take on the dossier now (the services check again)."""
    if isinstance(user, AnonymousUser) or not dossier.is_open:
        return []
    roles = set(active_positions().filter(user=user).values_list("agency_id", "role"))
    actions = [
        action
        for action in STEP_BUTTONS
        if step_action_refusal(action, dossier, actor_id=user.pk, held=roles) is None
    ]
    if (dossier.agency_id, Role.CLERK) in roles:
        actions += [a for a in (Action.SUPPLY, Action.WITHDRAW) if is_legal(a, dossier.status)]
    return actions


def _receiving_clerk_may(user: User, dossier: Dossier, action: Action) -> bool:
    """A clerk of the receiving agency, on a dossier whose state allows the action (the
    service checks again)."""
    return is_legal(action, dossier.status) and (
        active_positions().filter(user=user, agency_id=dossier.agency_id, role=Role.CLERK).exists()
    )


def can_record_fees(user: User, dossier: Dossier) -> bool:
    return _receiving_clerk_may(user, dossier, Action.RECORD_FEE)


QUEUES = ("to_take", "mine", "due_soon", "overdue", "awaiting_supplement", "sent_back")


def _open_steps_for(user: User) -> QuerySet[DossierStep]:
    pairs = list(active_positions().filter(user=user).values_list("agency_id", "role"))
    if not pairs:
        return DossierStep.objects.none()
    in_pool = Q()
    for agency_id, role in pairs:
        in_pool |= Q(agency_id=agency_id, role=role)
    return DossierStep.objects.filter(
        (Q(assignee__isnull=True) & in_pool) | Q(assignee=user),
        OPEN_STEP,  # as the open steps' indexes are defined
        dossier__current_step=F("pk"),
    ).select_related("dossier__procedure_version", "agency", "process_step")


@dataclass(frozen=True, slots=True)
class QueueItem:
    step: DossierStep
    timing: Timing


def work_queues(user: User, *, now: datetime | None = None) -> dict[str, list[QueueItem]]:
    """The user's work: steps to take from their roles' pools, their own steps, and views of
    them (due soon, overdue, waiting for the applicant, sent back to them), each sorted by the
    working time left."""
    now = now or timezone.now()
    queues: dict[str, list[QueueItem]] = {name: [] for name in QUEUES}
    steps = list(_open_steps_for(user))
    sent_back = set(
        DossierEvent.objects.filter(
            action="send_back", dossier__in=[s.dossier_id for s in steps]
        ).values_list("dossier_id", "sequence")
    )
    last_sequence = dict(
        DossierEvent.objects.filter(dossier__in=[s.dossier_id for s in steps])
        .values("dossier_id")
        .annotate(last=Max("sequence"))
        .values_list("dossier_id", "last")
    )
    for step in steps:
        dossier = step.dossier
        paused = dossier.status == DossierStatus.AWAITING_SUPPLEMENT
        item = QueueItem(
            step,
            time_left(
                agency_id=step.agency_id, started_at=step.started_at, due_at=step.due_at,
                now=dossier.paused_at if paused and dossier.paused_at else now,
            ),
        )  # fmt: skip
        if paused:
            queues["awaiting_supplement"].append(item)
            continue
        queues["mine" if step.assignee_id == user.pk else "to_take"].append(item)
        if item.timing.overdue:
            queues["overdue"].append(item)
        elif item.timing.due_soon:
            queues["due_soon"].append(item)
        if step.assignee_id == user.pk and (dossier.pk, last_sequence.get(dossier.pk)) in sent_back:
            queues["sent_back"].append(item)
    for items in queues.values():
        items.sort(key=lambda item: item.timing.remaining_seconds)
    return queues


# The steps a leader approves or a signing authority signs, from the approvals list.
SIGNING_STEP_KINDS = frozenset({"approve", "sign"})


def awaiting_signature(queues: dict[str, list[QueueItem]]) -> list[QueueItem]:
    """The user's steps that wait for their approval or signature, most urgent first."""
    items = [
        item for item in queues["to_take"] + queues["mine"] if item.step.kind in SIGNING_STEP_KINDS
    ]
    items.sort(key=lambda item: item.timing.remaining_seconds)
    return items


def whereabouts(step: DossierStep | None) -> dict[str, str]:
    """Where a dossier stands, for the messages that say it: the step, its role, its agency."""
    if step is None:
        return {"step": "", "role": "", "agency": ""}
    return {
        "step": step.process_step.name,
        "role": str(step.get_role_display()),
        "agency": step.agency.name,
    }


def queue_badge(user: User | AnonymousUser) -> int:
    """How many steps wait for the user (their own and their pools'), for the navigation."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return 0
    return _open_steps_for(user).exclude(dossier__status=DossierStatus.AWAITING_SUPPLEMENT).count()


def late_step(steps: list[DossierStep]) -> DossierStep | None:
    """The step that made a late dossier late: of its steps finished after their due instant,
    the one that overran it by the most working time (None when every step was in time)."""
    worst: tuple[float, DossierStep] | None = None
    for step in steps:
        if step.timeliness != "late" or step.finished_at is None:
            continue
        overrun = calendar_for(step.agency_id).working_seconds_between(
            step.due_at, step.finished_at
        )
        if worst is None or overrun > worst[0]:
            worst = (overrun, step)
    return worst[1] if worst else None


def can_certify_scans(user: User, dossier: Dossier) -> bool:
    return _receiving_clerk_may(user, dossier, Action.CERTIFY_SCAN)


def digitised_copies(id_number: str) -> QuerySet[DossierComponent]:
    """The certified digitised copies of this applicant's earlier dossiers, newest first — what
    the desk reuses instead of asking for the documents again."""
    if not id_number.strip():
        return DossierComponent.objects.none()
    return (
        DossierComponent.objects.filter(
            dossier__applicant_id_number=id_number.strip(), certified_at__isnull=False
        )
        .exclude(file="")
        .select_related("dossier")
        .order_by("-certified_at")
    )

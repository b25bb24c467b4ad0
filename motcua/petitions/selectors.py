"""What the petition pages read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.text import fold
from motcua.org.models import Role
from motcua.org.selectors import active_positions
from motcua.petitions.models import OPEN_STATUSES, Petition, Status
from motcua.workcal.calendar import period_bounds

AGENCY_ROLES = (Role.SPECIALIST, Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY)


def operated_offices(user: User) -> list[int]:
    return list(
        active_positions()
        .filter(user=user, role=Role.HOTLINE_OPERATOR)
        .values_list("agency_id", flat=True)
    )


def petitions_for(user: User) -> QuerySet[Petition]:
    """The petitions a staff member works on: all of their hotline office's, and those
    assigned to an agency where they are a specialist or a leader."""
    agencies = active_positions().filter(user=user, role__in=AGENCY_ROLES).values("agency_id")
    return Petition.objects.select_related("agency", "office").filter(
        Q(office_id__in=operated_offices(user)) | Q(agency_id__in=agencies)
    )


def to_triage(user: User) -> QuerySet[Petition]:
    return (
        petitions_for(user)
        .filter(office_id__in=operated_offices(user), status__in=[Status.RECEIVED, Status.REOPENED])
        .order_by("due_at")
    )


def published_answers(query: str = "") -> QuerySet[Petition]:
    """Answers published with the petitioner's consent, newest first; every word must match
    (no accents needed)."""
    answers = Petition.objects.filter(published_at__isnull=False).select_related("agency")
    for word in fold(query).split()[:8]:
        answers = answers.filter(public_folded__contains=word)
    return answers.order_by("-published_at")


@dataclass(frozen=True)
class PetitionCounts:
    agency: str
    kind: str
    received: int
    answered: int
    answered_on_time: int
    open_overdue: int

    @property
    def on_time_rate(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None


def petition_statistics(
    petitions: QuerySet[Petition], start: date, end: date
) -> list[PetitionCounts]:
    """Per responsible agency and kind, over the petitions given (those the user may read):
    received in the period, answered (on time: by the deadline the answer was held to), and
    still open past their deadline now. One grouped query."""
    first, last = period_bounds(start, end)
    now = timezone.now()
    rows = (
        petitions.filter(received_at__gte=first, received_at__lte=last)
        .exclude(status=Status.MERGED)
        .values("agency__name", "kind")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count(
                "pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("answer_due_at"))
            ),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
        )
        .order_by("agency__name", "kind")
    )
    return [
        PetitionCounts(
            agency=row["agency__name"] or "",
            kind=row["kind"],
            received=row["received"],
            answered=row["answered"],
            answered_on_time=row["on_time"],
            open_overdue=row["overdue"],
        )
        for row in rows
    ]


def answered_in(unit_ids: Iterable[int], start: date, end: date) -> QuerySet[Petition]:
    """The petitions the agencies of these units answered between two days (inclusive), with
    the deadline they were held to."""
    first, last = period_bounds(start, end)
    return Petition.objects.filter(
        agency__unit_id__in=list(unit_ids),
        answered_at__gte=first,
        answered_at__lte=last,
        answer_due_at__isnull=False,
    )


def answered_on_time(unit_ids: Iterable[int], start: date, end: date) -> tuple[int, int]:
    """(answered by their deadline, answered) — the PAR criterion's and the 766 indicator's."""
    answered = answered_in(unit_ids, start, end)
    return answered.filter(answered_at__lte=F("answer_due_at")).count(), answered.count()

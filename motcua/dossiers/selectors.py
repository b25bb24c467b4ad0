"""Reads of dossiers, scoped to what the user may see (org/access.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.dossiers.models import OPEN_STATUSES, Dossier, DossierStatus, DossierStep
from motcua.org.access import scope_for
from motcua.workcal.calendar import VIETNAM


def dossiers_for(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Dossiers received by an agency the user may read, or with a step in one."""
    scope = scope_for(user)
    dossiers = Dossier.objects.select_related(
        "agency", "procedure_version__procedure", "current_step"
    )
    if scope.reads_everything:
        return dossiers
    readable = scope.readable_agency_ids
    return dossiers.filter(
        Q(agency_id__in=readable)
        | Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=readable))
    )


def dossier_for(user: User | AnonymousUser, code: str) -> Dossier:
    dossier = dossiers_for(user).filter(code=code.strip().upper()).first()
    if dossier is None:
        raise NotFound
    return dossier


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
        dossiers = dossiers.filter(
            received_at__gte=datetime.combine(received_from, time.min, tzinfo=VIETNAM)
        )
    if received_to:
        dossiers = dossiers.filter(
            received_at__lte=datetime.combine(received_to, time.max, tzinfo=VIETNAM)
        )
    if overdue:
        dossiers = dossiers.filter(
            status__in=OPEN_STATUSES - {DossierStatus.AWAITING_SUPPLEMENT},
            due_at__lt=timezone.now(),
            resolved_at__isnull=True,
        )
    for word in fold(query).split()[:6]:
        dossiers = dossiers.filter(Q(code__icontains=word) | Q(applicant_folded__contains=word))
    return dossiers

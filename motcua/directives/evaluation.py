"""The emulation evaluation Home Affairs proposes: every unit under a People's Committee (its
departments, centre and communes) scored for a year from what motcua holds — directive tasks
and reports done on time, inspection items met, the PAR index, the statistics targets — with
the weights of the year, and ranked (directives.emulation computes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone

from motcua.directives import emulation
from motcua.directives.models import (
    Assignment,
    AssignmentStatus,
    CheckResult,
    EmulationWeights,
    TaskKind,
)
from motcua.directives.selectors import TaskState, assignment_state
from motcua.org.models import Agency, AgencyKind
from motcua.org.selectors import agency_subtree_ids
from motcua.par.models import Assessment
from motcua.par.services import scorecard
from motcua.stats.selectors import targets
from motcua.stats.services import table_for
from motcua.workcal.calendar import period_bounds


@dataclass(frozen=True, slots=True)
class Evaluated:
    agency: Agency
    rates: dict[str, Fraction | None]
    score: emulation.Score
    rank: int | None = None


def weights_for(year: int) -> dict[str, int]:
    row = EmulationWeights.objects.filter(year=year).first()
    if row is None:
        return dict(emulation.DEFAULT_WEIGHTS)
    return {name: getattr(row, name) for name in emulation.MEASURES}


def units_under(committee: Agency, year: int) -> list[Agency]:
    """The agencies directly under the committee that existed during the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return list(
        Agency.objects.filter(parent=committee, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("unit")
        .order_by("code")
    )


def _on_time(agencies: frozenset[int], kind: TaskKind, year: int) -> Fraction | None:
    """Of the assignments due in the year — those whose deadline has passed, and those done
    ahead of it —, the ones done by their deadline."""
    first, last = period_bounds(date(year, 1, 1), date(year, 12, 31))
    due = Assignment.objects.filter(
        agency_id__in=agencies, task__kind=kind, due_at__gte=first, due_at__lte=last
    ).filter(Q(due_at__lte=timezone.now()) | Q(status=AssignmentStatus.DONE))
    now = timezone.now()
    states = [assignment_state(a, now) for a in due]  # the overview's rule of "on time"
    return emulation.rate(states.count(TaskState.DONE_ON_TIME), len(states))


def _inspections(agencies: frozenset[int], year: int) -> Fraction | None:
    checked = CheckResult.objects.filter(
        inspection__inspected_agency_id__in=agencies, inspection__inspected_on__year=year
    )
    return emulation.rate(checked.filter(passed=True).count(), checked.count())


def _par(agency: Agency, year: int) -> Fraction | None:
    if agency.kind != AgencyKind.PEOPLES_COMMITTEE:
        return None
    assessment = (
        Assessment.objects.filter(unit_id=agency.unit_id, criteria_set__year=year)
        .select_related("criteria_set", "unit")
        .first()
    )
    if assessment is None:
        return None
    maximum = assessment.criteria_set.direct_max + assessment.criteria_set.survey_max
    total = scorecard(assessment).total.total
    return Fraction(str(total)) / Fraction(str(maximum)) if maximum else None


def _statistics(agency: Agency, year: int) -> Fraction | None:
    code = agency.unit.code if agency.kind == AgencyKind.PEOPLES_COMMITTEE else agency.code
    counts = table_for(None, start=date(year, 1, 1), end=date(year, 12, 31), group_by="agency",
                       under=code).total  # fmt: skip
    goal = targets()
    return emulation.targets_rate(counts.on_time_rate, counts.early_rate, goal.on_time_rate,
                                  goal.early_rate)  # fmt: skip


def evaluation(committee: Agency, year: int) -> list[Evaluated]:
    """Every unit under the committee for the year, best first (units without any data last)."""
    weights = weights_for(year)
    rows = []
    for agency in units_under(committee, year):
        agencies = agency_subtree_ids([agency.pk])
        rates = {
            "tasks": _on_time(agencies, TaskKind.TASK, year),
            "reports": _on_time(agencies, TaskKind.REPORT, year),
            "inspections": _inspections(agencies, year),
            "par": _par(agency, year),
            "statistics": _statistics(agency, year),
        }
        rows.append(Evaluated(agency, rates, emulation.score(rates, weights)))
    places = emulation.ranked({str(row.agency.pk): row.score.share for row in rows})
    ranked = [Evaluated(r.agency, r.rates, r.score, places[str(r.agency.pk)]) for r in rows]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.agency.code))

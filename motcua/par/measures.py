"""The figures motcua measures itself for automatic PAR criteria, for a unit and a year, each with
the page that shows the number behind it (the evidence one click away):

- resolution — on-time and early rates, share of online dossiers — from the official statistics
  table (stats), so a criterion scored from them matches `/staff/statistics/` for the same unit
  and year;
- petitions answered by their deadline (the petitions the unit's agencies answered that year);
- ratings of returned dossiers that say "satisfied" or better;
- processes in force whose audit finds no defect (the seed's item 2: every process has its
  leader's and signer's steps, and someone to carry out each step).

A criterion whose measure is not here is scored by hand — never a silent zero; a measure with
nothing to count (no dossier resolved, no petition answered) gives no value either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.audit import FindingCode
from motcua.catalog.findings import DescribedFinding
from motcua.catalog.selectors import process_audit_report, processes_in_force
from motcua.core.errors import DomainError
from motcua.indices.services import unit_index
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_subtree_ids
from motcua.petitions.selectors import answered_on_time
from motcua.portal.models import Rating
from motcua.stats.kpi import Counts
from motcua.stats.services import table_for
from motcua.surveys.reports import campaign_report
from motcua.surveys.selectors import surveying
from motcua.workcal.calendar import period_bounds


@dataclass(frozen=True, slots=True)
class Measured:
    value: Fraction | None  # None: nothing to count in the year
    counted: str  # "118 / 120": the number behind the rate
    link: str  # the page that shows it


@dataclass(frozen=True, slots=True)
class Context:
    unit: AdministrativeUnit
    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def judged_on(self) -> date:
        """The year's last day, or today while the year runs."""
        return min(self.end, timezone.localdate())


def _rate(numerator: int, denominator: int) -> tuple[Fraction | None, str]:
    value = Fraction(numerator, denominator) if denominator else None
    return value, f"{numerator} / {denominator}"


def _statistics_link(context: Context) -> str:
    query = urlencode({"period": context.year, "unit": context.unit.code, "group_by": "unit"})
    return f"{reverse('stats-statistics')}?{query}"


def _counts(context: Context) -> Counts:
    table = table_for(
        None, start=context.start, end=context.end, group_by="unit", under=context.unit.code
    )
    return table.total


def _on_time(context: Context, counts: Counts) -> Measured:
    value, counted = _rate(counts.early + counts.on_time, counts.timed)
    return Measured(value, counted, _statistics_link(context))


def _early(context: Context, counts: Counts) -> Measured:
    value, counted = _rate(counts.early, counts.timed)
    return Measured(value, counted, _statistics_link(context))


def _online(context: Context, counts: Counts) -> Measured:
    value, counted = _rate(counts.new_online, counts.new)
    return Measured(value, counted, _statistics_link(context))


def _petitions_on_time(context: Context, _counts: Counts | None) -> Measured:
    on_time, answered = answered_on_time(
        unit_subtree_ids([context.unit.pk]), context.start, context.end
    )
    value, counted = _rate(on_time, answered)
    return Measured(value, counted, reverse("petitions-list"))


def _audit_clean(context: Context, _counts: Counts | None) -> Measured:
    processes = processes_in_force(context.judged_on).filter(
        Q(agency__unit_id__in=unit_subtree_ids([context.unit.pk]))
    )
    audits = process_audit_report(processes, on=context.judged_on, only_with_findings=False)
    clean = sum(1 for audit in audits if not any(_defect(finding) for finding in audit.findings))
    value, counted = _rate(clean, len(audits))
    return Measured(value, counted, reverse("catalog-audit"))


def _defect(finding: DescribedFinding) -> bool:
    """What the seed's item 2 asks to fix: a finding that blocks publication (a missing
    leader's or signer's step…), or a step nobody holds the role to carry out."""
    return finding.blocking or finding.code == FindingCode.ROLE_WITHOUT_STAFF


def _satisfied(context: Context, _counts: Counts | None) -> Measured:
    """Ratings given in the year on the unit's returned dossiers: "satisfied" or better."""
    first, last = period_bounds(context.start, context.end)
    ratings = Rating.objects.filter(
        dossier__agency__unit_id__in=unit_subtree_ids([context.unit.pk]),
        rated_at__gte=first,
        rated_at__lte=last,
    )
    value, counted = _rate(ratings.filter(overall__gte=4).count(), ratings.count())
    return Measured(value, counted, reverse("portal-units"))


def _index_766(context: Context, _counts: Counts | None) -> Measured:
    """The unit's Decision 766 index for the year, as a share of the points it could be computed
    on (indicators without data count neither way)."""
    try:
        found = unit_index(context.unit, start=context.start, end=context.judged_on)
    except DomainError:  # no indicator set in force that year
        return Measured(None, "—", reverse("indices-766"))
    query = urlencode({"unit": context.unit.code, "period": context.year})
    link = f"{reverse('indices-766')}?{query}"
    if found["total"] is None or not found["computed_on"]:
        return Measured(None, "—", link)
    share = Fraction(str(found["total"])) / Fraction(str(found["computed_on"]))
    return Measured(share, f"{found['total']} / {found['computed_on']}", link)


def _survey_index(context: Context, _counts: Counts | None) -> Measured:
    """The unit's satisfaction index in the last campaign of the year that surveyed it, when it
    reached the minimum sample."""
    for campaign in surveying(context.unit.pk).filter(end__year=context.year).order_by("-end"):
        unit = next(
            (u for u in campaign_report(campaign)["units"] if u["code"] == context.unit.code), None
        )
        link = reverse("surveys-campaign", args=[campaign.pk])
        if unit is not None and unit["enough"] and unit["index"] is not None:
            return Measured(Fraction(str(unit["index"])), f"n = {unit['n']}", link)
    return Measured(None, "—", reverse("surveys-campaigns"))


@dataclass(frozen=True, slots=True)
class Measure:
    label: str
    read: Callable[[Context, Counts], Measured]
    needs_statistics: bool = True


MEASURES: dict[str, Measure] = {
    "on_time_rate": Measure("Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn (biểu II.06a)", _on_time),
    "early_rate": Measure("Tỷ lệ hồ sơ giải quyết trước hạn (biểu II.06a)", _early),
    "online_share": Measure("Tỷ lệ hồ sơ tiếp nhận trực tuyến (biểu II.06a)", _online),
    "petitions_on_time": Measure(
        "Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn",
        _petitions_on_time,
        needs_statistics=False,
    ),
    "audit_clean": Measure(
        "Tỷ lệ quy trình nội bộ đang áp dụng đủ bước, có người xử lý (rà soát quy trình)",
        _audit_clean,
        needs_statistics=False,
    ),
    "index_766": Measure(
        "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766), tỷ lệ trên số điểm tính được",
        _index_766,
        needs_statistics=False,
    ),
    "survey_index": Measure(
        "Chỉ số hài lòng trong đợt khảo sát SIPAS của năm (đủ cỡ mẫu)",
        _survey_index,
        needs_statistics=False,
    ),
    "satisfied_share": Measure(
        "Tỷ lệ người dân đánh giá hài lòng trở lên với hồ sơ đã trả",
        _satisfied,
        needs_statistics=False,
    ),
}


def measured(keys: set[str], unit: AdministrativeUnit, year: int) -> dict[str, Measured]:
    """The measured figures for these keys (the statistics table is read at most once)."""
    known = keys & MEASURES.keys()
    if not known:
        return {}
    context = Context(unit, year)
    needs_table = any(MEASURES[key].needs_statistics for key in known)
    counts = _counts(context) if needs_table else Counts()
    return {key: MEASURES[key].read(context, counts) for key in known}

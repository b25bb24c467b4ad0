"""The Decision 766 index page: a unit's groups against their maxima, each indicator explained
(numerator, denominator, rate, threshold, points, the page behind it, what would raise it),
"no data" with what is missing, and the ranking among its sibling units."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.core.errors import DomainError
from motcua.core.views import XLSX, file_response
from motcua.documents.reports import heading_above, image_src, pyplot, svg
from motcua.indices import exports
from motcua.indices.services import monthly_trend, siblings_ranked, unit_index, units_in
from motcua.org.guards import staff_required
from motcua.org.models import AdministrativeUnit
from motcua.stats.services import resolve_period


def _groups_chart(index: dict) -> str:  # type: ignore[type-arg]
    plt = pyplot()
    groups = index["groups"]
    figure, axes = plt.subplots(figsize=(6, 0.5 * len(groups) + 0.8))
    labels = [f"{g['code']}. {g['name']}" for g in groups][::-1]
    axes.barh(labels, [g["max"] for g in groups][::-1], color="#e5e7e9")
    axes.barh(labels, [g["points"] or 0 for g in groups][::-1], height=0.5, color="#1d6b36")
    axes.tick_params(labelsize=8)
    return svg(figure)


def _trend_chart(months: list[dict[str, Any]]) -> str:
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(6, 2.2))
    known = [(m["month"][:2], m["share"]) for m in months if m["share"] is not None]
    axes.plot([label for label, _share in known], [share for _label, share in known],
              marker="o", color="#1d6b36")  # fmt: skip
    axes.set_ylim(0, 100)
    axes.axhline(90, color="#a3121a", linestyle="--", linewidth=1)
    axes.tick_params(labelsize=8)
    return svg(figure)


def _download(
    index: dict[str, Any], unit: AdministrativeUnit, period: str, kind: str
) -> HttpResponse:
    heading = heading_above([unit.pk], day=timezone.localdate(), fallback=unit.name)
    if kind == "xlsx":
        content = exports.index_xlsx(index, period=period, heading=heading)
        content_type = XLSX
    else:
        chart = image_src(_groups_chart(index))
        content = exports.index_pdf(index, period=period, heading=heading, chart=chart)
        content_type = "application/pdf"
    return file_response(
        content, filename=f"chi-so-766-{unit.code}.{kind}", content_type=content_type
    )


@staff_required
@require_GET
def index_766(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = request.GET.get("period") or f"{today.year}"
    code = request.GET.get("unit") or ""
    context: dict[str, object] = {"period": period, "code": code}
    try:
        start, end = resolve_period(period=period, start=None, end=None)
        units = units_in(start, end)
        context["units"] = units
        if code:
            [unit] = units_in(start, end, code)
            wanted = request.GET.get("format", "")
            if wanted in ("xlsx", "pdf"):
                return _download(unit_index(unit, start=start, end=end), unit, period, wanted)
            ranking = siblings_ranked(unit, start=start, end=end)
            # The unit is among its siblings, computed already (the same figures as alone).
            index = next((row for row in ranking if row["code"] == unit.code), None)
            index = index or unit_index(unit, start=start, end=end)
            trend = monthly_trend(unit, end=min(end, today))
            context.update(
                index=index, chart=image_src(_groups_chart(index)), start=start, end=end,
                ranking=ranking, trend=trend, trend_chart=image_src(_trend_chart(trend)),
            )  # fmt: skip
    except DomainError as error:
        context["problem"] = error.message
    return render(request, "indices/index766.html", context)

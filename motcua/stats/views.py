"""Staff statistics: the table against the targets, the monthly trend, drill-down to dossiers."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_id
from motcua.core.spreadsheets import csv_row
from motcua.core.views import XLSX, file_response
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_filter, dossiers_for
from motcua.org.guards import staff_required
from motcua.stats.exports import GROUPS, as_csv, as_pdf, as_xlsx, percent
from motcua.stats.kpi import Counts, parse_period
from motcua.stats.selectors import GroupBy, cell_dossiers, monthly_resolutions
from motcua.stats.services import book_for, resolve_period, scope_dossiers, table_for

TREND_MONTHS = 12


def _months_back(today: date, count: int) -> list[str]:
    months = []
    year, month = today.year, today.month
    for _month in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@staff_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = request.GET.get("period") or f"{today.year}"
    group_by = request.GET.get("group_by") or GroupBy.AGENCY
    unit = request.GET.get("unit") or None
    start, end = resolve_period(
        period=period if not request.GET.get("from") else None,
        start=request.GET.get("from"),
        end=request.GET.get("to"),
    )
    table = table_for(request.user, start=start, end=end, group_by=group_by, under=unit)
    output = request.GET.get("format")
    if output == "book":
        return file_response(
            book_for(request.user, start=start, end=end, under=unit),
            filename=f"so-theo-doi-{unit or 'tat-ca'}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            content_type=XLSX,
        )
    if output in ("xlsx", "csv", "pdf"):
        stem = f"thong-ke-{start:%Y%m%d}-{end:%Y%m%d}"
        title = _("Statistics of administrative procedure dossiers")
        if output == "csv":
            content, content_type = as_csv(table).encode("utf-8-sig"), "text/csv"
        elif output == "pdf":
            content, content_type = as_pdf(table, title=title), "application/pdf"
        else:
            content, content_type = as_xlsx(table, title=title), XLSX
        return file_response(content, filename=f"{stem}.{output}", content_type=content_type)
    months = _months_back(today, TREND_MONTHS)
    by_month = monthly_resolutions(
        scope_dossiers(dossiers_for(request.user), under=unit),
        start=parse_period(months[0])[0],
        end=parse_period(months[-1])[1],
    )
    trend = []
    for month in months:
        counts = by_month.get(month, Counts())
        trend.append((month, percent(counts.on_time_rate), percent(counts.early_rate)))
    worst = table_for(request.user, start=start, end=end, group_by="procedure", under=unit)
    worst_rows = sorted(
        (row for row in worst.rows if row.counts.timed),
        key=lambda row: (row.counts.on_time_rate or 0, -row.counts.timed),
    )[:5]
    overdue = dossier_filter(
        scope_dossiers(dossiers_for(request.user), under=unit), overdue=True
    ).order_by("due_at")[:20]
    return render(
        request,
        "stats/statistics.html",
        {
            "table": table,
            "groups": GROUPS,
            "period": period,
            "group_by": str(table.group_by),
            "group_choices": [g.value for g in GroupBy],
            "unit": unit or "",
            "worst": worst_rows,
            "overdue": overdue,
            "trend_json": json.dumps(
                {
                    "labels": [month for month, _a, _b in trend],
                    "on_time": [value for _m, value, _b in trend],
                    "early": [value for _m, _a, value in trend],
                    "targets": [
                        percent(table.targets.on_time_rate),
                        percent(table.targets.early_rate),
                    ],
                }
            ),
            "on_time_target": percent(table.targets.on_time_rate),
            "early_target": percent(table.targets.early_rate),
        },
    )


@staff_required
@require_GET
def statistics_cell(request: HttpRequest) -> HttpResponseBase:
    """The dossiers counted in one cell of the table."""
    params = request.GET
    start, end = resolve_period(period=None, start=params.get("from"), end=params.get("to"))
    try:
        group_by = GroupBy(params.get("group_by", "agency"))
    except ValueError:
        raise DomainError(str(params.get("group_by"))) from None
    key_text = params.get("key") or None
    # Every grouping but the channel is keyed by an id: a key that is not one matches nothing.
    key = key_text if group_by is GroupBy.CHANNEL else parse_id(key_text)
    if key_text is not None and key is None:
        raise NotFound
    try:
        dossiers = cell_dossiers(
            scope_dossiers(dossiers_for(request.user), under=params.get("unit") or None),
            start=start, end=end, group_by=group_by, key=key, column=params.get("column", ""),
        )  # fmt: skip
    except KeyError:
        raise NotFound from None
    if params.get("format") == "csv":
        return _stream_csv(dossiers)
    return render(
        request,
        "stats/cell.html",
        {
            "dossiers": dossiers.select_related("procedure_version").order_by("received_at")[:500],
            "count": dossiers.count(),
            "start": start,
            "end": end,
        },
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _stream_csv(dossiers: QuerySet[Dossier]) -> StreamingHttpResponse:
    """Every dossier of a cell, streamed in chunks: constant memory whatever the count."""
    columns = (
        "code", "procedure_version__procedure__code", "procedure_version__name", "channel",
        "received_at", "due_at", "resolved_at", "closed_at", "status", "timeliness",
    )  # fmt: skip
    writer = csv.writer(_Echo())
    rows = dossiers.order_by("pk").values_list(*columns).iterator(chunk_size=2000)

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow(
                csv_row(
                    value.isoformat() if isinstance(value, datetime) else value for value in row
                )
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ho-so.csv"'
    return response

"""Staff statistics: the table against the targets, the monthly trend, drill-down to dossiers."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.core.errors import DomainError, NotFound
from motcua.core.parsing import parse_id
from motcua.core.spreadsheets import csv_row
from motcua.core.views import XLSX, file_response
from motcua.dossiers.selectors import dossiers_for
from motcua.org.guards import staff_required
from motcua.stats.exports import GROUPS, STEP_GROUPS, as_csv, as_pdf, as_xlsx, percent
from motcua.stats.selectors import GroupBy, Table, cell_dossiers
from motcua.stats.services import (
    book_for,
    report_heading,
    resolve_period,
    scope_dossiers,
    scoped_steps,
    statistics_page,
    step_table_for,
    table_for,
)
from motcua.stats.steps import STEP_GROUPINGS, cell_steps


@dataclass(frozen=True)
class _Query:
    period: str
    start: date
    end: date
    group_by: str
    unit: str | None
    units_today: bool = False  # merged units' rows added to their successors in force today


# The period picker: a year and a part of it (the `period` parameter's syntax, stats/kpi.py).
PERIOD_PARTS = [
    ("", gettext_lazy("Whole year")),
    ("Q1", gettext_lazy("Quarter I")), ("Q2", gettext_lazy("Quarter II")),
    ("Q3", gettext_lazy("Quarter III")), ("Q4", gettext_lazy("Quarter IV")),
    ("H1", gettext_lazy("First six months")), ("H2", gettext_lazy("Last six months")),
    ("9M", gettext_lazy("Nine months")),
]  # fmt: skip
GROUP_LABELS = {
    GroupBy.UNIT: gettext_lazy("Administrative unit"),
    GroupBy.AGENCY: gettext_lazy("Agency"),
    GroupBy.PROCEDURE: gettext_lazy("Procedure"),
    GroupBy.FIELD: gettext_lazy("Field"),
    GroupBy.CHANNEL: gettext_lazy("Channel"),
}
FIRST_YEAR = 2015


def _picker(query: _Query, groupings: tuple[GroupBy, ...]) -> dict[str, object]:
    """The picker's choices and what is picked (a custom range picks nothing)."""
    year, _dash, part = query.period.partition("-")
    return {
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        "picked_year": int(year) if year.isdigit() else None,
        "parts": [
            *PERIOD_PARTS,
            *((f"{month:02d}", _("Month %(month)s") % {"month": month}) for month in range(1, 13)),
        ],
        "picked_part": part.upper(),
        "group_choices": [(g.value, GROUP_LABELS[g]) for g in groupings],
    }


def _query(request: HttpRequest) -> _Query:
    params = request.GET
    year, part = params.get("year", "").strip(), params.get("part", "").strip()
    picked = f"{year}-{part}" if year and part else year
    period = picked or params.get("period") or f"{timezone.localdate().year}"
    start, end = resolve_period(
        period=period if not params.get("from") else None,
        start=params.get("from"),
        end=params.get("to"),
    )
    group_by = params.get("group_by") or GroupBy.AGENCY
    units_today = params.get("units") == "today"
    return _Query(period, start, end, group_by, params.get("unit") or None, units_today)


def _dates(query: _Query) -> str:
    return f"{query.start:%Y%m%d}-{query.end:%Y%m%d}"


def _stem(query: _Query) -> str:
    return f"thong-ke-{_dates(query)}"


def _book(request: HttpRequest, query: _Query) -> HttpResponse:
    return file_response(
        book_for(request.user, start=query.start, end=query.end, under=query.unit),
        filename=f"so-theo-doi-{query.unit or 'tat-ca'}-{_dates(query)}.xlsx",
        content_type=XLSX,
    )


def _table(request: HttpRequest, query: _Query) -> Table:
    return table_for(
        request.user, start=query.start, end=query.end, group_by=query.group_by, under=query.unit,
        units_today=query.units_today,
    )  # fmt: skip


def _csv(request: HttpRequest, query: _Query) -> HttpResponse:
    content = as_csv(_table(request, query)).encode("utf-8-sig")
    return file_response(content, filename=f"{_stem(query)}.csv", content_type="text/csv")


def _xlsx(request: HttpRequest, query: _Query) -> HttpResponse:
    content = as_xlsx(
        _table(request, query), title=_("Statistics of administrative procedure dossiers"),
        heading=report_heading(request.user, under=query.unit),
    )  # fmt: skip
    return file_response(content, filename=f"{_stem(query)}.xlsx", content_type=XLSX)


def _pdf(request: HttpRequest, query: _Query) -> HttpResponse:
    content = as_pdf(
        _table(request, query), title=_("Statistics of administrative procedure dossiers"),
        heading=report_heading(request.user, under=query.unit),
    )  # fmt: skip
    return file_response(content, filename=f"{_stem(query)}.pdf", content_type="application/pdf")


# Each output of the statistics, by `?format=`: the page itself when none is asked.
EXPORTS: dict[str, Callable[[HttpRequest, _Query], HttpResponse]] = {
    "book": _book,
    "csv": _csv,
    "xlsx": _xlsx,
    "pdf": _pdf,
}


@staff_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    export = EXPORTS.get(request.GET.get("format", ""))
    if export is not None:
        return export(request, query)
    page = statistics_page(
        request.user, start=query.start, end=query.end, group_by=query.group_by,
        under=query.unit, today=timezone.localdate(), units_today=query.units_today,
    )  # fmt: skip
    table = page.table
    trend = [(month, percent(c.on_time_rate), percent(c.early_rate)) for month, c in page.trend]
    return render(
        request,
        "stats/statistics.html",
        {
            "table": table,
            "groups": GROUPS,
            "cell_url": reverse("stats-cell"),
            "period": query.period,
            "period_open": query.end >= timezone.localdate(),
            "group_by": str(table.group_by),
            **_picker(query, tuple(GroupBy)),
            "unit": query.unit or "",
            "units_today": query.units_today,
            "worst": page.worst,
            "overdue": page.overdue,
            "corrected_after": page.corrected_after,
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


def _cell_key(params: QueryDict, group_by: GroupBy) -> str | int | None:
    """The row of a cell (None: the total row). Every grouping but the channel is keyed by an
    id: a key that is not one matches nothing."""
    key_text = params.get("key") or None
    key = key_text if group_by is GroupBy.CHANNEL else parse_id(key_text)
    if key_text is not None and key is None:
        raise NotFound
    return key


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
    key = _cell_key(params, group_by)
    try:
        dossiers = cell_dossiers(
            scope_dossiers(dossiers_for(request.user), under=params.get("unit") or None),
            start=start, end=end, group_by=group_by, key=key, column=params.get("column", ""),
        )  # fmt: skip
    except KeyError:
        raise NotFound from None
    if params.get("format") == "csv":
        return _stream_csv(dossiers, DOSSIER_CSV_COLUMNS, filename="ho-so.csv")
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


DOSSIER_CSV_COLUMNS = (
    "code", "procedure_version__procedure__code", "procedure_version__name", "channel",
    "received_at", "due_at", "resolved_at", "closed_at", "status", "timeliness",
)  # fmt: skip
STEP_CSV_COLUMNS = (
    "dossier__code", "process_step__name", "agency__code", "started_at", "due_then",
    "finished_at", "status", "timeliness",
)  # fmt: skip


def _stream_csv(
    rows_of: QuerySet[Any], columns: tuple[str, ...], *, filename: str
) -> StreamingHttpResponse:
    """Every row of a cell, streamed in chunks: constant memory whatever the count."""
    writer = csv.writer(_Echo())
    rows = rows_of.order_by("pk").values_list(*columns).iterator(chunk_size=2000)

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow(
                csv_row(
                    value.isoformat() if isinstance(value, datetime) else value for value in row
                )
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_GET
def department_statistics(request: HttpRequest) -> HttpResponse:
    """The department table: steps handled early / on time / late per agency that handled them."""
    query = _query(request)
    table = step_table_for(
        request.user, start=query.start, end=query.end, group_by=query.group_by,
        under=query.unit,
    )  # fmt: skip
    title = _("Steps of the internal processes, by the agency that handled them")
    stem = f"thong-ke-buoc-xu-ly-{_dates(query)}"
    if request.GET.get("format") == "csv":
        content = as_csv(table, groups=STEP_GROUPS).encode("utf-8-sig")
        return file_response(content, filename=f"{stem}.csv", content_type="text/csv")
    if request.GET.get("format") == "xlsx":
        heading = report_heading(request.user, under=query.unit)
        content = as_xlsx(table, title=title, groups=STEP_GROUPS, heading=heading)
        return file_response(content, filename=f"{stem}.xlsx", content_type=XLSX)
    return render(
        request,
        "stats/departments.html",
        {
            "table": table,
            "groups": STEP_GROUPS,
            "cell_url": reverse("stats-steps-cell"),
            "period": query.period,
            "period_open": query.end >= timezone.localdate(),
            "group_by": str(table.group_by),
            **_picker(query, STEP_GROUPINGS),
            "unit": query.unit or "",
            "on_time_target": percent(table.targets.on_time_rate),
            "early_target": percent(table.targets.early_rate),
        },
    )


@staff_required
@require_GET
def department_cell(request: HttpRequest) -> HttpResponseBase:
    """The steps counted in one cell of the department table."""
    params = request.GET
    start, end = resolve_period(period=None, start=params.get("from"), end=params.get("to"))
    try:
        group_by = GroupBy(params.get("group_by", "agency"))
    except ValueError:
        raise NotFound from None
    key = _cell_key(params, group_by)
    try:
        steps = cell_steps(
            scoped_steps(request.user, under=params.get("unit") or None), start=start, end=end,
            group_by=group_by, key=key, column=params.get("column", ""),
        )  # fmt: skip
    except KeyError:
        raise NotFound from None
    if params.get("format") == "csv":
        return _stream_csv(steps, STEP_CSV_COLUMNS, filename="buoc-xu-ly.csv")
    return render(
        request,
        "stats/step_cell.html",
        {
            "steps": steps.select_related("dossier", "agency", "process_step").order_by(
                "started_at"
            )[:500],
            "count": steps.count(),
            "start": start,
            "end": end,
        },
    )

"""The staff dashboard: each role lands on its own work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.dashboard.selectors import dashboard_for
from motcua.org.access import scope_for
from motcua.org.guards import staff_required, staff_user
from motcua.org.selectors import active_positions
from motcua.stats.exports import percent


@staff_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    positions = active_positions().filter(user=user).select_related("agency__unit")
    board = dashboard_for(user)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "positions": positions,
            "scope": scope_for(request.user),
            "board": board,
            "units": [
                (unit, percent(unit.counts.on_time_rate), percent(unit.counts.early_rate))
                for unit in board.units
            ],
            "total_rates": (
                (percent(board.total.on_time_rate), percent(board.total.early_rate))
                if board.total
                else None
            ),
            "targets": (
                (percent(board.targets.on_time_rate), percent(board.targets.early_rate))
                if board.targets
                else None
            ),
        },
    )

"""The Decision 766 index at volume: every unit of the province for the last whole year, against
the statistics table's own time in the same run (the progress group reuses the table: it must
cost no more than the table; the issue's goal for the whole set is ≤ 2 s on PostgreSQL with
1,000,000 dossiers — set MOTCUA_BENCH_DOSSIERS for that run).

Uses the dossiers the statistics benchmark generated (run after it).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from bench.stats_bench import best_of


def main() -> None:
    from bench.catalogue_bench import setup_django

    setup_django()
    from django.db import connection
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.indices.services import index_report, units_in
    from motcua.stats.selectors import GroupBy, statistics_table

    year = timezone.localdate().year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    units = units_in(start, end)

    def table() -> object:
        return statistics_table(Dossier.objects.all(), start=start, end=end, group_by=GroupBy.UNIT)

    def whole_index() -> dict[str, Any]:
        return index_report(units, start=start, end=end)

    table_time, _rows = best_of(table, repeat=3)
    index_time, report = best_of(whole_index, repeat=3)
    print(
        f"\nDecision 766 index, {year}, {len(units)} units, "
        f"{Dossier.objects.count():,} dossiers on {connection.vendor}"
    )
    print(f"  statistics table by unit     {table_time * 1000:8.1f} ms")
    print(
        f"  the whole index, every unit  {index_time * 1000:8.1f} ms   "
        f"ratio {index_time / table_time:.2f}   (goal: ≤ 2 s at 1,000,000 dossiers)"
    )
    indicators = [
        indicator
        for unit in cast("dict[str, Any]", report)["units"]
        for group in unit["groups"]
        for indicator in group["indicators"]
    ]
    scored = len([indicator for indicator in indicators if indicator["points"] is not None])
    print(f"  indicators scored: {scored}")


if __name__ == "__main__":
    main()

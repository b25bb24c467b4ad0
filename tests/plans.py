"""PostgreSQL's plan for a query the tests captured, under planner settings of their own."""

from __future__ import annotations

from django.db import connection, transaction

# As if the table were large: workers cost nothing to start, any table is worth them.
AS_IF_LARGE_FOR_WORKERS = {"parallel_setup_cost": "0", "min_parallel_table_scan_size": "0"}
# As if the tables were large: an index is preferred to reading a table through.
AS_IF_LARGE_FOR_INDEXES = {"enable_seqscan": "off"}


def plan_of(sql: str, settings: dict[str, str]) -> str:
    """EXPLAIN's text for `sql`, with `settings` set for the transaction around it."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())

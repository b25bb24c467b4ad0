"""PostgreSQL: `dossier_progress_at(dossier, instant)`, where a dossier stood at an instant by
its deadline history — the row in force then: awaiting supplementation if paused, within its
limit if the appointment is not yet passed (or there is none), overdue otherwise; NULL if no row
was in force. The statistics table asks it for every dossier still open at a period's end.

The same lookup as the correlated subquery the table uses on SQLite (`stats.selectors`), as a
function declared PARALLEL SAFE: PostgreSQL keeps any plan node that references a correlated
subquery in the leader process, so the table's count over millions of dossiers could not be
shared among parallel workers (docs/statistics.md). The values are `stats.selectors.Progress`'s;
`tests/stats/test_table.py` compares the two forms.

Nothing on SQLite."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dossier_progress_at(dossier bigint, instant timestamptz)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN c.paused THEN 'awaiting_supplement'
                WHEN c.due_at IS NULL OR c.due_at >= instant THEN 'within_limit'
                ELSE 'overdue' END
    FROM dossiers_dossierclock c
    WHERE c.dossier_id = dossier AND c.since <= instant AND (c.until IS NULL OR c.until > instant)
    LIMIT 1
$$
"""
DROP = "DROP FUNCTION IF EXISTS dossier_progress_at(bigint, timestamptz)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0016_prefix_indexes_serve_foreign_keys")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

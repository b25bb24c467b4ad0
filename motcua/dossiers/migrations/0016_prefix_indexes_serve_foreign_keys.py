"""Four foreign keys keep no index of their own, each served by a composite index that begins
with it: the dossier's agency by (agency, status), the step's agency by step_pool (agency, role,
status), the step's handler by step_assignee (assignee, status), the deadline history's dossier
by (dossier, since). Every action that writes these rows paid for maintaining both, and a bulk
history rebuilt both.

Only the indexes are dropped (not the foreign keys, which Django's AlterField would drop and
add again, checking every row of a large table under lock)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, the index Django named for the foreign key)
DROPPED = (
    ("dossiers_dossier", "agency_id", "dossiers_dossier_agency_id_966dcf7a"),
    ("dossiers_dossierclock", "dossier_id", "dossiers_dossierclock_dossier_id_901dc249"),
    ("dossiers_dossierstep", "agency_id", "dossiers_dossierstep_agency_id_1a8102bb"),
    ("dossiers_dossierstep", "assignee_id", "dossiers_dossierstep_assignee_id_c27180a3"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0015_event_owner_served_by_sequence_index"),
        ("org", "0003_successors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="org.agency",
                        verbose_name="receiving agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierclock",
                    name="dossier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clock",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierstep",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.agency",
                        verbose_name="responsible agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossierstep",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossier_steps",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handler",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
                )
                for table, column, index in DROPPED
            ],
        ),
    ]

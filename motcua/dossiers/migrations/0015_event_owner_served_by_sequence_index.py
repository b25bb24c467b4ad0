"""The events' owner column keeps no index of its own: the unique (owner, sequence) index
serves every lookup by owner, and each action's event paid for maintaining both.

Only the index is dropped (not the foreign key, which Django's AlterField would drop and
add again, checking every row of a large table under lock)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0014_digitised_copies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossierevent",
                    name="dossier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="dossiers.dossier",
                        verbose_name="dossier",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "dossiers_dossierevent_dossier_id_90237d93"',
                    reverse_sql='CREATE INDEX "dossiers_dossierevent_dossier_id_90237d93" ON "dossiers_dossierevent" ("dossier_id")',
                ),
            ],
        ),
    ]

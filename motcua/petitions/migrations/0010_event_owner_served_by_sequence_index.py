"""The events' owner column keeps no index of its own: the unique (owner, sequence) index
serves every lookup by owner, and each action's event paid for maintaining both.

Only the index is dropped (not the foreign key, which Django's AlterField would drop and
add again, checking every row of a large table under lock)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0009_petitioner_supplement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="petitionevent",
                    name="petition",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="petitions.petition",
                        verbose_name="petition",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "petitions_petitionevent_petition_id_d2803903"',
                    reverse_sql='CREATE INDEX "petitions_petitionevent_petition_id_d2803903" ON "petitions_petitionevent" ("petition_id")',
                ),
            ],
        ),
    ]

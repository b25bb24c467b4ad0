"""Each received dossier gets the regime of its receipt date (the local date, Asia/Ho_Chi_Minh)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def backfill(apps, schema_editor):
    regime = apps.get_model("legal", "LegalRegime")
    dossier = apps.get_model("dossiers", "Dossier")
    received = dossier.objects.filter(received_at__isnull=False, code__isnull=False)
    for row in regime.objects.all():
        scope = received
        if row.valid_from is not None:
            # Local midnight of the first day, as an aware instant.
            start = datetime.combine(row.valid_from, time(), tzinfo=VIETNAM)
            scope = scope.filter(received_at__gte=start)
        if row.valid_to is not None:
            end = datetime.combine(row.valid_to + timedelta(days=1), time(), tzinfo=VIETNAM)
            scope = scope.filter(received_at__lt=end)
        scope.update(regime=row)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0010_dossier_regime"), ("legal", "0002_the_two_regimes")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

"""The two regimes motcua knows: the seed's (2018) and today's (2025), each with its sources."""

from django.db import migrations

from motcua.legal.defaults import DEFAULT_REGIMES as REGIMES

def create(apps, schema_editor):
    regime = apps.get_model("legal", "LegalRegime")
    for row in REGIMES:
        regime.objects.update_or_create(code=row["code"], defaults=row)


def remove(apps, schema_editor):
    apps.get_model("legal", "LegalRegime").objects.filter(
        code__in=[row["code"] for row in REGIMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]

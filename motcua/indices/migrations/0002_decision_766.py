"""The Decision 766 indicator set as motcua first encodes it (indices/defaults.py)."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from motcua.indices import defaults

    IndicatorSet = apps.get_model("indices", "IndicatorSet")
    Indicator = apps.get_model("indices", "Indicator")
    indicator_set = IndicatorSet.objects.create(
        name=defaults.NAME, source=defaults.SOURCE, valid_from=defaults.VALID_FROM
    )
    for position, row in enumerate(defaults.INDICATORS, start=1):
        group, group_name, code, name, top, kind, threshold, measure, num, den, missing = row
        Indicator.objects.create(
            indicator_set=indicator_set, position=position, group_code=group,
            group_name=group_name, code=code, name=name, max_points=Decimal(top), kind=kind,
            threshold=Decimal(threshold) if threshold else None, measure=measure,
            numerator=num, denominator=den, missing=missing,
        )


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

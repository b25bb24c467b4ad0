"""Indicator 5.1 (electronic results) is measured from the results registry (signatures.Result):
the shipped row is brought up to indices/defaults.py, unless an administrator changed it."""

from django.db import migrations


def measure(apps, schema_editor):
    from motcua.indices import defaults

    Indicator = apps.get_model("indices", "Indicator")
    row = next(row for row in defaults.INDICATORS if row[2] == "5.1")
    _group, _name, _code, _title, _top, kind, _threshold, measure, num, den, missing = row
    Indicator.objects.filter(
        indicator_set__name=defaults.NAME, code="5.1", kind="no_data", measure=""
    ).update(kind=kind, measure=measure, numerator=num, denominator=den, missing=missing)


def unmeasure(apps, schema_editor):
    Indicator = apps.get_model("indices", "Indicator")
    Indicator.objects.filter(code="5.1", measure="electronic_results").update(
        kind="no_data", measure="", numerator="", denominator="",
        missing="Kết quả điện tử có chữ ký số (sổ kết quả)",
    )


class Migration(migrations.Migration):
    dependencies = [("indices", "0004_transparency"), ("signatures", "0001_initial")]
    operations = [migrations.RunPython(measure, unmeasure)]

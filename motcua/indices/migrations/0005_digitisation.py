"""Indicators 5.1 (electronic results, from the results registry) and 5.3 (reuse of certified
digitised copies) are measured: the shipped rows are brought up to indices/defaults.py, unless
an administrator changed them."""

from django.db import migrations


def measure(apps, schema_editor):
    from motcua.indices import defaults

    Indicator = apps.get_model("indices", "Indicator")
    for row in defaults.INDICATORS:
        _group, _name, code, _title, _top, kind, _threshold, measure, num, den, missing = row
        if code in ("5.1", "5.3"):
            Indicator.objects.filter(
                indicator_set__name=defaults.NAME, code=code, kind="no_data", measure=""
            ).update(kind=kind, measure=measure, numerator=num, denominator=den, missing=missing)


def unmeasure(apps, schema_editor):
    Indicator = apps.get_model("indices", "Indicator")
    Indicator.objects.filter(code="5.1", measure="electronic_results").update(
        kind="no_data", measure="", numerator="", denominator="",
        missing="Kết quả điện tử có chữ ký số (sổ kết quả)",
    )
    Indicator.objects.filter(code="5.3", measure="reused").update(
        kind="no_data", measure="", numerator="", denominator="",
        missing="Ghi nhận việc dùng lại giấy tờ đã số hóa của người dân",
    )


class Migration(migrations.Migration):
    dependencies = [("indices", "0004_transparency"), ("signatures", "0001_initial"), ("dossiers", "0014_digitised_copies")]
    operations = [migrations.RunPython(measure, unmeasure)]

"""Indicator 4.1 (fees paid online) is measured from the payments the clerks record
(dossiers.FeePayment): the shipped row is brought up to indices/defaults.py, unless an
administrator already changed it."""

from django.db import migrations


def measure(apps, schema_editor):
    from motcua.indices import defaults

    Indicator = apps.get_model("indices", "Indicator")
    row = next(row for row in defaults.INDICATORS if row[2] == "4.1")
    _group, _name, _code, _title, _top, kind, _threshold, measure, num, den, missing = row
    Indicator.objects.filter(
        indicator_set__name=defaults.NAME, code="4.1", kind="no_data", measure=""
    ).update(kind=kind, measure=measure, numerator=num, denominator=den, missing=missing)


def unmeasure(apps, schema_editor):
    Indicator = apps.get_model("indices", "Indicator")
    Indicator.objects.filter(code="4.1", measure="online_payment").update(
        kind="no_data", measure="", numerator="", denominator="",
        missing="Mã giao dịch thanh toán trực tuyến của phí, lệ phí",
    )


class Migration(migrations.Migration):
    dependencies = [("indices", "0002_decision_766"), ("dossiers", "0012_fee_payments")]
    operations = [migrations.RunPython(measure, unmeasure)]

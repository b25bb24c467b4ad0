"""Indicators 1.1–1.3 (published on time, updated on time, complete parts) are measured from
the catalogue — the announcing decision now recorded on each version, and the parts of its
record: the shipped rows are brought up to indices/defaults.py, unless an administrator
already changed them."""

from django.db import migrations

CODES = ("1.1", "1.2", "1.3")
MISSING = {
    "1.1": "Ngày công bố của từng phiên bản thủ tục trong danh mục",
    "1.2": "Ngày hiệu lực và ngày cập nhật của từng phiên bản thủ tục",
    "1.3": "Danh mục các bộ phận bắt buộc theo Cổng Dịch vụ công quốc gia",
}


def measure(apps, schema_editor):
    from motcua.indices import defaults

    Indicator = apps.get_model("indices", "Indicator")
    for row in defaults.INDICATORS:
        _group, _name, code, _title, _top, kind, _threshold, measure, num, den, missing = row
        if code in CODES:
            Indicator.objects.filter(
                indicator_set__name=defaults.NAME, code=code, kind="no_data", measure=""
            ).update(kind=kind, measure=measure, numerator=num, denominator=den, missing=missing)


def unmeasure(apps, schema_editor):
    Indicator = apps.get_model("indices", "Indicator")
    for code, missing in MISSING.items():
        Indicator.objects.filter(code=code, kind="linear").update(
            kind="no_data", measure="", numerator="", denominator="", missing=missing
        )


class Migration(migrations.Migration):
    dependencies = [("indices", "0003_online_payment"), ("catalog", "0005_announcement")]
    operations = [migrations.RunPython(measure, unmeasure)]

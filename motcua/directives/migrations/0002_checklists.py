"""The checklists motcua ships (directives/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from motcua.directives.defaults import CHECKLISTS

    Checklist = apps.get_model("directives", "Checklist")
    Item = apps.get_model("directives", "ChecklistItem")
    for code, name, source, items in CHECKLISTS:
        checklist, _created = Checklist.objects.get_or_create(
            code=code, defaults={"name": name, "source": source}
        )
        for position, text in enumerate(items, start=1):
            Item.objects.get_or_create(checklist=checklist, position=position,
                                       defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

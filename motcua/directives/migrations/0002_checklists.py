"""The checklists motcua ships (directives/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from motcua.directives.defaults import load_checklists

    load_checklists(apps.get_model("directives", "Checklist"),
                    apps.get_model("directives", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

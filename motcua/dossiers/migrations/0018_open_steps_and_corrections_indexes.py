"""Three indexes shaped to the one query each serves. The work queues read only open steps
(pending or taken) by agency and role or by handler; the statistics read only corrections by
instant. Each index had held every row — ten million done steps and ordinary events in a
large history — written at every step and event, rebuilt after every bulk load (8.1 + 4.3 +
4.5 s of a million-dossier history's rebuild). Now a step leaves both queue indexes when it is
done, and only a correction enters the event index.

The step's agency and handler keep no index of their own (dossiers/0016): deleting an agency
or a user, which the foreign keys refuse while a step names it, scans the steps."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_announcement'),
        ('dossiers', '0017_progress_at_function'),
        ('org', '0003_successors'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='dossierevent',
            name='event_action_at',
        ),
        migrations.RemoveIndex(
            model_name='dossierstep',
            name='step_pool',
        ),
        migrations.RemoveIndex(
            model_name='dossierstep',
            name='step_assignee',
        ),
        migrations.AddIndex(
            model_name='dossierevent',
            index=models.Index(condition=models.Q(('action__in', ['fix_due', 'move_to_step', 'undo'])), fields=['at'], name='event_correction_at'),
        ),
        migrations.AddIndex(
            model_name='dossierstep',
            index=models.Index(condition=models.Q(('status__in', ['pending', 'taken'])), fields=['agency', 'role'], name='step_open_pool'),
        ),
        migrations.AddIndex(
            model_name='dossierstep',
            index=models.Index(condition=models.Q(('status__in', ['pending', 'taken'])), fields=['assignee'], name='step_open_assignee'),
        ),
    ]

"""Two job workers on one Redis queue: every message job enqueued three times over (a retry, a
restart, a second enqueue) is run by one worker or the other, and each applicant hears once."""

from __future__ import annotations

import re
import time

import pytest
import redis
from huey import RedisHuey

from tests.ops.instances import clone

REDIS = "redis://127.0.0.1:6379/13"  # its own database on the machine's Redis
QUEUE = "motcua-ops-workers"

ENQUEUE = """
from motcua.dossiers.models import DossierEvent, Notification
from motcua.dossiers.notifications import send_applicant_message
events = list(DossierEvent.objects.filter(action="receive").exclude(dossier__applicant_phone="")
              .exclude(pk__in=Notification.objects.values("event")).values_list("pk", flat=True))
jobs = [send_applicant_message.enqueue(event).id for _ in range(3) for event in events]
print(" ".join(jobs))
print(len(events))
"""


@pytest.fixture
def site(demo_instance, tmp_path):
    redis.Redis.from_url(REDIS).flushdb()
    with clone(demo_instance, tmp_path / "var", "workers") as inst:
        inst.extra_env.update({"REDIS_URL": REDIS, "HUEY_NAME": QUEUE})
        yield inst
    redis.Redis.from_url(REDIS).flushdb()


def test_two_workers_run_each_job_and_send_each_message_once(site, tmp_path):
    *_, job_line, count_line = site.run("shell", "--no-imports", "-c", ENQUEUE).stdout.splitlines()
    jobs, events = set(job_line.split()), int(count_line)
    assert events >= 5
    queue = RedisHuey(QUEUE, url=REDIS)
    assert queue.pending_count() == 3 * events

    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    # As in production: one worker schedules the periodic tasks, the others only run jobs.
    workers = [site.popen("run_huey", "--workers", "2", "-v", "2", *extra, log=log)
               for log, extra in zip(logs, ([], ["--no-periodic"]), strict=True)]  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while queue.pending_count() or _notified(site) < events:
            assert time.monotonic() < deadline, "the workers did not empty the queue"
            time.sleep(0.3)
        time.sleep(1)  # a job a worker had already taken
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)

    executed = [set(re.findall(r"Executing \S+: ([0-9a-f-]{36})", log.read_text())) for log in logs]
    assert all(executed[n] & jobs for n in (0, 1))  # both workers ran some of the jobs
    assert not executed[0] & executed[1]  # no job run by both
    assert jobs <= executed[0] | executed[1]  # every job run
    assert _notified(site) == events  # one SMS per applicant's receipt, never two
    assert len(list((site.var_dir / "sms").glob("*.json"))) == events


def _notified(site) -> int:
    rows = site.query("SELECT count(*) FROM dossiers_notification WHERE channel = 'sms'")
    return int(rows[0][0])

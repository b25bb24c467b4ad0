"""The job queue: django-tasks API in front, Huey behind (SQLite file, or Redis when configured)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_tasks import task

from motcua.core import jobs


@pytest.fixture
def empty_queue(job_queue):
    return job_queue


@pytest.mark.django_db(transaction=True)
def test_enqueued_job_waits_in_the_real_queue_until_a_worker_runs_it(empty_queue, tmp_path):
    marker = tmp_path / "ran"
    result = jobs.write_marker.enqueue(str(marker), "xin chào")

    assert not marker.exists()  # nothing runs in the web process
    assert empty_queue.pending_count() == 1
    expected_storage = "RedisStorage" if settings.REDIS_URL else "SqliteStorage"
    assert type(empty_queue.storage).__name__ == expected_storage

    message = empty_queue.dequeue()
    empty_queue.execute(message)  # what the worker process does

    assert marker.read_text() == "xin chào"
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == len("xin chào")


def test_a_job_defined_outside_a_module_is_refused():
    with pytest.raises(Exception, match="module level"):

        @task()
        def local_job() -> None:  # pragma: no cover - never runs
            return None

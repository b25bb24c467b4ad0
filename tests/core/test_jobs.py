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


def test_uploads_left_by_a_killed_worker_are_purged_and_live_ones_kept(settings, tmp_path):
    import os
    import time

    from django.core.files.uploadedfile import TemporaryUploadedFile

    from motcua.core.uploads import LEFTOVER_SECONDS, upload_leftovers_purge

    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    # What Django spooled a large upload to, left by a worker killed mid-upload (its name as
    # TemporaryUploadedFile makes it; the process that would have removed it is gone).
    old_path = tmp_path / "tmpq0z8x1ab.upload.pdf"
    old_path.write_bytes(b"%PDF-1.4 x")
    hour_ago = time.time() - LEFTOVER_SECONDS - 60
    os.utime(old_path, (hour_ago, hour_ago))
    live = TemporaryUploadedFile("live.pdf", "application/pdf", 10, None)
    assert upload_leftovers_purge() == 1
    assert not os.path.exists(old_path)
    assert os.path.exists(live.temporary_file_path())
    live.close()

"""Classification and "due soon" as pure rules, and the working time left on a dossier."""

from __future__ import annotations

import pytest

from motcua.dossiers.selectors import dossier_time_left
from motcua.dossiers.timing import Timeliness, classify, is_due_soon
from tests.worlds import vn


def test_without_a_time_limit_the_class_is_explicit():
    assert classify(finished_at=vn(2019, 3, 4, 9), due_at=None) is Timeliness.NO_TIME_LIMIT


def test_more_than_one_supplementation_request_is_late_even_when_early():
    early = {"finished_at": vn(2019, 3, 4, 9), "due_at": vn(2019, 3, 8, 17)}
    assert classify(**early, supplement_requests=1) is Timeliness.EARLY
    assert classify(**early, supplement_requests=2) is Timeliness.LATE


@pytest.mark.parametrize(
    ("remaining", "total", "expected"),
    [
        (30 * 3600, 40 * 3600, False),  # plenty left
        (20 * 3600, 80 * 3600, False),  # 25% left and more than a working day
        (15 * 3600, 80 * 3600, True),  # within the last 20%
        (8 * 3600, 16 * 3600, True),  # the last working day
        (0, 16 * 3600, False),  # overdue, not "soon"
    ],
)
def test_due_soon_is_the_last_fifth_or_the_last_working_day(remaining, total, expected):
    assert is_due_soon(remaining_seconds=remaining, total_seconds=total) is expected


@pytest.mark.django_db
def test_time_left_counts_working_time_and_stands_still_while_paused(world):
    dossier = world.receive(vn(2019, 3, 4, 8))  # due Thursday 07/03 17:00
    timing = dossier_time_left(dossier, now=vn(2019, 3, 6, 17, 0))
    assert (timing.remaining_seconds, timing.due_soon, timing.overdue) == (8 * 3600, True, False)
    late = dossier_time_left(dossier, now=vn(2019, 3, 8, 9, 30))
    assert (late.remaining_seconds, late.overdue) == (-2 * 3600, True)
    dossier.paused_at = vn(2019, 3, 5, 8, 0)
    dossier.status = "awaiting_supplement"
    paused = dossier_time_left(dossier, now=vn(2019, 3, 20, 9, 0))
    assert paused.remaining_seconds == 24 * 3600 - 30 * 60  # frozen at Tuesday 08:00

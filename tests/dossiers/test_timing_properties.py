"""Properties of the one classification every report reads, over generated instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.timing import Timeliness, classify
from motcua.workcal.calendar import VIETNAM, to_local

RANK = {Timeliness.EARLY: 0, Timeliness.ON_TIME: 1, Timeliness.LATE: 2}
# Naive bounds, as hypothesis wants them; every generated instant carries UTC.
instants = st.datetimes(
    min_value=datetime(2018, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
delays = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))


@given(due=instants, finished=instants, later=delays, requests=st.integers(0, 1))
def test_a_later_finish_never_improves_the_class(due, finished, later, requests):
    first = classify(finished_at=finished, due_at=due, supplement_requests=requests)
    second = classify(finished_at=finished + later, due_at=due, supplement_requests=requests)
    assert RANK[second] >= RANK[first]


@given(due=instants, finished=instants, requests=st.integers(2, 10))
def test_more_than_one_supplementation_request_is_late(due, finished, requests):
    assert classify(finished_at=finished, due_at=due, supplement_requests=requests) is (
        Timeliness.LATE
    )


@given(finished=instants)
def test_without_a_time_limit_there_is_no_class_of_lateness(finished):
    assert classify(finished_at=finished, due_at=None) is Timeliness.NO_TIME_LIMIT


@given(due=instants, finished=instants)
def test_early_means_an_earlier_local_day_and_late_means_after_the_due_instant(due, finished):
    found = classify(finished_at=finished, due_at=due)
    local_day, due_day = to_local(finished).date(), to_local(due).date()
    assert (found is Timeliness.LATE) == (finished > due)
    assert (found is Timeliness.EARLY) == (finished <= due and local_day < due_day)


@given(due_day=st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 1, 1)))
def test_local_midnight_is_the_edge_between_early_and_on_time(due_day):
    # Due at 17:00 Vietnam time; finishing 23:59:59 the evening before is early, 00:00 the
    # same day is on time — whatever the UTC date of those instants (UTC+7).
    due = datetime(due_day.year, due_day.month, due_day.day, 17, tzinfo=VIETNAM)
    midnight = datetime(due_day.year, due_day.month, due_day.day, tzinfo=VIETNAM)
    assert classify(finished_at=midnight - timedelta(seconds=1), due_at=due) is Timeliness.EARLY
    assert classify(finished_at=midnight, due_at=due) is Timeliness.ON_TIME
    assert classify(finished_at=due, due_at=due) is Timeliness.ON_TIME
    assert classify(finished_at=due + timedelta(seconds=1), due_at=due) is Timeliness.LATE

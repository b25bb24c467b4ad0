"""`motcua demo --history N` at a size worth several processes (on PostgreSQL each process has
its own span of days): every dossier rebuilds from its events, codes stay unique and gap-free,
and the daily counters continue after them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from motcua.dossiers.history import BATCH, _slices
from tests.ops.instances import clone


def test_a_large_history_in_several_processes_obeys_the_engine(demo_instance, tmp_path):
    count = 4 * BATCH + 1_234
    with clone(demo_instance, tmp_path / "var", "history") as inst:
        before = inst.query("SELECT count(*) FROM dossiers_dossier")[0][0]
        made = inst.run("demo", "--history", str(count))
        assert f"{count:,} historical dossiers added" in made.stdout
        checked = inst.run("verify-dossiers")
        assert f"{int(before) + count} dossiers checked, 0 differ" in checked.stdout  # type: ignore[call-overload]
        ((codes, distinct),) = inst.query(
            "SELECT count(code), count(DISTINCT code) FROM dossiers_dossier"
        )
        assert codes == distinct
        # Each agency's day: numbers 1..last, no gap, no double (history and demo together).
        numbers: dict[tuple[object, str], list[int]] = {}
        for agency_id, code in inst.query(
            "SELECT agency_id, code FROM dossiers_dossier WHERE code IS NOT NULL"
        ):
            prefix, number = str(code).rsplit("-", 1)
            numbers.setdefault((agency_id, prefix[-6:]), []).append(int(number))
        counters = {
            (agency_id, str(day).replace("-", "")[2:]): last
            for agency_id, day, last in inst.query(
                "SELECT agency_id, day, last FROM dossiers_dailysequence"
            )
        }
        for key, found in numbers.items():
            assert sorted(found) == list(range(1, int(counters[key]) + 1)), key  # type: ignore[call-overload]


def test_the_slices_cover_separate_days_ids_and_the_whole_count():
    now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    start = datetime(2023, 12, 1, 3, 0, tzinfo=UTC)
    parts = _slices(100_001, start=start, now=now, seed=1, first_id=500, first_event_id=900,
                    processes=3)  # fmt: skip
    assert sum(part.count for part in parts) == 100_001
    assert parts[0].start == start
    assert parts[-1].end == now
    for earlier, later in pairwise(parts):
        assert earlier.end == later.start
        assert (later.start.hour, later.start.minute) == (0, 0)  # a local midnight
        assert later.start.utcoffset() == timedelta(hours=7)  # Vietnam's
        assert later.first_id == earlier.first_id + earlier.count
        assert later.first_event_id >= earlier.first_event_id + 3 * earlier.count
    assert len({part.seed for part in parts}) == 3

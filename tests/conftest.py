from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from huey.contrib.djhuey import HUEY

from motcua.org.models import Agency, Role
from tests.factories import AgencyFactory, UnitFactory, UserFactory, staff

# The shared worlds (catalogue, dossiers, hotline): fixtures any test may ask for.
pytest_plugins = ["tests.worlds", "tests.surveys.fixtures", "tests.pki"]


@pytest.fixture
def job_queue():
    """The real job queue (Huey behind django-tasks), empty before and after the test."""
    HUEY.flush()
    yield HUEY
    HUEY.flush()


def run_jobs(queue) -> None:
    """What the worker process does: run every pending job."""
    while queue.pending_count():
        queue.execute(queue.dequeue())


@pytest.fixture(autouse=True)
def _small_demo(settings):
    # The demo's 300 dossiers take seconds; tests of the demo need only a handful.
    settings.MOTCUA_DEMO_DOSSIERS = 15


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own folder (and tests can count them)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rate_window():
    """Rate limits count in fixed windows of a minute (or an hour): a test that counts up to a
    limit starts well inside one, so that its requests fall in the same window."""
    remaining = 60 - time.time() % 60
    if remaining < 5:
        time.sleep(remaining + 0.1)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache (a file or Redis): no test may inherit another's.
    cache.clear()
    yield
    cache.clear()


class District:
    """A district committee with one department and two communes, each with a one-stop unit."""

    def __init__(self) -> None:
        district_unit = UnitFactory.create(name="Huyện Thử", kind="district")
        self.committee: Agency = AgencyFactory.create(name="UBND huyện Thử", unit=district_unit)
        self.justice: Agency = AgencyFactory.create(
            name="Phòng Tư pháp", kind="department", unit=district_unit, parent=self.committee
        )
        unit_a = UnitFactory.create(name="Xã A", parent=district_unit)
        unit_b = UnitFactory.create(name="Xã B", parent=district_unit)
        self.commune_a: Agency = AgencyFactory.create(
            name="UBND xã A", unit=unit_a, parent=self.committee
        )
        self.commune_b: Agency = AgencyFactory.create(
            name="UBND xã B", unit=unit_b, parent=self.committee
        )
        self.desk_a: Agency = AgencyFactory.create(
            name="Một cửa xã A", kind="one_stop_unit", unit=unit_a, parent=self.commune_a
        )
        self.desk_b: Agency = AgencyFactory.create(
            name="Một cửa xã B", kind="one_stop_unit", unit=unit_b, parent=self.commune_b
        )


@pytest.fixture
def district(db) -> District:
    return District()


@pytest.fixture
def admin(db):
    return UserFactory.create(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def staffed(district):
    """Someone in every role the standard process names."""
    return {
        "clerk": staff(Role.CLERK, district.desk_a),
        "specialist": staff(Role.SPECIALIST, district.justice),
        "leader": staff(Role.DEPARTMENT_LEADER, district.justice),
        "chairman": staff(Role.SIGNING_AUTHORITY, district.committee),
        "manager": staff(Role.CENTRE_MANAGER, district.desk_a),
    }

"""Home page and each unit's public record: the staff statistics' numbers, shown only above a
minimum of cases."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_return_result
from motcua.portal.models import Rating
from motcua.portal.selectors import public_record
from motcua.stats.selectors import GroupBy, statistics_table
from tests.worlds import vn

pytestmark = pytest.mark.django_db


VERY_SATISFIED = {"overall": 5, "attitude": 5, "time_taken": 5, "clarity": 5, "visits": "1",
                  "unofficial_payment": False}  # fmt: skip


def resolved(world, count: int, *, returned: bool = False) -> list[Dossier]:
    dossiers = []
    for number in range(count):
        dossier = world.sign(world.receive(vn(2019, 3, 4, 8, number)), at=vn(2019, 3, 5, 9))
        if returned:
            dossier = dossier_return_result(actor=world.clerk, dossier_id=dossier.pk,
                                            collected_by="An", at=vn(2019, 3, 6, 9))  # fmt: skip
        dossiers.append(dossier)
    return dossiers


def test_the_public_record_has_the_statistics_numbers_and_a_minimum(world, settings):
    settings.MOTCUA_PUBLIC_MIN_CASES = 3
    resolved(world, 3, returned=True)
    record = public_record(date(2019, 3, 1), date(2019, 3, 31))
    table = statistics_table(
        Dossier.objects.all(), start=date(2019, 3, 1), end=date(2019, 3, 31),
        group_by=GroupBy.AGENCY,
    )  # fmt: skip
    [unit] = record.units
    assert unit.counts == table.rows[0].counts  # the same numbers as the staff statistics
    assert unit.enough_cases
    assert unit.counts.timed == 3
    assert not unit.enough_ratings  # nobody rated yet
    settings.MOTCUA_PUBLIC_MIN_CASES = 4
    assert not public_record(date(2019, 3, 1), date(2019, 3, 31)).units[0].enough_cases


def test_the_units_page_hides_rates_below_the_minimum_and_shows_counts(client, world, settings):
    settings.MOTCUA_PUBLIC_MIN_CASES = 2
    today = timezone.localdate()
    for dossier in resolved(world, 2, returned=True):
        Dossier.objects.filter(pk=dossier.pk).update(
            received_at=timezone.now(), resolved_at=timezone.now()
        )
        Rating.objects.create(dossier=dossier, rated_at=timezone.now(), **VERY_SATISFIED)
    page = client.get(reverse("portal-units"), {"period": "year"}).content.decode()
    assert world.district.desk_a.name in page
    assert "100% (2)" in page  # satisfaction with its count
    settings.MOTCUA_PUBLIC_MIN_CASES = 3
    page = client.get(reverse("portal-units"), {"period": "year"}).content.decode()
    assert "Chưa đủ số hồ sơ" in page
    assert "100% (2)" not in page
    assert "2 lượt đánh giá" in page
    assert today.strftime("%d/%m/%Y") in page


def test_the_home_page_leads_to_search_tracking_and_the_most_used_procedures(client, world):
    page = client.get("/").content.decode()
    assert "Thủ tục được sử dụng nhiều" not in page  # nothing received this year yet
    world.receive(timezone.now())
    cache.clear()  # the most used procedures are kept an hour
    page = client.get("/").content.decode()
    assert reverse("portal-procedures") in page
    assert reverse("portal-track") in page
    assert reverse("portal-units") in page
    assert "Thủ tục được sử dụng nhiều" in page
    assert "Đăng ký kết hôn có yếu tố nước ngoài" in page

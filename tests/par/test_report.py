"""`motcua par report` on the seed's 2017 districts, and automatic criteria that read the same
numbers as the official statistics table."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.core.errors import DomainError
from motcua.org.demo import load_demo_organisation
from motcua.org.models import UnitKind
from motcua.par.demo import load_demo
from motcua.par.models import Assessment, CriteriaSet, Criterion, CriterionScore
from motcua.par.services import scorecard
from motcua.stats.services import table_for
from tests.factories import log_in_with_second_factor
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def test_the_2017_district_report_has_binh_xuyen_at_88_37_fourth_of_nine(tmp_path):
    load_demo_organisation(password="x" * 12, reset_passwords=False)
    load_demo()
    load_demo()  # twice: nothing doubles
    target = tmp_path / "par.json"
    call_command("par", "report", "--year", "2017", "--level", "district", "--format", "json",
                 "-o", str(target), stdout=io.StringIO())  # fmt: skip
    units = json.loads(target.read_text(encoding="utf-8"))["units"]
    assert len(units) == 9
    binh_xuyen = next(unit for unit in units if unit["name"] == "Huyện Bình Xuyên")
    assert (binh_xuyen["direct"], binh_xuyen["survey"], binh_xuyen["total"]) == (45, 43.37, 88.37)
    assert binh_xuyen["rank"] == 4
    assert binh_xuyen["classification"] == "Tốt"
    assert {"code", "name", "max", "self", "appraised", "automatic", "evidence"} <= set(
        binh_xuyen["criteria"][0]
    )
    assert [unit["rank"] for unit in units] == sorted(unit["rank"] for unit in units)
    with pytest.raises(CommandError, match="2016"):
        call_command("par", "report", "--year", "2016", "--level", "district", "-o",
                     str(target), stdout=io.StringIO())  # fmt: skip


def test_an_automatic_criterion_reads_the_statistics_table(world):
    criteria_set = CriteriaSet.objects.create(
        year=2019, level=UnitKind.COMMUNE, name="Bộ chỉ số xã 2019 (thử)", source="thử",
        direct_max=Decimal(10), survey_max=Decimal(90),
    )  # fmt: skip
    on_time = Criterion.objects.create(
        criteria_set=criteria_set, code="1", name="Tỷ lệ đúng hạn", position=1,
        max_points=Decimal(10), rule="banded", bands=[[1, 10], [0.5, 5]], measure="on_time_rate",
    )  # fmt: skip
    late = world.receive(vn(2019, 3, 4, 8))
    world.sign(late, at=vn(2019, 3, 20, 9))  # resolved late
    world.sign(world.receive(vn(2019, 3, 4, 9)), at=vn(2019, 3, 5, 9))  # early
    unit = world.district.desk_a.unit
    card = scorecard(Assessment.objects.create(criteria_set=criteria_set, unit=unit))
    table = table_for(None, start=date(2019, 1, 1), end=date(2019, 12, 31), group_by="unit",
                      under=unit.code)  # fmt: skip
    [line] = card.lines
    assert table.total.on_time_rate == Fraction(1, 2)  # one early, one late
    assert line.measured is not None
    assert line.measured.value == table.total.on_time_rate  # the criterion reads the same number
    assert line.measured.counted == "1 / 2"  # and shows the number behind it, with its page
    assert line.measured.link == f"/staff/statistics/?period=2019&unit={unit.code}&group_by=unit"
    assert line.automatic == Decimal(5)  # 50 % on time: the 50 % band
    assert card.total.direct == Decimal(5)
    CriterionScore.objects.create(
        assessment=card.assessment, criterion=on_time, appraised=Decimal(11)
    )
    with pytest.raises(
        DomainError, match="1: 11 nằm ngoài khoảng 0–10 điểm"
    ):  # above the maximum: refused
        scorecard(card.assessment)


def test_the_ranking_and_a_scorecard_are_pages(client, admin):
    load_demo_organisation(password="x" * 12, reset_passwords=False)
    load_demo()
    TOTP.activate(admin, generate_totp_secret())
    log_in_with_second_factor(client, admin)
    criteria_set = CriteriaSet.objects.get(year=2017)
    ranking = client.get(reverse("par-ranking", args=[criteria_set.pk])).content.decode()
    row = ranking.split("Huyện Bình Xuyên")[1].split("</tr>")[0]
    assert "88,37" in row or "88.37" in row
    assert "Tốt" in row
    card = client.get(reverse("par-scorecard", args=[criteria_set.pk, "251"])).content.decode()
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in card
    assert client.get(reverse("par-scorecard", args=[criteria_set.pk, "999"])).status_code == 404

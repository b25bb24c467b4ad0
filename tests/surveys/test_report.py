"""Paper forms through `motcua survey import`, entered twice, and `motcua survey report`: every
number of the report checked against a hand computation; wrong forms refused with their row,
nothing half-stored; the PAR survey points taken from the campaign."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.org.models import UnitKind
from motcua.par.models import Assessment, CriteriaSet, Criterion
from motcua.surveys.models import Response
from motcua.surveys.services import campaign_draw
from tests.worlds import pdf_text

pytestmark = pytest.mark.django_db

HEADER = "unit,procedure,1.HL,2.HL,3.HL,4.HL,5.HL,1.MD,3.GY"
# Xã A: four forms (by hand: every factor 3 of 4 satisfied; respondents' own shares .8 .8 .8 .6)
# Xã B: two forms (under a minimum of three: no index).
FORMS = [
    "{a},1.000894,5,4,4,5,3,5,",
    "{a},1.000894,4,4,2,5,4,5,Cán bộ nhiệt tình",
    "{a},1.000894,3,5,4,4,4,4,",
    "{a},1.000894,5,2,4,3,5,4,",
    "{b},1.000894,4,4,4,4,4,,",
    "{b},1.000894,2,3,4,5,5,,",
]


def _csv(tmp_path, name, lines, world):
    path = tmp_path / name
    codes = {"a": world.district.desk_a.unit.code, "b": world.district.desk_b.unit.code}
    path.write_text("\n".join([HEADER, *(line.format(**codes) for line in lines)]) + "\n",
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.fixture
def open_campaign(make_campaign, reform):
    campaign = make_campaign(minimum=3)
    campaign_draw(actor=reform, campaign_id=campaign.pk)  # nobody returned: nobody invited
    return campaign


def _import(campaign, first, *extra):
    call_command("survey", "import", str(first), "--campaign", str(campaign.pk), *extra,
                 "--user", "reform", stdout=io.StringIO())  # fmt: skip


def test_paper_forms_entered_twice_and_the_report_by_hand(world, reform, open_campaign, tmp_path):
    reform.username = "reform"
    reform.save()
    first = _csv(tmp_path, "lan-1.csv", FORMS, world)
    typo = _csv(tmp_path, "lan-2.csv", [*FORMS[:2], FORMS[2].replace(",3,5,4,", ",3,5,1,"),
                                        *FORMS[3:]], world)  # fmt: skip
    with pytest.raises(CommandError, match=r"lan-1\.csv, dòng 4, 3\.HL: Hai lần nhập khác nhau"):
        _import(open_campaign, first, "--check", str(typo))
    assert not Response.objects.exists()
    unknown = _csv(tmp_path, "la.csv", [FORMS[0] + ",x"], world)
    unknown.write_text(unknown.read_text().replace(HEADER, HEADER + ",9.ZZ"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"la\.csv, dòng 1, 9\.ZZ: Phiếu không có câu hỏi"):
        _import(open_campaign, unknown)
    wrong = _csv(tmp_path, "sai.csv", [FORMS[0].replace(",5,4,4,5,3,", ",5,4,4,5,6,"),
                                       FORMS[1], "X9,1.000894,5,5,5,5,5,,"], world)  # fmt: skip
    with pytest.raises(CommandError) as refused:
        _import(open_campaign, wrong)
    assert "dòng 2, 5.HL: 5.HL: hãy chọn từ 1 đến 5" in str(refused.value)
    assert "dòng 4, unit: Đợt khảo sát không khảo sát đơn vị này" in str(refused.value)
    assert not Response.objects.exists()  # nothing half-stored

    _import(open_campaign, first, "--check", str(_csv(tmp_path, "lan-2.csv", FORMS, world)))
    target = tmp_path / "report.json"
    call_command("survey", "report", "--format", "json", "-o", str(target), stdout=io.StringIO())
    units = {unit["code"]: unit for unit in json.loads(target.read_text())["units"]}
    xa_a = units[world.district.desk_a.unit.code]
    assert (xa_a["n"], xa_a["index"], xa_a["ci_low"], xa_a["ci_high"]) == (4, 0.75, 0.652, 0.848)
    access = xa_a["factors"][0]
    assert access == {
        "factor": 1, "name": "Tiếp cận dịch vụ", "n": 4, "satisfied_share": 0.75,
        "mean": 4.25, "expectation": 4.5, "gap": 0.25, "ci_low": 0.3006, "ci_high": 0.9544,
    }  # fmt: skip
    assert [f["mean"] for f in xa_a["factors"]] == [4.25, 3.75, 3.5, 4.25, 4.0]
    assert xa_a["channels"] == {"paper": 4}
    assert xa_a["comments"] == {"3": ["Cán bộ nhiệt tình"]}
    xa_b = units[world.district.desk_b.unit.code]
    assert (xa_b["n"], xa_b["enough"], xa_b["index"], xa_b["ci_low"]) == (2, False, None, None)


def test_the_par_survey_points_come_from_the_campaign(client, world, reform, open_campaign,
                                                      tmp_path):  # fmt: skip
    reform.username = "reform"
    reform.save()
    _import(open_campaign, _csv(tmp_path, "phieu.csv", FORMS, world))
    criteria_set = CriteriaSet.objects.create(
        year=2019, level=UnitKind.COMMUNE, name="Bộ chỉ số xã 2019 (thử)", source="thử",
        direct_max=Decimal(70), survey_max=Decimal(30),
    )  # fmt: skip
    Criterion.objects.create(criteria_set=criteria_set, code="1", name="Chỉ đạo", position=1,
                             max_points=Decimal(70))  # fmt: skip
    xa_a = Assessment.objects.create(criteria_set=criteria_set, unit=world.district.desk_a.unit)
    xa_b = Assessment.objects.create(criteria_set=criteria_set, unit=world.district.desk_b.unit)
    client.force_login(reform)
    for assessment in (xa_a, xa_b):
        client.post(reverse("par-act", args=[criteria_set.pk, assessment.unit.code]),
                    {"action": "survey-campaign", "campaign": open_campaign.pk})  # fmt: skip
    xa_a.refresh_from_db()
    assert xa_a.survey_score == Decimal("22.50")  # 75 % of 30 points
    assert "chỉ số 75.0 % (65.2–84.8 %), 4 phiếu" in xa_a.survey_source
    page = client.get(reverse("par-scorecard", args=[criteria_set.pk, xa_b.unit.code]))
    xa_b.refresh_from_db()
    assert xa_b.survey_score is None  # under the minimum sample: no points
    assert page.status_code == 200


def test_the_report_as_xlsx_pdf_and_api(client, world, reform, open_campaign, tmp_path):
    reform.username = "reform"
    reform.save()
    _import(open_campaign, _csv(tmp_path, "phieu.csv", FORMS, world))
    client.force_login(reform)
    page = reverse("surveys-campaign", args=[open_campaign.pk])
    workbook = load_workbook(io.BytesIO(client.get(page, {"format": "xlsx"}).content))
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    [xa_a] = [row for row in rows if row[1] == "Xã A"]
    assert xa_a[4] == 4  # answers
    assert xa_a[6:8] == [75.0, "65.2–84.8"]  # the index and its interval, in percent
    assert xa_a[8:13] == [75.0] * 5
    [xa_b] = [row for row in rows if row[1] == "Xã B"]
    assert xa_b[6] == "chưa đủ mẫu"
    flat = [value for row in rows for value in row if value]
    assert "THỦ TRƯỞNG CƠ QUAN" in flat
    text = pdf_text(client.get(page, {"format": "pdf"}).content)
    assert "Xã A" in text
    assert "65–85" in text  # the interval, in percent
    api = client.get(f"/api/v1/surveys/campaigns/{open_campaign.pk}/report").json()
    assert [u["index"] for u in api["units"]] == [0.75, None]
    client.logout()
    assert client.get(f"/api/v1/surveys/campaigns/{open_campaign.pk}/report").status_code in (
        401, 403)  # fmt: skip

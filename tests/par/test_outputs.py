"""The ranking on paper and to machines: XLSX and PDF in the official layout (the issuer, the
national heading, the table, the date line, the signatures), the API, and the live measures
that reach beyond the statistics table (petitions answered on time, clean process audits)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.dossiers.models import DossierStatus
from motcua.indices.services import unit_index
from motcua.org.demo import load_demo_organisation
from motcua.org.models import Role
from motcua.par.demo import load_demo
from motcua.par.measures import measured
from motcua.par.models import CriteriaSet
from motcua.petitions.models import Petition
from motcua.petitions.models import Status as PetitionStatus
from motcua.portal.services import Answers, rating_save
from motcua.surveys.models import Invitation
from motcua.surveys.services import campaign_draw, response_submit
from tests.factories import UserFactory, staff
from tests.worlds import pdf_text, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_organisation(password="x" * 12, reset_passwords=False)
    load_demo()


def test_the_2017_ranking_as_xlsx_and_pdf(demo, tmp_path):
    xlsx, pdf = tmp_path / "par.xlsx", tmp_path / "par.pdf"
    for path, kind in ((xlsx, "xlsx"), (pdf, "pdf")):
        call_command(
            "par",
            "report",
            "--year",
            "2017",
            "--level",
            "district",
            "--format",
            kind,
            "-o",
            str(path),
            stdout=io.StringIO(),
        )
    sheet = load_workbook(xlsx).worksheets[0]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells[0]
    [binh_xuyen] = [row for row in cells if "Huyện Bình Xuyên" in row]
    assert binh_xuyen[0] == 4  # the 4th row of the ranking
    assert binh_xuyen[-6:-1] == [45, 43.37, 88.37, 4, "Tốt"]
    flat = [value for row in cells for value in row if value]
    assert "THỦ TRƯỞNG CƠ QUAN" in flat
    assert any(str(value).startswith("Vĩnh Phúc, ngày ") for value in flat)

    text = pdf_text(pdf.read_bytes())
    assert "ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC" in text
    assert "Huyện Bình Xuyên" in text
    assert "88,37" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text


def test_the_ranking_page_offers_its_files_and_chart(client, world, demo):
    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))
    criteria_set = CriteriaSet.objects.get(year=2017)
    page = client.get(reverse("par-ranking", args=[criteria_set.pk])).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page  # the chart, with the table beside it
    pdf = client.get(reverse("par-ranking", args=[criteria_set.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert "88,37" in pdf_text(pdf.content)


def test_the_api_gives_the_report_to_staff_only(client, world, demo):
    criteria_set = CriteriaSet.objects.get(year=2017)
    report = f"/api/v1/par/sets/{criteria_set.pk}/report"
    assert client.get(report).status_code in (401, 403)
    client.force_login(UserFactory.create())  # an account without any position
    assert client.get(report).status_code == 404
    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))
    sets = client.get("/api/v1/par/sets").json()
    assert {(s["year"], s["level"]) for s in sets} >= {(2017, "district")}
    units = client.get(report).json()["units"]
    binh_xuyen = next(unit for unit in units if unit["code"] == "251")
    assert (binh_xuyen["total"], binh_xuyen["rank"]) == (88.37, 4)
    one = client.get(f"/api/v1/par/sets/{criteria_set.pk}/units/251").json()
    assert one["total"] == 88.37
    assert one["criteria"][0]["code"] == "1"
    assert client.get(f"/api/v1/par/sets/{criteria_set.pk}/units/999").status_code == 404


def test_petitions_answered_on_time_are_measured_for_the_unit(hotline):
    first = hotline.petition_in(PetitionStatus.ANSWERED)
    late = hotline.petition_in(PetitionStatus.ANSWERED)
    Petition.objects.filter(pk=late.pk).update(answer_due_at=F("answered_at") - timedelta(hours=1))
    unit, year = hotline.justice.unit, timezone.localdate().year
    figure = measured({"petitions_on_time"}, unit, year)["petitions_on_time"]
    assert (figure.value, figure.counted) == (Fraction(1, 2), "1 / 2")
    assert first.answered_at.year == year
    assert measured({"petitions_on_time"}, unit, year - 1)["petitions_on_time"].value is None


def test_a_clean_process_audit_is_measured(world):
    unit, year = world.district.desk_a.unit, timezone.localdate().year
    figure = measured({"audit_clean"}, unit, year)["audit_clean"]
    assert (figure.value, figure.counted) == (Fraction(1), "1 / 1")  # the world's process, staffed
    world.chairman.positions.all().delete()  # nobody signs any more: the audit blocks it
    assert measured({"audit_clean"}, unit, year)["audit_clean"].value == 0


def test_ratings_of_returned_dossiers_are_measured(world):
    for overall in (5, 2):
        rating_save(
            world.dossier_in(DossierStatus.RETURNED),
            Answers(overall=overall, attitude=4, time_taken=4, clarity=4, visits="1",
                    unofficial_payment=False),
        )  # fmt: skip
    unit, year = world.district.desk_a.unit, timezone.localdate().year
    figure = measured({"satisfied_share"}, unit, year)["satisfied_share"]
    assert (figure.value, figure.counted) == (Fraction(1, 2), "1 / 2")
    other = world.district.desk_b.unit
    assert measured({"satisfied_share"}, other, year)["satisfied_share"].value is None


def test_the_766_index_and_the_survey_feed_automatic_criteria(world, reform, make_campaign):
    world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    unit = world.district.desk_a.unit
    index = unit_index(unit, start=date(2023, 1, 1), end=date(2023, 12, 31))
    figure = measured({"index_766"}, unit, 2023)["index_766"]
    assert figure.value == Fraction(str(index["total"])) / Fraction(str(index["computed_on"]))
    assert figure.link.startswith("/staff/indices/766/?unit=")
    assert measured({"index_766"}, unit, 2019)["index_766"].value is None  # before Decision 766

    campaign = make_campaign(returned=1, minimum=1)
    campaign_draw(actor=reform, campaign_id=campaign.pk)
    answers = {f"{factor}.HL": "5" if factor < 5 else "2" for factor in range(1, 6)}
    response_submit(token=Invitation.objects.get().token, channel="link", answers=answers)
    survey = measured({"survey_index"}, unit, 2019)["survey_index"]
    assert survey.value == Fraction(4, 5)  # 4 of 5 factors satisfied
    assert survey.counted == "n = 1"
    assert measured({"survey_index"}, unit, 2020)["survey_index"].value is None  # no campaign

"""The emulation evaluation: weighted measures computed on what has data (never a silent
zero), ranked; scored from the units' tasks, reports, inspections, PAR index and statistics."""

from __future__ import annotations

import io
from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.directives import emulation
from motcua.directives.evaluation import evaluation
from motcua.directives.models import Assignment, EmulationWeights
from motcua.directives.services import (
    DirectiveData,
    ReportData,
    TaskData,
    assignment_accept,
    assignment_report,
    directive_issue,
)
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import vn


def test_the_score_is_on_the_weights_with_data_and_ties_share_a_rank():
    weights = dict(emulation.DEFAULT_WEIGHTS)
    score = emulation.score({"tasks": Fraction(1, 2), "par": Fraction(9, 10), "reports": None,
                             "inspections": None, "statistics": None}, weights)  # fmt: skip
    assert score.points == Fraction(30 * 1, 2) + Fraction(20 * 9, 10)  # 15 + 18
    assert (score.computed_on, score.maximum) == (50, 100)
    assert score.share == Fraction(33, 50)
    nothing = emulation.score(dict.fromkeys(emulation.MEASURES), weights)
    assert (nothing.points, nothing.share) == (None, None)
    assert emulation.ranked({"a": Fraction(1, 2), "b": Fraction(1, 2), "c": Fraction(1, 3),
                             "d": None}) == {"a": 1, "b": 1, "c": 3, "d": None}  # fmt: skip
    # the statistics targets: half each, in proportion up to the target
    assert emulation.targets_rate(Fraction(95, 100), Fraction(15, 100), Fraction(95, 100),
                                  Fraction(30, 100)) == Fraction(3, 4)  # fmt: skip


@pytest.mark.django_db
def test_units_are_ranked_by_what_they_did_and_the_page_exports_it(client, district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee)
    directive_issue(actor=chairman, data=DirectiveData(
        number="550/UBND-NV", issued_on=date(2018, 5, 11), issuing_agency_id=district.committee.pk,
        signer="Nguyễn Tuấn Anh", signer_title="Chủ tịch", subject="CCHC 2018",
        tasks=(TaskData("Tự kiểm tra", lead=(district.commune_a.pk, district.commune_b.pk),
                        due_on=date(2018, 6, 29)),),
    ), at=vn(2018, 5, 11, 15))  # fmt: skip
    done = Assignment.objects.get(agency=district.commune_a)
    assignment_report(actor=staff(Role.SPECIALIST, district.commune_a), assignment_id=done.pk,
                      report=ReportData(text="Xong", done=True, links=["/procedures/"]),
                      at=vn(2018, 6, 20, 9))  # fmt: skip
    assignment_accept(actor=chairman, assignment_id=done.pk, at=vn(2018, 6, 21, 9))
    EmulationWeights.objects.create(year=2018, tasks=50, reports=10, inspections=10, par=15,
                                    statistics=15)  # fmt: skip
    rows = {row.agency: row for row in evaluation(district.committee, 2018)}
    first, second = rows[district.commune_a], rows[district.commune_b]
    assert (first.rates["tasks"], second.rates["tasks"]) == (Fraction(1), Fraction(0))
    assert (first.score.points, first.score.computed_on) == (Fraction(50), 50)  # only tasks
    assert (first.rank, second.rank) == (1, 2)
    assert rows[district.justice].rank is None  # nothing to measure: not ranked, not zero
    client.force_login(staff(Role.REFORM_OFFICER, district.justice))
    page = client.get(reverse("directive-emulation"), {"agency": district.committee.code,
                                                       "year": "2018"})  # fmt: skip
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("UBND xã A") < html.index("UBND xã B")
    sheet = client.get(
        reverse("directive-emulation"),
        {"agency": district.committee.code, "year": "2018", "format": "xlsx"},
    )
    rows_xlsx = list(load_workbook(io.BytesIO(sheet.content)).worksheets[0].values)
    assert rows_xlsx[2][:2] == (1, "UBND xã A")

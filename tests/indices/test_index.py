"""The 766 index from motcua's own records: the progress indicator equals the official table's
on-time rate for the same unit and period; indicators without data say so and what is missing;
the command, the page and the API."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.catalog.services import process_draft_save, process_publish
from motcua.dossiers.models import DossierStatus, PaymentChannel
from motcua.dossiers.services import dossier_fee_record
from motcua.indices.services import index_report, unit_index, units_in
from motcua.org.models import Role
from motcua.portal.models import Visits
from motcua.portal.services import Answers, rating_save
from motcua.stats.services import table_for
from tests.factories import UserFactory, staff
from tests.worlds import COMPLETE, pdf_text, publish, standard_steps, vn

pytestmark = pytest.mark.django_db


def _indicators(unit):
    return {i["code"]: i for g in unit["groups"] for i in g["indicators"]}


def test_the_progress_indicator_is_the_official_tables_on_time_rate(world, tmp_path):
    late = world.receive(vn(2023, 3, 6, 9))
    world.sign(late, at=vn(2023, 3, 22, 9))  # resolved late
    world.sign(world.receive(vn(2023, 3, 6, 9)), at=vn(2023, 3, 7, 9))  # early
    world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    unit = world.district.desk_a.unit
    target = tmp_path / "766.json"
    call_command("index766", "--unit", unit.code, "--period", "2023-Q1", "--format", "json",
                 "-o", str(target), stdout=io.StringIO())  # fmt: skip
    [found] = json.loads(target.read_text())["units"]
    table = table_for(None, start=date(2023, 1, 1), end=date(2023, 3, 31), group_by="unit",
                      under=unit.code).total  # fmt: skip
    progress = _indicators(found)["2.1"]
    assert table.on_time_rate is not None
    assert progress["rate"] == round(float(table.on_time_rate), 4)
    assert (progress["numerator"], progress["denominator"]) == (
        table.early + table.on_time, table.timed)  # fmt: skip
    assert progress["points"] == round(float(table.on_time_rate) * 20, 2)
    payment = _indicators(found)["4.1"]
    assert (payment["points"], payment["status"]) == (None, "no_data")
    assert "phí, lệ phí" in payment["missing"]  # no dossier with a fee in the period
    petitions = _indicators(found)["6.1"]  # none answered in the period: no data, not zero
    assert (petitions["points"], petitions["status"]) == (None, "no_data")
    scored = [i for i in _indicators(found).values() if i["points"] is not None]
    assert found["computed_on"] == sum(i["max"] for i in scored)
    assert found["total"] == round(sum(i["points"] for i in scored), 2)
    assert {"code", "name", "total", "computed_on", "groups"} <= set(found)
    with pytest.raises(CommandError, match="Kỳ báo cáo viết dạng"):
        call_command("index766", "--period", "2023-Q5", "-o", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có bộ chỉ số theo Quyết định 766"):
        call_command("index766", "--period", "2019", "-o", str(target), stdout=io.StringIO())


def test_the_page_and_the_api(client, world):
    world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    unit = world.district.desk_a.unit
    client.force_login(staff(Role.REFORM_OFFICER, world.district.committee))
    page = client.get(reverse("indices-766"), {"unit": unit.code, "period": "2023-Q1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hồ sơ giải quyết trước hạn và đúng hạn" in html
    assert "Hàng đợi đồng bộ với Cổng Dịch vụ công quốc gia" in html  # what is missing, said
    assert "Xã B" in html  # ranked among its sibling units
    assert "01/2023: " in html  # month by month
    assert "03/2023: <strong>" in html  # March has data
    params = {"unit": unit.code, "period": "2023-Q1"}
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("indices-766"), {**params, "format": "xlsx"}).content)
    ).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    [payment] = [row for row in rows if row[0] == "4.1"]
    assert payment[7] == "chưa có số liệu"  # no data, never 0
    assert "phí, lệ phí" in str(payment[8])
    [total] = [row for row in rows if row[0] == "Tổng số"]
    assert str(total[8]).startswith("tính trên")
    text = pdf_text(client.get(reverse("indices-766"), {**params, "format": "pdf"}).content)
    assert "Hồ sơ giải quyết trước hạn và đúng hạn" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text
    api = client.get("/api/v1/indices/766", {"unit": unit.code, "period": "2023-Q1"}).json()
    assert api["units"][0]["code"] == unit.code
    client.force_login(UserFactory.create())
    assert client.get("/api/v1/indices/766", {"period": "2023"}).status_code == 404


def test_every_unit_at_once_gives_each_unit_its_own_figures(world):
    """The report counts each figure once, by unit, for all units: the same numbers as each
    unit computed alone (the district's include its communes')."""
    late = world.receive(vn(2023, 3, 6, 9))
    world.sign(late, at=vn(2023, 3, 22, 9))
    world.process_at(world.district.desk_b)
    desk_b = world.district.desk_b
    world.receive(vn(2023, 3, 6, 9), agency=desk_b, actor=staff(Role.CLERK, desk_b))
    world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    start, end = date(2023, 1, 1), date(2023, 3, 31)
    units = units_in(start, end)
    together = {u["code"]: u for u in index_report(units, start=start, end=end)["units"]}
    for unit in units:
        assert unit_index(unit, start=start, end=end) == together[unit.code], unit.name
    district = together[world.district.committee.unit.code]
    communes = [together[world.district.desk_a.unit.code], together[desk_b.unit.code]]
    received = [_indicators(u)["3.2"]["denominator"] for u in communes]
    assert received == [2, 1]
    assert _indicators(district)["3.2"]["denominator"] == 3  # both communes' dossiers


def test_fees_paid_online_score_indicator_4_1(world):
    """Three dossiers of a procedure with a fee: one paid online with its reference, one at the
    desk, one not recorded as paid — a third of 10 points (only what was recorded online
    counts as online)."""
    type(world.receive(vn(2023, 3, 6, 9)).procedure_version).objects.update(fee_amount=50_000)
    online = world.receive(vn(2023, 3, 6, 10))
    desk = world.receive(vn(2023, 3, 6, 11))
    dossier_fee_record(actor=world.clerk, dossier_id=online.pk, amount=50_000,
                       channel=PaymentChannel.ONLINE, reference="VNPAY-20230306-0001",
                       paid_at=vn(2023, 3, 6, 10, 5))  # fmt: skip
    dossier_fee_record(actor=world.clerk, dossier_id=desk.pk, amount=50_000,
                       channel=PaymentChannel.DESK, paid_at=vn(2023, 3, 6, 11, 5))  # fmt: skip
    unit = world.district.desk_a.unit
    found = unit_index(unit, start=date(2023, 1, 1), end=date(2023, 3, 31))
    payment = _indicators(found)["4.1"]
    assert (payment["numerator"], payment["denominator"]) == (1, 3)
    assert payment["status"] == "scored"
    assert payment["points"] == round(1 / 3 * 10, 2)


def _applied_at(world, desk, code, day, **data):
    """A new procedure published from `day` with the standard process at `desk`."""
    version = publish(world.admin, code=code, day=day, **data)
    steps = [replace(step, agency=desk) if step.agency == world.district.desk_a else step
             for step in standard_steps(world.district)]  # fmt: skip
    draft = process_draft_save(
        actor=world.admin, procedure=version.procedure, agency=desk, steps=steps
    )
    process_publish(actor=world.admin, process=draft, effective_from=day)


def test_transparency_from_the_announcing_decisions_and_the_parts_of_the_record(world):
    """1.1 and 1.2: versions that took effect in the period, announced by that day or not;
    1.3: the versions in force at the period's end with every part of their record."""
    unit = world.district.desk_a.unit
    publish(world.admin, day=date(2023, 2, 1), announcement="5/QĐ-UBND",
            announced_on=date(2023, 1, 20), name="Sửa đổi 1")  # update, on time  # fmt: skip
    publish(world.admin, day=date(2023, 3, 1), announcement="9/QĐ-UBND",
            announced_on=date(2023, 3, 6), name="Sửa đổi 2")  # update, late  # fmt: skip
    _applied_at(world, world.district.desk_a, "1.000999", date(2023, 2, 15),
                announcement="7/QĐ-UBND", announced_on=date(2023, 2, 15),
                fee_text="")  # new, on time (the same day); no fee part  # fmt: skip
    _applied_at(
        world,
        world.district.desk_b,
        "1.000777",
        date(2023, 2, 10),
        announcement="8/QĐ-UBND",
        announced_on=date(2023, 3, 1),
    )  # another unit's
    publish(world.admin, code="1.000555", day=date(2023, 2, 1))  # applied nowhere
    found = _indicators(unit_index(unit, start=date(2023, 1, 1), end=date(2023, 3, 31)))
    new, updates, parts = found["1.1"], found["1.2"], found["1.3"]
    assert (new["numerator"], new["denominator"], new["points"]) == (1, 1, 6.0)
    assert (updates["numerator"], updates["denominator"], updates["points"]) == (1, 2, 2.0)
    assert (parts["numerator"], parts["denominator"], parts["points"]) == (1, 2, 1.0)
    later = _indicators(unit_index(unit, start=date(2023, 4, 1), end=date(2023, 6, 30)))
    assert later["1.1"]["status"] == "no_data"  # nothing took effect: said, not a zero
    assert "đã ghi quyết định công bố" in later["1.1"]["missing"]
    whole = _indicators(
        unit_index(world.district.committee.unit, start=date(2023, 1, 1), end=date(2023, 3, 31))
    )
    assert (whole["1.1"]["numerator"], whole["1.1"]["denominator"]) == (1, 2)  # both units


def test_digitised_and_dossier_satisfaction_count_each_dossier_once(world):
    """5.2: a dossier counts as digitised when every component received was scanned, once
    however many components; 6.3: a dossier resolved in time that its applicant rated 1 is
    taken out of the satisfied ones — for every unit at once as for one alone."""

    def scan(name):
        return SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4", "application/pdf")

    scanned = [replace(part, file=scan(n)) for n, part in enumerate(COMPLETE)]
    world.receive(vn(2023, 3, 6, 9), components=scanned)
    world.receive(vn(2023, 3, 6, 9), components=[replace(COMPLETE[0], file=scan("a")),
                                                 COMPLETE[1]])  # fmt: skip
    world.receive(vn(2023, 3, 6, 9))  # nothing scanned
    disliked = world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    world.dossier_in(DossierStatus.RETURNED, at=vn(2023, 3, 6, 8))
    answers = Answers(overall=1, attitude=2, time_taken=1, clarity=2,
                      visits=Visits.choices[0][0], unofficial_payment=False)  # fmt: skip
    rating_save(disliked, answers)
    unit = world.district.desk_a.unit
    start, end = date(2023, 1, 1), date(2023, 3, 31)
    alone = unit_index(unit, start=start, end=end)
    together = {u["code"]: u for u in index_report(units_in(start, end), start=start,
                                                   end=end)["units"]}  # fmt: skip
    assert together[unit.code] == alone
    digitised, satisfied = _indicators(alone)["5.2"], _indicators(alone)["6.3"]
    assert (digitised["numerator"], digitised["denominator"]) == (1, 5)
    assert (satisfied["numerator"], satisfied["denominator"]) == (1, 2)

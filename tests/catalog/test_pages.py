"""The catalogue as citizens and staff reach it: public search and pages, staff audit, API."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from motcua.catalog.models import Level, Procedure
from motcua.catalog.services import process_draft_save, process_publish
from motcua.org.models import Role
from tests.factories import log_in_with_second_factor, staff
from tests.worlds import publish, standard_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(admin, district, staffed):
    birth = publish(
        admin, code="1.001193", name="Đăng ký khai sinh", level=Level.COMMUNE, field="Hộ tịch"
    )
    publish(admin, code="1.001022", name="Đăng ký lại khai sinh", level=Level.COMMUNE)
    publish(admin, code="1.004227", name="Cấp giấy phép xây dựng", field="Xây dựng")
    marriage = publish(admin, code="1.000894")
    for version, with_approval in ((birth, True), (marriage, False)):
        draft = process_draft_save(
            actor=admin,
            procedure=version.procedure,
            agency=district.desk_a,
            steps=standard_steps(
                district, with_approval=with_approval, process_hours="14" if with_approval else "18"
            ),
        )
        process_publish(
            actor=admin, process=draft, effective_from=date(2020, 2, 1), legacy_import=True
        )
    return {"birth": birth, "marriage": marriage}


def search(client: Client, **params) -> str:
    response = client.get(reverse("portal-procedures"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        unicodedata.normalize("NFD", "đăng ký khai sinh"),
        "khai sinh dang",
        "1.001193",
    ],
)
def test_search_finds_a_procedure_with_or_without_diacritics(client, catalogue, query):
    page = search(client, q=query)
    assert "Đăng ký khai sinh" in page
    assert "Cấp giấy phép xây dựng" not in page


def test_search_filters_by_field_level_and_agency(client, catalogue, district):
    by_level = search(client, level="commune")
    assert "Đăng ký lại khai sinh" in by_level
    assert "Cấp giấy phép xây dựng" not in by_level
    by_agency = search(client, agency=district.desk_a.pk)
    assert "Đăng ký khai sinh" in by_agency
    assert "Đăng ký lại khai sinh" not in by_agency
    nothing = search(client, q="khong co thu tuc nay")
    assert "Không có thủ tục nào phù hợp" in nothing


def test_search_page_uses_a_constant_number_of_queries(client, catalogue, admin):
    for number in range(30):
        publish(admin, code=f"9.{number:06d}", name=f"Thủ tục thử {number}")
    with CaptureQueriesContext(connection) as few:
        search(client, q="thu tuc")
    for number in range(30, 60):
        publish(admin, code=f"9.{number:06d}", name=f"Thủ tục thử {number}")
    with CaptureQueriesContext(connection) as many:
        search(client, q="thu tuc")
    assert len(many) == len(few)


def test_procedure_page_shows_what_a_citizen_needs(client, catalogue, district):
    response = client.get(reverse("portal-procedure", args=["1.000894"]))
    page = response.content.decode()
    for text in (
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "3 ngày làm việc",
        "Theo nghị quyết HĐND tỉnh",
        "Tờ khai đăng ký kết hôn",
        "Giấy chứng nhận kết hôn",
        "Nghị định 123/2015/NĐ-CP",
        district.desk_a.name,
    ):
        assert text in page
    assert client.get(reverse("portal-procedure", args=["9.999999"])).status_code == 404


def test_public_pages_answer_429_in_vietnamese_past_the_rate_limit(
    client, catalogue, settings, rate_window
):
    settings.MOTCUA_PUBLIC_RATE_LIMIT = 3
    statuses = [client.get(reverse("portal-procedures")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("portal-procedure", args=["1.000894"]))
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()


def test_the_audit_page_lists_the_missing_approval_for_the_centre(client, catalogue, staffed):
    client.force_login(staffed["manager"])
    page = client.get(reverse("catalog-audit")).content.decode()
    assert "1.000894" in page
    assert "không có lãnh đạo Phòng Tư pháp phê duyệt" in page
    assert "1.001193 —" not in page  # the complete process has no finding


def test_the_audit_downloads_as_a_spreadsheet(client, catalogue, staffed):
    client.force_login(staffed["manager"])
    response = client.get(reverse("catalog-audit"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "1.000894"
    assert rows[2][5] == "Chặn"
    assert "Phòng Tư pháp" in str(rows[2][6])


def test_the_audit_shows_only_processes_the_user_may_read(client, catalogue, district):
    other = staff(Role.CENTRE_MANAGER, district.desk_b)
    client.force_login(other)
    page = client.get(reverse("catalog-audit")).content.decode()
    assert "1.000894" not in page
    process_id = catalogue["marriage"].procedure.processes.get().pk
    assert client.get(reverse("catalog-process", args=[process_id])).status_code == 404


def test_only_an_administrator_may_import(client, catalogue, staffed):
    client.force_login(staffed["manager"])
    upload = io.BytesIO(b"{}")
    upload.name = "catalogue.json"
    assert client.post(reverse("catalog-import"), {"file": upload}).status_code == 403


def test_an_import_with_errors_lists_them_and_writes_nothing(client, admin, catalogue):
    TOTP.activate(admin, generate_totp_secret())  # administrators must have a second factor
    log_in_with_second_factor(client, admin)
    upload = io.BytesIO(b'{"format": "motcua-catalogue", "procedures": [{"code": "1.2"}]}')
    upload.name = "catalogue.json"
    response = client.post(reverse("catalog-import"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không nhập gì" in page
    assert "name" in page
    assert "Cột này là bắt buộc" in page
    assert not Procedure.objects.filter(code="1.2").exists()


def test_the_api_lists_and_details_procedures_publicly(client, catalogue):
    listing = client.get("/api/v1/procedures/", {"q": "khai sinh"}).json()
    assert [item["code"] for item in listing["results"]] == ["1.001193", "1.001022"]
    detail = client.get("/api/v1/procedures/1.001193/").json()
    assert detail["time_limit_unit"] == "working_days"
    assert [step["kind"] for step in detail["processes"][0]["steps"]] == [
        "receive", "process", "approve", "sign", "return",
    ]  # fmt: skip
    assert client.get("/api/v1/procedures/9.999999/").status_code == 404


def test_the_api_audit_is_for_staff_who_may_read_the_process(client, catalogue, staffed, district):
    process_id = catalogue["marriage"].procedure.processes.get().pk
    url = f"/api/v1/processes/{process_id}/audit"
    assert client.get(url).status_code in (401, 403)
    client.force_login(staffed["manager"])
    body = client.get(url).json()
    assert body["blocking"] is True
    assert [f["code"] for f in body["findings"]] == ["missing_leader_approval"]
    client.force_login(staff(Role.CLERK, district.desk_b))
    assert client.get(url).status_code == 404

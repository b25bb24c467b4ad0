from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.org.models import AdministrativeUnit, Agency, Position, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # These tests are about the data the demo loads, not about Argon2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def counts() -> tuple[int, int, int, int, int]:
    return (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Position.objects.count(),
        Agency.history.count(),
    )


def test_demo_is_idempotent(capsys):
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts()[:4] == first[:4]


def test_demo_builds_the_district_of_the_directive():
    call_command("demo")
    district = AdministrativeUnit.objects.get(code="251")
    assert district.name == "Huyện Bình Xuyên"
    assert district.parent is not None
    assert district.parent.name == "Tỉnh Vĩnh Phúc"
    assert district.children.count() >= 12
    names = set(Agency.objects.values_list("name", flat=True))
    for department in (
        "Trung tâm Hành chính công huyện Bình Xuyên",
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "Phòng Tài chính - Kế hoạch",
        "Văn phòng HĐND và UBND huyện",
    ):
        assert department in names
    assert Agency.objects.filter(kind="one_stop_unit", unit__parent=district).count() == 13


def test_demo_has_todays_province_and_communes_that_succeeded_the_districts():
    call_command("demo")
    call_command("demo")  # idempotent: the mergers are not done twice
    old_province = AdministrativeUnit.objects.get(code="26")
    assert old_province.successor.name == "Tỉnh Phú Thọ"
    assert old_province.valid_to == date(2025, 6, 30)
    huong_canh = AdministrativeUnit.objects.get(name="Thị trấn Hương Canh")
    assert huong_canh.valid_to == date(2025, 6, 30)
    assert huong_canh.successor.name == "Xã Bình Xuyên"
    assert huong_canh.successor.parent.name == "Tỉnh Phú Thọ"
    # Every commune of the district has a successor among today's four.
    communes = AdministrativeUnit.objects.filter(parent__code="251")
    assert {c.successor.name for c in communes} == {
        "Xã Bình Xuyên", "Xã Bình Nguyên", "Xã Xuân Lãng", "Xã Bình Tuyền",
    }  # fmt: skip
    # Hương Canh's clerk works at today's commune centre (carried over by the merger).
    desk = Agency.objects.get(code="PT.BXUYEN.MC")
    assert desk.electronic_id
    assert Position.objects.filter(
        user__username="clerk.huongcanh", agency=desk, role=Role.CLERK, is_active=True
    ).exists()


def test_demo_has_one_account_per_role():
    call_command("demo")
    roles = set(Position.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_demo_prints_accounts_and_password(capsys, settings):
    call_command("demo", "--if-empty")
    output = capsys.readouterr().out
    password = (settings.VAR_DIR / "demo-password").read_text().strip()
    assert password in output
    assert "clerk" in output
    assert User.objects.get(username="clerk").check_password(password)

from __future__ import annotations

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
    assert Agency.objects.filter(kind="one_stop_unit").count() == district.children.count()


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

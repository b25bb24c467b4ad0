"""The calendar as staff and scripts use it: overrides win and are audited, CLI, API, year page."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from motcua.core.errors import PermissionDenied
from motcua.org.models import Role
from motcua.workcal.models import CalendarOverride, CalendarYearApproval, OverrideKind
from motcua.workcal.services import calendar_for, calendar_override_save
from tests.factories import log_in_with_second_factor, staff

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


def extra_day_off(day: date) -> CalendarOverride:
    return CalendarOverride(
        day=day,
        kind=OverrideKind.DAY_OFF,
        name="Nghỉ thêm theo quyết định của tỉnh",
        document_number="123/QĐ-UBND",
        document_date=date(2019, 1, 10),
    )


def test_cli_answers_in_plain_iso():
    assert run("add-workdays", "2019-01-30", "5") == "2019-02-13"
    assert run("add-hours", "2019-02-01 16:00", "4") == "2019-02-11T10:30:00+07:00"
    assert run("between", "2019-01-30", "2019-02-13") == "5"
    lines = run("holidays", "2026").splitlines()
    assert "2026-02-17\tTết Nguyên Đán\tlibrary" in lines
    assert all(not line.startswith("2026-08-22") for line in lines)  # a working Saturday


def test_cli_refuses_bad_input_with_a_clear_error():
    with pytest.raises(CommandError, match="negative"):
        run("add-workdays", "2019-01-30", "-1")
    with pytest.raises(CommandError, match="not an ISO date"):
        run("add-workdays", "30/01/2019", "5")
    with pytest.raises(CommandError, match="outside the supported years"):
        run("holidays", "2050")


def test_override_wins_is_audited_and_moves_deadlines(district):
    admin = staff(Role.SYSTEM_ADMIN, district.committee)
    assert run("add-workdays", "2019-01-30", "5") == "2019-02-13"

    changes = calendar_override_save(actor=admin, override=extra_day_off(date(2019, 1, 31)))

    assert [(c.day, c.was_working, c.is_working) for c in changes] == [
        (date(2019, 1, 31), True, False)
    ]
    assert run("add-workdays", "2019-01-30", "5") == "2019-02-14"
    assert "2019-01-31\tNghỉ thêm theo quyết định của tỉnh\toverride 123/QĐ-UBND (10/01/2019)" in (
        run("holidays", "2019").splitlines()
    )
    history = CalendarOverride.history.get()
    assert history.history_user == admin
    assert history.history_type == "+"


def test_default_office_hours_row_applies_to_agencies_without_their_own(district):
    from datetime import time

    from motcua.workcal.models import OfficeHours

    OfficeHours.objects.create(morning_start=time(8, 0), afternoon_end=time(17, 30))
    OfficeHours.objects.create(agency=district.desk_a, morning_start=time(7, 0))
    assert run("add-hours", "2019-01-30 07:00", "1") == "2019-01-30T09:00:00+07:00"
    own = calendar_for(district.desk_a.pk)
    assert own.office_hours.opening == 7 * 3600
    assert calendar_for(district.desk_b.pk).office_hours.closing == 17 * 3600 + 30 * 60


def test_only_administrators_change_the_calendar(district):
    clerk = staff(Role.CLERK, district.desk_a)
    with pytest.raises(PermissionDenied):
        calendar_override_save(actor=clerk, override=extra_day_off(date(2019, 1, 31)))
    assert not CalendarOverride.objects.exists()
    assert calendar_for().is_working_day(date(2019, 1, 31))


def test_api_holidays_and_add(district):
    client = Client()
    client.force_login(staff(Role.CLERK, district.desk_a))
    holidays = client.get("/api/v1/calendar/holidays", {"year": 2019}).json()
    added = client.get("/api/v1/calendar/add", {"start": "2019-01-30T09:00", "workdays": "5"})
    hours = client.get("/api/v1/calendar/add", {"start": "2019-02-01T16:00+07:00", "hours": "4"})
    assert {"day": "2019-02-05", "kind": "day_off", "name": "Tết Nguyên Đán",
            "source": "library", "reference": ""} in holidays  # fmt: skip
    assert added.json() == {
        "start": "2019-01-30T09:00:00+07:00",
        "due": "2019-02-13T17:00:00+07:00",
    }
    assert hours.json()["due"] == "2019-02-11T10:30:00+07:00"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2019-01-30T09:00", "workdays": -1}, "workdays"),
        ({"start": "not a date", "workdays": 1}, "start"),
        ({"start": "2019-01-30T09:00"}, "non_field_errors"),
        ({"start": "2045-01-30T09:00", "workdays": 1}, "start"),
    ],
)
def test_api_rejects_bad_input_field_by_field(district, query: dict[str, str | int], field):
    client = Client()
    client.force_login(staff(Role.CLERK, district.desk_a))
    response = client.get("/api/v1/calendar/add", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_api_year_outside_the_range_is_rejected_in_vietnamese(district):
    client = Client()
    client.force_login(staff(Role.CLERK, district.desk_a))
    response = client.get("/api/v1/calendar/holidays", {"year": 1990})
    assert response.status_code == 400
    assert "2010" in response.json()["errors"]["year"][0]


def test_year_page_shows_sources_and_asks_for_review(district):
    client = Client()
    client.force_login(staff(Role.CLERK, district.desk_a))
    page = client.get(reverse("workcal-year", args=[2019])).content.decode()
    assert "Tết Nguyên Đán" in page
    assert "chưa được rà soát" in page
    assert "Phê duyệt lịch này" not in page  # a clerk cannot approve


def test_administrator_approves_a_year_and_a_later_change_is_flagged(district):
    admin = staff(Role.SYSTEM_ADMIN, district.committee)
    TOTP.activate(admin, generate_totp_secret())  # administrators must have a second factor
    client = Client()
    log_in_with_second_factor(client, admin)

    client.post(reverse("workcal-year-approve", args=[2019]))
    approved = client.get(reverse("workcal-year", args=[2019])).content.decode()
    calendar_override_save(actor=admin, override=extra_day_off(date(2019, 1, 31)))
    changed = client.get(reverse("workcal-year", args=[2019])).content.decode()

    assert CalendarYearApproval.objects.get(year=2019).approved_by == admin
    assert "Đã được" in approved
    assert "thay đổi sau khi" in changed

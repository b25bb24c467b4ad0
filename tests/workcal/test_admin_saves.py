"""Changes made in the admin go through the services, in the services' own transaction."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from motcua.workcal.models import CalendarOverride
from tests.factories import log_in_with_second_factor


def test_an_administrator_declares_a_day_off_and_takes_it_back_in_the_admin(client, admin):
    TOTP.activate(admin, generate_totp_secret())
    log_in_with_second_factor(client, admin)
    added = client.post(
        "/admin/workcal/calendaroverride/add/",
        {"day": "2026-12-09", "kind": "day_off", "name": "Nghỉ bù",
         "document_number": "123/TB-VPCP", "document_date": "2026-11-20"},
    )  # fmt: skip
    assert added.status_code == 302
    override = CalendarOverride.objects.get(day="2026-12-09")
    deleted = client.post(f"/admin/workcal/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not CalendarOverride.objects.exists()

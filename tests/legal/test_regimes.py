"""Legal regimes as data: a dossier follows the regime of its receipt date for its whole life
(its code, its forms); the regimes' table never has a gap or an overlap."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.sites import site
from django.urls import reverse

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_withdraw
from motcua.dossiers.slips import Slip, available_slips, slip_pdf
from motcua.legal.models import LegalRegime
from motcua.legal.regimes import RegimeError, Span, check_coverage, check_pattern
from motcua.legal.services import regime_for, regime_save
from tests.factories import log_in_with_second_factor
from tests.worlds import vn


def test_the_two_regimes_cover_time_and_meet_on_1_july_2025(db):
    assert regime_for(date(2018, 1, 1)).code == "2018"
    assert regime_for(date(2025, 6, 30)).code == "2018"
    assert regime_for(date(2025, 7, 1)).code == "2025"
    assert regime_for(date(2040, 1, 1)).code == "2025"
    assert "118/2025/NĐ-CP" in regime_for(date(2026, 1, 1)).sources


def test_received_on_the_last_and_first_days_the_codes_follow_each_regime(world):
    desk = world.district.desk_a
    old = world.receive(vn(2025, 6, 30, 16))
    new = world.receive(vn(2025, 7, 1, 8))
    assert old.code == f"{desk.code}-250630-0001"
    assert old.regime.code == "2018"
    assert new.code == f"{desk.electronic_id}-250701-000001"  # platform "00", then the number
    assert new.regime.code == "2025"
    # Moving the boundary later changes no dossier already received: the regime is theirs.
    regime = LegalRegime.objects.get(code="2025")
    regime.valid_from = date(2025, 7, 2)
    regime_save(regime=regime)
    new.refresh_from_db()
    assert new.regime.code == "2025"
    assert world.receive(vn(2025, 7, 1, 9)).regime.code == "2018"


def test_an_agency_without_its_electronic_identifier_cannot_issue_a_2025_code(world):
    desk = world.district.desk_a
    desk.electronic_id = ""
    desk.save()
    with pytest.raises(DomainError, match="mã định danh điện tử"):
        world.receive(vn(2025, 7, 1, 8))
    assert not Dossier.objects.exists()  # nothing half-written, no number used up
    desk.electronic_id = "H26.251.99"
    desk.save()
    assert world.receive(vn(2025, 7, 1, 8)).code == "H26.251.99-250701-000001"


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([], "At least one"),
        ([Span("a", date(2018, 1, 1), None)], "no start date"),
        ([Span("a", None, date(2025, 6, 30)), Span("b", date(2025, 6, 30), None)], "overlap"),
        (
            [Span("a", None, date(2025, 6, 30)), Span("b", date(2025, 7, 5), None)],
            "follow no regime",
        ),
        ([Span("a", None, date(2025, 6, 30))], "no end date"),
        ([Span("a", None, None), Span("b", date(2025, 7, 1), None)], "has no end date"),
    ],
)
def test_a_table_with_a_gap_or_an_overlap_is_refused(spans, message):
    with pytest.raises(RegimeError, match=message):
        check_coverage(spans)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{agency}-{number}", "Unknown fields"),
        ("{agency}-{date:%y%m%d}", "needs the receipt date"),
        ("{date:%y%m%d}-{seq:04d}", "needs the agency"),
        ("{agency}-{date:%Q}-{seq:04z}", "cannot be filled"),
        ("{agency}" * 20 + "-{date:%y%m%d}-{seq:04d}", "exceed"),
    ],
)
def test_a_code_pattern_that_cannot_make_codes_is_refused(pattern, message):
    with pytest.raises(RegimeError, match=message):
        check_pattern(pattern)


def test_a_new_regime_closes_the_one_in_force_and_a_gap_is_refused(db):
    later = LegalRegime(
        code="2027", name="Nghị định giả định 2027", sources="(thử nghiệm)",
        valid_from=date(2027, 1, 1), slip_set="03/2025",
        code_pattern="{electronic_id}-{date:%y%m%d}-{platform}{seq:04d}", platform_digits="01",
    )  # fmt: skip
    regime_save(regime=later)
    assert LegalRegime.objects.get(code="2025").valid_to == date(2026, 12, 31)
    assert regime_for(date(2027, 1, 1)).code == "2027"
    middle = LegalRegime.objects.get(code="2025")
    middle.valid_to = date(2026, 6, 30)  # the next one follows: 2027 now starts on 01/07/2026
    regime_save(regime=middle)
    assert LegalRegime.objects.get(code="2027").valid_from == date(2026, 7, 1)
    first = LegalRegime.objects.get(code="2018")
    first.valid_from = date(2018, 6, 21)  # dossiers before it would follow no rules
    with pytest.raises(DomainError, match="no start date"):
        regime_save(regime=first)
    assert LegalRegime.objects.get(code="2018").valid_from is None  # nothing written


def test_the_admin_shows_the_regimes_and_keeps_every_change(client, admin):
    TOTP.activate(admin, generate_totp_secret())
    log_in_with_second_factor(client, admin)
    assert LegalRegime in site._registry
    listing = client.get(reverse("admin:legal_legalregime_changelist")).content.decode()
    assert "Nghị định 118/2025/NĐ-CP" in listing
    regime = LegalRegime.objects.get(code="2025")
    url = reverse("admin:legal_legalregime_change", args=[regime.pk])
    form = {
        "code": "2025", "name": regime.name, "sources": regime.sources,
        "valid_from": "2025-07-01", "valid_to": "", "slip_set": "03/2025",
        "code_pattern": "{electronic_id}-{date:%y%m%d}-{seq:04d}", "platform_digits": "",
        "supplement_clock": "resume",
    }  # fmt: skip
    before = regime.history.count()
    assert client.post(url, form).status_code == 302
    assert regime.history.count() == before + 1  # the change is kept, with who made it
    assert regime.history.first().history_user == admin
    refused = client.post(url, {**form, "valid_from": "", "code_pattern": "{seq}"})
    assert refused.status_code == 200  # the form again, with what to fix
    assert LegalRegime.objects.get(code="2025").valid_from == date(2025, 7, 1)


def test_the_notice_of_stopping_exists_only_in_the_2025_regime(world):
    old = world.receive(vn(2025, 6, 30, 16))
    new = world.receive(vn(2025, 7, 1, 8))
    for dossier in (old, new):
        dossier_withdraw(actor=world.clerk, dossier_id=dossier.pk, reason="Người nộp rút",
                         at=vn(2025, 7, 2, 9))  # fmt: skip
        dossier.refresh_from_db()
    assert Slip.STOP not in available_slips(old)  # Circular 01/2018 has no such form
    with pytest.raises(DomainError, match="không có biểu mẫu"):
        slip_pdf(old, Slip.STOP)
    assert Slip.STOP in available_slips(new)
    assert slip_pdf(new, Slip.STOP).startswith(b"%PDF")

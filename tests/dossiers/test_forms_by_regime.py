"""Every form of both regimes through `motcua slip`, read back from the PDF and the Word file:
a dossier received on 30/06/2025 prints Circular 01/2018's forms, one received on 01/07/2025
Circular 03/2025's — numbers, titles and the fields of docs/forms.md."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.management.commands.slip import Command as SlipCommand
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.services import (
    dossier_apologise,
    dossier_request_supplement,
    dossier_step_act,
)
from motcua.dossiers.slips import Slip, SlipFormat, render_slip
from tests.worlds import docx_text, pdf_text, vn

pytestmark = pytest.mark.django_db

OLD_DAY = vn(2025, 6, 30, 8)  # the last day of the 2018 regime (a Monday)
NEW_DAY = vn(2025, 7, 1, 8)  # the first day of the 2025 regime

NUMBERS = {
    "2018": {"receipt": "01", "guide": "02", "supplement": "02", "refusal": "03",
             "control": "04", "apology": "05", "book": "06"},
    "2025": {"receipt": "01", "guide": "02", "supplement": "02", "refusal": "03",
             "apology": "04", "stop": "05", "control": "06", "book": "07"},
}  # fmt: skip
CIRCULARS = {"2018": "Thông tư số 01/2018/TT-VPCP", "2025": "Thông tư số 03/2025/TT-VPCP"}
APOLOGY_TITLES = {
    "2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "2025": "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
}


def _dossier_for(world, form: str, day):
    """A dossier received on `day` in the state the form records."""
    later = day + timedelta(hours=1)
    if form == "guide":
        return world.dossier_in(DossierStatus.NOT_RECEIVED, at=day)
    if form == "refusal":
        return world.dossier_in(DossierStatus.REFUSED, at=day)
    if form == "stop":
        return world.dossier_in(DossierStatus.WITHDRAWN, at=day)
    if form == "handover":
        return world.dossier_in(DossierStatus.RETURNED, at=day)
    dossier = world.receive(day)
    if form in ("supplement", "apology"):
        dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=later)
    if form == "supplement":
        return dossier_request_supplement(
            actor=world.specialist, dossier_id=dossier.pk, items=["Bản sao hộ chiếu"],
            reason="Thiếu giấy tờ tùy thân", at=later + timedelta(hours=1),
        )  # fmt: skip
    if form == "apology":
        return dossier_apologise(
            actor=world.specialist, dossier_id=dossier.pk, reason="Cần xác minh thêm",
            new_due_at=day + timedelta(days=8, hours=9), at=day + timedelta(days=1, hours=1),
        )  # fmt: skip
    if form == "book":
        world.receive(day + timedelta(minutes=30))  # the same day's next entry
    return dossier


def _fields(world, form: str, dossier, regime: str, day) -> list[str]:
    """The fields docs/forms.md lists for the form, as the slip prints them."""
    issued = {"apology": day + timedelta(days=1), "control": timezone.localtime()}.get(form, day)
    place_date = f"A, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}"
    common = [dossier.code or "", "Nguyễn Văn An", place_date]
    by_form = {
        "receipt": ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Số lượng hồ sơ: 01 bộ",
                    "Tờ khai đăng ký kết hôn", "Thời gian giải quyết hồ sơ theo quy định: "
                    "3 ngày làm việc", "Quyển số 01/2025, Số thứ tự 1",
                    "NGƯỜI TIẾP NHẬN HỒ SƠ", world.clerk.get_full_name()],
        "guide": ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Tờ khai", "NGƯỜI HƯỚNG DẪN"],
        "supplement": ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Bản sao hộ chiếu",
                       "Lý do: Thiếu giấy tờ tùy thân", world.specialist.get_full_name()],
        "refusal": ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Không đủ điều kiện",
                    "Phòng Tư pháp"],
        "apology": [APOLOGY_TITLES[regime], "Cần xác minh thêm", "THỦ TRƯỞNG CƠ QUAN",
                    world.leader.get_full_name()],
        "stop": ["Về việc dừng giải quyết hồ sơ", "Lý do: Lý do", "THỦ TRƯỞNG CƠ QUAN"],
        "control": ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Tiếp nhận",
                    "Người giao", "Người nhận"],
        "book": ["SỔ THEO DÕI HỒ SƠ", "Quyển số 01/2025", "Cơ quan chủ trì giải quyết",
                 "Hẹn trả kết quả", "Người nhận kết quả"],
        "handover": ["BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "Người nhận kết quả: An"],
    }  # fmt: skip
    numbered = (
        [f"Mẫu số {NUMBERS[regime][form]}", CIRCULARS[regime]] if form in NUMBERS[regime] else []
    )
    return [*common, *numbered, *by_form[form]]


FORMS = ("receipt", "guide", "supplement", "refusal", "apology", "stop", "control", "book",
         "handover")  # fmt: skip
CASES = [
    (regime, form)
    for regime in ("2018", "2025")
    for form in FORMS
    if form != "stop" or regime == "2025"
]


@pytest.mark.parametrize(("regime", "form"), CASES)
def test_every_form_of_both_regimes_prints_its_fields(world, tmp_path, regime, form):
    day = OLD_DAY if regime == "2018" else NEW_DAY
    dossier = _dossier_for(world, form, day)
    assert dossier.regime.code == regime
    code = dossier.code or ""
    if form == "guide":  # not received, so without a code for the command: rendered directly
        texts = [read(render_slip(dossier, Slip.GUIDANCE, fmt)) for fmt, read in
                 ((SlipFormat.PDF, pdf_text), (SlipFormat.DOCX, docx_text))]  # fmt: skip
    else:
        texts = []
        for suffix, read in (("pdf", pdf_text), ("docx", docx_text)):
            target = tmp_path / f"{form}.{suffix}"
            call_command("slip", form, code, "-o", str(target), stdout=io.StringIO())
            texts.append(read(target.read_bytes()))
    for text in texts:
        flat = " ".join(text.split())
        missing = [
            field for field in _fields(world, form, dossier, regime, day) if field not in flat
        ]
        assert not missing, f"{form} ({regime}) lacks {missing}"


def test_the_2018_regime_has_no_notice_of_stopping_and_help_lists_every_form(world, tmp_path):
    withdrawn = world.dossier_in(DossierStatus.WITHDRAWN, at=OLD_DAY)
    with pytest.raises(CommandError, match=r"(?i)thông báo dừng|notice of stopping"):
        call_command("slip", "stop", withdrawn.code, "-o", str(tmp_path / "s.pdf"))
    usage = SlipCommand().create_parser("motcua", "slip").format_help()
    for form in ("receipt", "supplement", "refusal", "apology", "stop", "control", "book",
                 "guide", "handover"):  # fmt: skip
        assert form in usage

"""The one-stop forms of each regime's circular: their numbers and titles (pure data).

Circular 01/2018/TT-VPCP (23/11/2018, guiding Decree 61/2018/NĐ-CP) has six forms; Circular
03/2025/TT-VPCP (15/09/2025, guiding Decree 118/2025/NĐ-CP) has seven — the notice of stopping
is new, and the apology also asks the applicant to accept the extended time. The numbering is
motcua's reading of the circulars' appendices (docs/forms.md marks what is to verify); a change
is made here, and every slip follows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LegalForm:
    number: str  # "01": printed "Mẫu số 01" at the top right
    title: str  # the form's title as printed (a second line: its subject)


@dataclass(frozen=True, slots=True)
class FormSet:
    circular: str  # "Thông tư số 01/2018/TT-VPCP"
    forms: dict[str, LegalForm]  # by motcua's form key: receipt, supplement, …


FORM_SETS: dict[str, FormSet] = {
    "01/2018": FormSet(
        "Thông tư số 01/2018/TT-VPCP",
        {
            "receipt": LegalForm("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            "supplement": LegalForm("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            "refusal": LegalForm("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            "control": LegalForm("04", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            "apology": LegalForm("05", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
            "book": LegalForm("06", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
    "03/2025": FormSet(
        "Thông tư số 03/2025/TT-VPCP",
        {
            "receipt": LegalForm("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            "supplement": LegalForm("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            "refusal": LegalForm("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            "apology": LegalForm(
                "04", "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ"
            ),
            "stop": LegalForm("05", "THÔNG BÁO\nVề việc dừng giải quyết hồ sơ"),
            "control": LegalForm("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            "book": LegalForm("07", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
}

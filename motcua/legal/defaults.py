"""The regimes motcua knows out of the box, with their sources: the seed's (2018) and today's
(2025). The first migration writes them; `legal.services.regime_for` writes them again into an
empty table (a database emptied by hand or by tests), so a receipt never finds no rules."""

from __future__ import annotations

from datetime import date
from typing import Any

DEFAULT_REGIMES: list[dict[str, Any]] = [
    {
        "code": "2018",
        "name": "Nghị định 61/2018/NĐ-CP và Thông tư 01/2018/TT-VPCP",
        "sources": (
            "Nghị định 61/2018/NĐ-CP ngày 23/04/2018 về thực hiện cơ chế một cửa, một cửa liên "
            "thông (hiệu lực 21/06/2018), sửa đổi bởi Nghị định 107/2021/NĐ-CP; Thông tư "
            "01/2018/TT-VPCP ngày 23/11/2018 (sáu biểu mẫu; mã hồ sơ: mã cơ quan - ngày nhận - "
            "số thứ tự). Hồ sơ nhận trước ngày hiệu lực được ghi theo cùng quy tắc."
        ),
        "valid_from": None,
        "valid_to": date(2025, 6, 30),
        "slip_set": "01/2018",
        "code_pattern": "{agency}-{date:%y%m%d}-{seq:04d}",
        "platform_digits": "",
    },
    {
        "code": "2025",
        "name": "Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP",
        "sources": (
            "Nghị định 118/2025/NĐ-CP ngày 09/06/2025 về thực hiện thủ tục hành chính theo cơ chế "
            "một cửa, một cửa liên thông (hiệu lực 01/07/2025); Thông tư 03/2025/TT-VPCP ngày "
            "15/09/2025 (bảy biểu mẫu). Mã hồ sơ: mã định danh điện tử của cơ quan (Quyết định "
            "20/2020/QĐ-TTg) - ngày nhận - hai chữ số của đơn vị chủ quản nền tảng và số thứ tự "
            "trong ngày (cần đối chiếu Thông tư 04/2025, hiệu lực 25/01/2026)."
        ),
        "valid_from": date(2025, 7, 1),
        "valid_to": None,
        "slip_set": "03/2025",
        "code_pattern": "{electronic_id}-{date:%y%m%d}-{platform}{seq:04d}",
        "platform_digits": "00",
    },
]

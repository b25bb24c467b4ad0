"""The checklists motcua ships (data an administrator corrects in the admin): what the seed asks
the communes to self-inspect in their one-stop units, and the Justice office's inspection of
legal normative documents."""

from __future__ import annotations

from typing import Any

from motcua.directives.models import Checklist, ChecklistItem

# code, name, source, items
CHECKLISTS: list[tuple[str, str, str, list[str]]] = [
    (
        "mot-cua",
        "Kiểm tra Bộ phận Một cửa",
        "Chỉ thị 550/UBND-NV (mục 5); Nghị định 61/2018/NĐ-CP và Thông tư 01/2018/TT-VPCP "
        "(nay Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP) — danh mục của motcua",
        [
            "Niêm yết, công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa",
            "Bố trí công chức thường trực tiếp nhận, trả kết quả trong giờ hành chính",
            "Sử dụng đúng các mẫu phiếu (tiếp nhận và hẹn trả, yêu cầu bổ sung, từ chối, "
            "xin lỗi, kiểm soát quá trình)",
            "Lập và cập nhật sổ theo dõi hồ sơ",
            "Báo cáo thống kê tình hình giải quyết hồ sơ đúng kỳ",
        ],
    ),
    (
        "vbqppl",
        "Kiểm tra việc ban hành, thực hiện văn bản quy phạm pháp luật",
        "Nghị định 34/2016/NĐ-CP (kiểm tra văn bản; cần đối chiếu) — danh mục của motcua",
        [
            "Văn bản ban hành đúng thẩm quyền",
            "Văn bản ban hành đúng trình tự, thủ tục",
            "Nội dung phù hợp với văn bản của cấp trên",
            "Văn bản được đăng công báo, công khai theo quy định",
            "Định kỳ tự kiểm tra, rà soát văn bản",
        ],
    ),
]


def load_checklists(checklist_model: Any = None, item_model: Any = None) -> None:
    """Write the shipped checklists where missing (the migration passes its historical models;
    a test database emptied between tests calls it with the real ones)."""
    if checklist_model is None or item_model is None:
        checklist_model, item_model = Checklist, ChecklistItem
    for code, name, source, items in CHECKLISTS:
        checklist, _created = checklist_model.objects.get_or_create(
            code=code, defaults={"name": name, "source": source}
        )
        for position, text in enumerate(items, start=1):
            item_model.objects.get_or_create(
                checklist=checklist, position=position, defaults={"text": text}
            )

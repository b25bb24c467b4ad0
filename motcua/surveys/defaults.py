"""The model questionnaire: the five factors of the SIPAS method (Decision 1001/QĐ-BNV,
11/12/2023), each asked as perception, satisfaction and expectation on a 5-point scale, with an
optional comment. The wording is motcua's (DESIGN.md: the method fixes the factors and the
scales, a province words its own questionnaire); administrators edit it as data."""

from __future__ import annotations

SOURCE = "Theo cấu trúc của Quyết định 1001/QĐ-BNV ngày 11/12/2023 (5 yếu tố, thang 5 mức)"
NAME = "Phiếu khảo sát sự hài lòng của người dân, tổ chức (mẫu SIPAS)"

# factor → (perception statement, what is rated, what is commented on)
FACTORS: dict[int, tuple[str, str, str]] = {
    1: (
        "Nơi làm thủ tục dễ tìm, có đủ chỗ ngồi và trang thiết bị; "
        "nộp hồ sơ trực tuyến thuận tiện.",
        "việc tiếp cận dịch vụ (nơi làm thủ tục, trang thiết bị, nộp trực tuyến)",
        "việc tiếp cận dịch vụ",
    ),
    2: (
        "Thủ tục được niêm yết công khai, đầy đủ; "
        "giấy tờ, phí, lệ phí và thời hạn đúng như niêm yết.",
        "thủ tục hành chính",
        "thủ tục hành chính",
    ),
    3: (
        "Công chức lịch sự, hướng dẫn tận tình, dễ hiểu, một lần là đủ; "
        "không gây phiền hà, nhũng nhiễu.",
        "công chức trực tiếp giải quyết công việc",
        "công chức",
    ),
    4: (
        "Kết quả đúng quy định, thông tin chính xác, được trả đúng hẹn hoặc sớm hơn.",
        "kết quả giải quyết thủ tục hành chính",
        "kết quả",
    ),
    5: (
        "Cơ quan có cách tiếp nhận góp ý, phản ánh; phản ánh được trả lời kịp thời, rõ ràng.",
        "việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        "việc tiếp nhận, xử lý góp ý",
    ),
}


def questions() -> list[tuple[str, int | None, str, str]]:
    """(code, factor, aspect, text) in order."""
    rows: list[tuple[str, int | None, str, str]] = []
    for factor, (statement, rated, commented) in FACTORS.items():
        rows += [
            (f"{factor}.NT", factor, "perception", statement),
            (f"{factor}.HL", factor, "satisfaction", f"Ông/Bà hài lòng thế nào với {rated}?"),
            (
                f"{factor}.MD",
                factor,
                "expectation",
                f"Ông/Bà mong đợi {rated} được cải thiện ở mức nào?",
            ),
            (f"{factor}.GY", factor, "open", f"Góp ý của Ông/Bà về {commented} (nếu có)"),
        ]
    rows.append(("GY", None, "open", "Ông/Bà có góp ý gì khác để cơ quan phục vụ tốt hơn?"))
    return rows

"""The indicator set of Decision 766/QĐ-TTg (23/06/2022) as motcua first encodes it (legal.md,
"Decision 766"): six groups, 100 points. Which threshold (80 %, 50 % or 90 %) applies to which
indicator is our reading, to verify against the national portal's formula document; the set is
data an administrator corrects in the admin.

1.1 and 1.2 ("published on time"): a version counts as on time when the decision announcing it
(Quyết định công bố, recorded on the version) is dated no later than the day it takes effect —
our reading (DESIGN.md: rules of ours); the lead time Decree 63/2010 Art. 15 (as amended by
Decree 92/2017) sets for announcing decisions is to verify. 1.3 ("complete parts"): the parts of
Decree 63/2010 Art. 8 a catalogue record can lack (selectors.versions_complete)."""

from __future__ import annotations

from datetime import date

NAME = "Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"
SOURCE = "Quyết định 766/QĐ-TTg ngày 23/06/2022 của Thủ tướng Chính phủ"
VALID_FROM = date(2022, 6, 23)

# (group code, group name, code, name, max, kind, threshold, measure, numerator, denominator,
#  what is missing when there is no data)
INDICATORS: list[tuple[str, str, str, str, str, str, str | None, str, str, str, str]] = [
    ("1", "Công khai, minh bạch", "1.1", "Công bố, công khai thủ tục hành chính đúng hạn", "6",
     "linear", None, "announced_new",
     "thủ tục mới được công bố chậm nhất vào ngày có hiệu lực",
     "thủ tục mới có hiệu lực trong kỳ, đã ghi quyết định công bố", ""),
    ("1", "Công khai, minh bạch", "1.2", "Cập nhật thủ tục hành chính đúng hạn", "4",
     "linear", None, "announced_updates",
     "phiên bản sửa đổi được công bố chậm nhất vào ngày có hiệu lực",
     "phiên bản sửa đổi có hiệu lực trong kỳ, đã ghi quyết định công bố", ""),
    ("1", "Công khai, minh bạch", "1.3", "Công khai đầy đủ các bộ phận của thủ tục", "2",
     "linear", None, "complete_parts",
     "thủ tục có đủ cách thức, thành phần hồ sơ, thời hạn, phí, lệ phí",
     "thủ tục đang áp dụng tại đơn vị", ""),
    ("1", "Công khai, minh bạch", "1.4", "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia", "6",
     "no_data", None, "", "", "", "Hàng đợi đồng bộ với Cổng Dịch vụ công quốc gia"),
    ("2", "Tiến độ giải quyết", "2.1", "Hồ sơ giải quyết trước hạn và đúng hạn", "20",
     "linear", None, "on_time", "hồ sơ giải quyết trước hạn và đúng hạn",
     "hồ sơ đã giải quyết có thời hạn", ""),
    ("3", "Dịch vụ công trực tuyến", "3.1", "Thủ tục cung cấp dịch vụ công trực tuyến", "6",
     "threshold", "0.8", "online_procedures", "thủ tục đang áp dụng nhận hồ sơ trực tuyến",
     "thủ tục đang áp dụng tại đơn vị", ""),
    ("3", "Dịch vụ công trực tuyến", "3.2", "Hồ sơ tiếp nhận trực tuyến", "6",
     "threshold", "0.5", "online_dossiers", "hồ sơ tiếp nhận trực tuyến",
     "hồ sơ tiếp nhận mới trong kỳ", ""),
    ("4", "Thanh toán trực tuyến", "4.1", "Hồ sơ có phí, lệ phí được thanh toán trực tuyến",
     "10", "linear", None, "online_payment",
     "hồ sơ có phí, lệ phí được ghi nhận thanh toán trực tuyến (có mã giao dịch)",
     "hồ sơ có phí, lệ phí tiếp nhận trong kỳ", ""),
    ("5", "Số hóa hồ sơ", "5.1", "Hồ sơ có kết quả giải quyết điện tử", "8",
     "linear", None, "electronic_results",
     "hồ sơ giải quyết trong kỳ có kết quả ký số trong sổ kết quả",
     "hồ sơ đã giải quyết trong kỳ", ""),
    ("5", "Số hóa hồ sơ", "5.2", "Hồ sơ được số hóa thành phần khi tiếp nhận", "8",
     "threshold", "0.9", "digitised", "hồ sơ có bản số hóa mọi thành phần đã nhận",
     "hồ sơ tiếp nhận mới trong kỳ", ""),
    ("5", "Số hóa hồ sơ", "5.3", "Khai thác, sử dụng lại dữ liệu đã số hóa", "6",
     "linear", None, "reused",
     "hồ sơ dùng lại bản số hóa đã chứng thực của người nộp",
     "hồ sơ tiếp nhận mới trong kỳ có thành phần", ""),
    ("6", "Mức độ hài lòng", "6.1", "Phản ánh, kiến nghị được xử lý đúng hạn", "6",
     "linear", None, "petitions_on_time", "phản ánh được trả lời đúng hạn",
     "phản ánh đã trả lời trong kỳ", ""),
    ("6", "Mức độ hài lòng", "6.2", "Hài lòng về việc xử lý phản ánh, kiến nghị", "6",
     "linear", None, "petitions_resolved", "người phản ánh xác nhận đã được giải quyết",
     "người phản ánh đã trả lời câu hỏi sau khi nhận trả lời", ""),
    ("6", "Mức độ hài lòng", "6.3", "Hài lòng trong giải quyết thủ tục hành chính", "6",
     "linear", None, "dossier_satisfaction",
     "hồ sơ đã giải quyết không trễ hạn, không bị phản ánh và không bị đánh giá không hài lòng",
     "hồ sơ đã giải quyết có thời hạn", ""),
]  # fmt: skip

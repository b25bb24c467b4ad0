"""The default Word layout of each slip (the PDF layout is in templates/dossiers/slips/).

Both read the same context (`slips.slip_context`), so their wording is kept side by side: a
change to a form's text is made in its HTML template and here.
"""

from __future__ import annotations

from motcua.documents.docx import Form, Image, Items, Para, Signatures, Table, Title
from motcua.dossiers.book import HEADINGS

SIGNATURE_HINT = "(Ký và ghi rõ họ tên)"

_FORMS = {
    form.name: form
    for form in (
        Form(
            "receipt",
            (
                Title("{{ title }}\nMã hồ sơ: {{ code }}"),
                Para("{{ agency }} tiếp nhận hồ sơ của: {{ applicant }}"),
                Para("Địa chỉ: {{ address }}", condition="address"),
                Para("Số điện thoại: {{ phone }}", condition="phone"),
                Para("Thư điện tử: {{ email }}", condition="email"),
                Para("Nội dung yêu cầu giải quyết: {{ procedure }}"),
                Para('Số lượng hồ sơ: {{ "%02d"|format(sets) }} bộ'),
                Para("Thành phần hồ sơ nộp gồm:"),
                Table(
                    ("STT", "Tên giấy tờ", "Bản chính", "Bản sao"),
                    ("{{ c.number }}", "{{ c.name }}", "{{ c.originals }}", "{{ c.copies }}"),
                    loop="c in components",
                ),
                Para("Phí, lệ phí: {{ fee.figures }} ({{ fee.words }})", condition="fee"),
                Para("Thời gian giải quyết hồ sơ theo quy định: {{ time_limit }}"),
                Para("Thời gian tiếp nhận: {{ received_text }}"),
                Para("Thời gian trả kết quả giải quyết hồ sơ: {{ due_text }}"),
                Para("Đăng ký nhận kết quả tại: {{ agency }}"),
                Para("Vào Sổ theo dõi hồ sơ: Quyển số {{ book }}, Số thứ tự {{ book_number }}"),
                Para("Tra cứu tình trạng hồ sơ: {{ qr_url }}"),
                Image("qr"),
                Signatures(
                    f"NGƯỜI NỘP HỒ SƠ\n{SIGNATURE_HINT}\n\n\n{{{{ applicant }}}}",
                    f"NGƯỜI TIẾP NHẬN HỒ SƠ\n{SIGNATURE_HINT}\n\n\n{{{{ clerk }}}}",
                ),
            ),
        ),
        Form(
            "supplement",
            (
                Title("{{ title }}"),
                Para("Hồ sơ của: {{ applicant }}"),
                Para("Địa chỉ: {{ address }}", condition="address"),
                Para("Số điện thoại: {{ phone }}", condition="phone"),
                Para("Thư điện tử: {{ email }}", condition="email"),
                Para("Nội dung yêu cầu giải quyết: {{ procedure }}"),
                Para(
                    "Ngày {{ day }}, {{ by_agency }} đã kiểm tra hồ sơ. Hồ sơ chưa đầy đủ; "
                    "đề nghị bổ sung, hoàn thiện các nội dung sau:"
                ),
                Items("item in items", "{{ item }}"),
                Para("Lý do: {{ reason }}"),
                Para(
                    "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
                    "{{ by_agency }}{% if contact_phone %}, số điện thoại {{ contact_phone }}"
                    "{% endif %} để được hướng dẫn."
                ),
                Signatures("", f"NGƯỜI HƯỚNG DẪN\n{SIGNATURE_HINT}\n\n\n{{{{ signer }}}}"),
            ),
        ),
        Form(
            "refusal",
            (
                Title("{{ title }}"),
                Para("{{ agency }} tiếp nhận hồ sơ đề nghị của: {{ applicant }}"),
                Para("Nội dung yêu cầu giải quyết: {{ procedure }}"),
                Para(
                    "Ngày {{ day }}, qua xem xét, {{ by_agency }} thông báo không tiếp nhận, "
                    "giải quyết hồ sơ này với lý do cụ thể như sau:"
                ),
                Para("{{ reason }}", bold=True),
                Para("Xin thông báo để ông/bà được biết và thực hiện."),
                Signatures("", f"NGƯỜI THÔNG BÁO\n{SIGNATURE_HINT}\n\n\n{{{{ signer }}}}"),
            ),
        ),
        Form(
            "apology",
            (
                Title("{{ title }}"),
                Para(
                    "{{ agency }} tiếp nhận giải quyết hồ sơ của: {{ applicant }}, "
                    "mã hồ sơ {{ code }}, lúc {{ received_text }}."
                ),
                Para("Nội dung yêu cầu giải quyết: {{ procedure }}"),
                Para("Thời gian hẹn trả kết quả giải quyết hồ sơ: {{ first_due_text }}."),
                Para(
                    "Tuy nhiên đến nay, {{ by_agency }} chưa trả kết quả giải quyết hồ sơ "
                    "cho ông/bà. Lý do: {{ reason }}"
                ),
                Para(
                    "Sự chậm trễ này đã gây phiền hà cho ông/bà. {{ by_agency }} xin lỗi ông/bà "
                    "và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào {{ new_due_text }}."
                ),
                Para("Xin trân trọng cảm ơn sự hợp tác của ông/bà."),
                Signatures("", f"{{{{ signer_title }}}}\n{SIGNATURE_HINT}\n\n\n{{{{ signer }}}}"),
            ),
        ),
        Form(
            "control",
            (
                Title("{{ title }}\nMã hồ sơ: {{ code }}"),
                Para("Thủ tục: {{ procedure }}. Người nộp: {{ applicant }}."),
                Para("Ngày tiếp nhận: {{ received_short }}. Ngày hẹn trả: {{ due_short }}."),
                Table(
                    (
                        "Tên cơ quan",
                        "Thời gian giao, nhận hồ sơ",
                        "Người giao",
                        "Người nhận",
                        "Kết quả giải quyết (trước / đúng / quá hạn)",
                        "Ghi chú",
                    ),
                    (
                        "{{ row.agency }}",
                        "{{ row.at }}",
                        "{{ row.giver }}",
                        "{{ row.receiver }}",
                        "{{ row.result }}",
                        "{{ row.note }}",
                    ),
                    loop="row in handovers",
                ),
                Para(
                    "Có kết quả: {{ resolved_short }} — {{ timeliness }}.",
                    condition="resolved_short",
                ),
            ),
        ),
        Form(
            "stop",
            (
                Title("{{ title }}"),
                Para("Kính gửi: {{ applicant }}{% if address %}, {{ address }}{% endif %}"),
                Para(
                    "{{ agency }} đã tiếp nhận hồ sơ của ông/bà lúc {{ received_text }}, mã hồ sơ "
                    "{{ code }}."
                ),
                Para("Nội dung yêu cầu giải quyết: {{ procedure }}"),
                Para(
                    "Lúc {{ stopped_text }}, theo đề nghị của ông/bà, việc giải quyết hồ sơ được "
                    "dừng lại. Lý do: {{ reason }}"
                ),
                Para("Các giấy tờ đã nộp được trả lại cho ông/bà tại {{ agency }}."),
                Signatures("", f"THỦ TRƯỞNG CƠ QUAN\n{SIGNATURE_HINT}\n\n\n{{{{ signer }}}}"),
            ),
        ),
        Form(
            "book",
            (
                Title("{{ title }}"),
                Para("Quyển số {{ book }} — {{ agency }} — ngày {{ day }}"),
                Table(
                    HEADINGS,
                    (
                        "{{ row.number }}",
                        "{{ row.code }}",
                        "{{ row.procedure }}",
                        '{{ "%02d"|format(row.sets) }}',
                        "{{ row.applicant }}",
                        "{{ row.contact }}",
                        "{{ row.in_charge }}",
                        "{{ row.received }}",
                        "{{ row.due }}",
                        "{{ row.handed }}",
                        "{{ row.returned }}",
                        "{{ row.collected_by }}",
                        "{{ row.remark }}",
                    ),
                    loop="row in rows",
                ),
            ),
        ),
        Form(
            "handover",
            (
                Title("BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ\nMã hồ sơ: {{ code }}"),
                Para("Thủ tục: {{ procedure }}"),
                Para("Người nộp hồ sơ: {{ applicant }}"),
                Para("Kết quả giải quyết: {{ result }}"),
                Para("Thời gian trả kết quả: {{ returned_text }}"),
                Para("Người nhận kết quả: {{ collected_by }}"),
                Para("Phí, lệ phí: {{ fee.figures }} ({{ fee.words }})", condition="fee"),
                Para(
                    "Mời ông/bà đánh giá mức độ hài lòng tại {{ qr_url }} hoặc quét mã QR.",
                    italic=True,
                ),
                Image("qr"),
                Signatures(
                    f"NGƯỜI NHẬN KẾT QUẢ\n{SIGNATURE_HINT}\n\n\n{{{{ collected_by }}}}",
                    f"NGƯỜI TRẢ KẾT QUẢ\n{SIGNATURE_HINT}\n\n\n{{{{ signer }}}}",
                ),
            ),
        ),
    )
}

# Every form carries its number in the regime's circular at the top right, and the place and
# date line under its heading (Decree 30/2020/NĐ-CP, art. 8).
FORM_NUMBER = Para("{{ form_number }} {{ form_basis }}", italic=True, condition="form_number")
FORMS = {
    name: Form(name, (FORM_NUMBER, Para("{{ place_date }}", italic=True), *form.blocks))
    for name, form in _FORMS.items()
}

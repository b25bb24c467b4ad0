"""Demo petitions: a few calls and web petitions over the last weeks, in every state, through
the services (the hotline operator `hotline` of BX.VP; the Justice department answers)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.org.models import Agency
from motcua.petitions.models import Channel, Kind, Petition
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_receive,
)

SAMPLES = (
    ("Chậm trả kết quả chứng thực", Kind.DELAY_OR_HARASSMENT, Channel.HOTLINE, "answered"),
    ("Đề nghị niêm yết phí chứng thực tại bộ phận một cửa", Kind.PROPOSAL, Channel.WEB, "answered"),
    ("Yêu cầu nộp thêm giấy tờ không có trong danh mục", Kind.DELAY_OR_HARASSMENT,
     Channel.HOTLINE, "drafted"),
    ("Thời gian đăng ký khai sinh quá dài so với quy định", Kind.UNFIT_REGULATION, Channel.WEB,
     "assigned"),
    ("Cán bộ tiếp dân thiếu niềm nở", Kind.STAFF_ATTITUDE, Channel.HOTLINE, "received"),
)  # fmt: skip


def load_demo(*, password: str, reset_passwords: bool) -> None:
    del password, reset_passwords
    if Petition.objects.exists():
        return
    operator = User.objects.filter(username="hotline").first()
    specialist = User.objects.filter(username="specialist").first()
    leader = User.objects.filter(username="leader").first()
    justice = Agency.objects.filter(code="BX.TP").first()
    if not (operator and specialist and leader and justice):
        return
    now = timezone.now()
    for number, (title, kind, channel, state) in enumerate(SAMPLES):
        received = now - timedelta(days=20 - 4 * number)
        petition = petition_receive(
            data=PetitionData(
                title=title, content=f"{title}. Đề nghị cơ quan xem xét, trả lời.", kind=kind,
                channel=channel, name="Người dân thử nghiệm", phone=f"09000000{number:02d}",
                consent_to_publish=channel == Channel.WEB,
            ),
            actor=operator if channel == Channel.HOTLINE else None,
            at=received,
        )  # fmt: skip
        if state == "received":
            continue
        petition_assign(actor=operator, petition_id=petition.pk, agency=justice,
                        at=received + timedelta(hours=4))  # fmt: skip
        if state == "assigned":
            continue
        answer = "Phòng Tư pháp đã kiểm tra, chấn chỉnh và trả lời như sau: đã khắc phục."
        petition_draft_answer(actor=specialist, petition_id=petition.pk, answer=answer,
                              at=received + timedelta(days=3))  # fmt: skip
        if state == "drafted":
            continue
        petition_approve_answer(actor=leader, petition_id=petition.pk, public_answer=answer,
                                at=received + timedelta(days=4))  # fmt: skip

"""The seed itself as data: Directive 550/UBND-NV of 11/05/2018, its six items as tasks for the
district's departments and communes — some done on time, some late, some overdue —, and a 2026
directive of today's province (its number and content SAMPLE). What the units reported is
SAMPLE too; the overdue ones are escalated the way the worker's job escalates them."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.directives.models import Assignment, Directive, Recurrence, Severity, TaskKind
from motcua.directives.services import (
    CheckData,
    DirectiveData,
    FindingData,
    ReportData,
    TaskData,
    assignment_accept,
    assignment_report,
    assignments_escalate,
    directive_issue,
    inspection_plan,
    inspection_record,
)
from motcua.org.models import Agency
from motcua.workcal.calendar import VIETNAM

PLAN_NUMBER = "11/KH-UBND"
PLAN_DAY = date(2018, 1, 23)
SEED_NUMBER = "550/UBND-NV"
SEED_DAY = date(2018, 5, 11)
TODAY_NUMBER = "2150/UBND-NCKSTTHC (MẪU)"
TODAY_DAY = date(2026, 9, 15)
COMMUNES = ("BX.HCANH", "BX.GKHANH", "BX.SLOI", "BX.QLUU")


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VIETNAM)


def _ids(*codes: str) -> tuple[int, ...]:
    return tuple(Agency.objects.get(code=code).pk for code in codes)


def _seed_tasks() -> tuple[TaskData, ...]:
    departments = ("BX.TP", "BX.TCKH", "BX.TNMT", "BX.KTHT", "BX.LDTBXH")
    return (
        TaskData(
            title="Giải quyết hồ sơ đúng hạn trên 95%, trước hạn trên 30%",
            content="Các phòng có thủ tục tiếp nhận qua Trung tâm hành chính công phấn đấu giải "
            "quyết hồ sơ đúng hạn trên 95%, trước hạn trên 30%; có sáng kiến rút ngắn thời gian.",
            done_means="Tỷ lệ năm 2018 trên bảng thống kê đạt chỉ tiêu",
            lead=_ids(*departments),
            due_on=date(2018, 12, 31),
        ),
        TaskData(
            title="Kiểm tra lại quy trình trên phần mềm một cửa (thiếu bước ký duyệt của lãnh "
            "đạo phòng)",
            done_means="Quy trình có bước lãnh đạo phòng phê duyệt; kết quả rà soát quy trình",
            lead=_ids("BX.HCC"),
            cooperating=_ids("BX.TCKH"),
            working_days=10,
        ),
        TaskData(
            title="Giải quyết kiến nghị qua đường dây nóng theo Quy chế",
            done_means="Báo cáo quý về phản ánh, kiến nghị tiếp nhận và trả lời đúng hạn",
            lead=_ids("BX.VP"),
            recurrence=Recurrence.QUARTERLY,
            until=date(2018, 12, 31),
        ),
        TaskData(
            title="Tham mưu kiểm tra việc thực hiện văn bản quy phạm pháp luật",
            done_means="Kế hoạch và báo cáo kết quả kiểm tra",
            lead=_ids("BX.TP"),
            due_on=date(2018, 9, 28),
        ),
        TaskData(
            title="Tự kiểm tra Bộ phận một cửa; công khai thủ tục; báo cáo theo Kế hoạch "
            "11/KH-UBND",
            content="Tăng cường tự kiểm tra Bộ phận một cửa, đầu tư cơ sở vật chất, công khai "
            "thông tin về thủ tục hành chính; báo cáo theo Kế hoạch số 11/KH-UBND ngày "
            "23/01/2018.",
            done_means="Biên bản tự kiểm tra và báo cáo quý",
            lead=_ids(*COMMUNES),
            recurrence=Recurrence.QUARTERLY,
            until=date(2018, 12, 31),
        ),
        TaskData(
            title="Kiểm tra, đôn đốc; báo cáo kết quả làm căn cứ đánh giá thi đua",
            done_means="Báo cáo kết quả thực hiện của các phòng, ban, xã, thị trấn",
            lead=_ids("BX.NV"),
            due_on=date(2018, 12, 14),
        ),
    )


def _today_tasks() -> tuple[TaskData, ...]:
    return (
        TaskData(
            title="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính khi tiếp nhận",
            done_means="100% hồ sơ tiếp nhận từ 01/10/2026 có bản số hóa mọi thành phần",
            lead=_ids("PT.BXUYEN"),
            cooperating=_ids("PT.BNGUYEN"),
            due_on=date(2026, 12, 31),
        ),
        TaskData(
            title="Công bố, công khai đầy đủ thủ tục hành chính cấp xã sau sắp xếp",
            done_means="Danh mục thủ tục của xã đăng trên Cổng dịch vụ công và tại Bộ phận một cửa",
            lead=_ids("PT.BXUYEN", "PT.BNGUYEN", "PT.XLANG", "PT.BTUYEN"),
            working_days=20,
        ),
    )


def _plan_tasks() -> tuple[TaskData, ...]:
    """The reporting plan the seed refers to: quarterly CCHC reports of the communes and of
    the Public Administration Centre, drafted by motcua."""
    return (
        TaskData(
            title="Báo cáo kết quả công tác cải cách hành chính định kỳ",
            done_means="Báo cáo quý, 6 tháng, 9 tháng, năm đã ký gửi UBND huyện (qua Phòng Nội vụ)",
            lead=_ids("BX.HCC", *COMMUNES),
            recurrence=Recurrence.QUARTERLY,
            until=date(2018, 12, 31),
            kind=TaskKind.REPORT,
        ),
    )


def _report(
    user: str, code: str, task: str, text: str, *, at: datetime, link: str, done: bool = True,
    period: str = "", accepted: datetime | None = None,
) -> None:  # fmt: skip
    """`user` reports on the task starting with `task` at `code`; the chairman accepts (a
    conclusion's remediation: Home Affairs, who inspected)."""
    users = get_user_model().objects
    assignment = Assignment.objects.get(
        task__title__startswith=task,
        agency__code=code, period=period,
    )  # fmt: skip
    assignment_report(
        actor=users.get(username=user), assignment_id=assignment.pk,
        report=ReportData(text=text, done=done, links=(link,)), at=at,
    )  # fmt: skip
    if accepted is not None:
        assigner = "reform" if task.startswith("Khắc phục") else "chairman"
        assignment_accept(actor=users.get(username=assigner), assignment_id=assignment.pk,
                          comment="Đồng ý.", at=accepted)  # fmt: skip


def load_demo(**_options: object) -> None:
    """Once: the directives and what was reported on them; the overdue ones escalated."""
    if Directive.objects.filter(number=SEED_NUMBER).exists():
        return
    users = get_user_model().objects
    directive_issue(
        actor=users.get(username="reform"),
        data=DirectiveData(
            number=PLAN_NUMBER, issued_on=PLAN_DAY, issuing_agency_id=_ids("BX")[0],
            signer="Nguyễn Tuấn Anh", signer_title="Chủ tịch",
            subject="Kế hoạch cải cách hành chính huyện Bình Xuyên năm 2018",
            tasks=_plan_tasks(),
        ),
        at=_at(2018, 1, 23, 15),
    )  # fmt: skip
    for period, day, accepted in (
        ("2018-Q1", _at(2018, 3, 28), _at(2018, 4, 2)),
        ("2018-Q2", _at(2018, 7, 6), _at(2018, 7, 9)),
    ):
        _report("centre", "BX.HCC", "Báo cáo kết quả", f"Báo cáo CCHC {period} đã ký.",
                at=day, period=period, link="/staff/statistics/", accepted=accepted)  # fmt: skip
    directive_issue(
        actor=users.get(username="reform"),
        data=DirectiveData(
            number=SEED_NUMBER, issued_on=SEED_DAY, issuing_agency_id=_ids("BX")[0],
            signer="Nguyễn Tuấn Anh", signer_title="Chủ tịch",
            subject="Thực hiện nhiệm vụ CCHC nhằm nâng cao chỉ số CCHC năm 2018",
            tasks=_seed_tasks(),
        ),
        at=_at(2018, 5, 11, 15),
    )  # fmt: skip
    # Done on time, done late, a recurring report done, one in progress; the rest overdue.
    _report("centre", "BX.HCC", "Kiểm tra lại quy trình", "Đã rà soát 84 quy trình; bổ sung "
            "bước lãnh đạo phòng phê duyệt cho 12 quy trình còn thiếu.", at=_at(2018, 5, 21),
            link="/staff/catalogue/audit/", accepted=_at(2018, 5, 23))  # fmt: skip
    _report("leader", "BX.TP", "Tham mưu kiểm tra", "Đã kiểm tra 6 xã, thị trấn; báo cáo kết "
            "quả kèm theo.", at=_at(2018, 10, 8), link="/staff/statistics/",
            accepted=_at(2018, 10, 10))  # fmt: skip
    _report("cv.vp", "BX.VP", "Giải quyết kiến nghị", "Quý III: 14 phản ánh, trả lời đúng hạn "
            "13.", at=_at(2018, 9, 28), period="2018-Q3", link="/staff/petitions/",
            accepted=_at(2018, 10, 2))  # fmt: skip
    _report("ct.huongcanh", "BX.HCANH", "Tự kiểm tra", "Đã tự kiểm tra; niêm yết đủ 128 thủ "
            "tục.", at=_at(2018, 6, 27), period="2018-Q2", link="/procedures/",
            accepted=_at(2018, 7, 3))  # fmt: skip
    _report("ct.huongcanh", "BX.HCANH", "Tự kiểm tra", "Đang sửa chữa phòng tiếp dân; báo cáo "
            "sau.", at=_at(2018, 9, 20), period="2018-Q3", link="/procedures/",
            done=False)  # fmt: skip
    directive_issue(
        actor=users.get(username="admin"),
        data=DirectiveData(
            number=TODAY_NUMBER, issued_on=TODAY_DAY, issuing_agency_id=_ids("PT")[0],
            signer="(MẪU)", signer_title="Phó Chủ tịch",
            subject="Nâng cao Chỉ số phục vụ người dân, doanh nghiệp năm 2026",
            tasks=_today_tasks(),
        ),
        at=_at(2026, 9, 15, 15),
    )  # fmt: skip
    # Reported, awaiting the province's acceptance.
    _report("ct.huongcanh", "PT.BXUYEN", "Công bố", "Đã công khai danh mục thủ tục cấp xã tại "
            "Bộ phận một cửa và trên Cổng dịch vụ công.", at=_at(2026, 10, 9),
            link="/procedures/")  # fmt: skip
    _inspections()
    assignments_escalate(now=timezone.now())


def _inspections() -> None:
    """Home Affairs inspects Hương Canh's one-stop unit (two findings, one remedied in time),
    the Justice office's inspection of Gia Khánh is in the plan."""
    users = get_user_model().objects
    reform, leader = users.get(username="reform"), users.get(username="leader")
    inspection = inspection_plan(
        actor=reform, inspecting_agency_id=_ids("BX.NV")[0],
        inspected_agency_id=_ids("BX.HCANH.MC")[0], checklist_code="mot-cua",
        planned_on=date(2018, 8, 15),
    )  # fmt: skip
    items = list(inspection.checklist.items.order_by("position"))
    inspection_record(
        actor=reform, inspection_id=inspection.pk, inspected_on=date(2018, 8, 16),
        results=[CheckData(item.pk, item.position not in (3, 4)) for item in items],
        findings=[
            FindingData("Phiếu kiểm soát quá trình thiếu bước (MẪU)", Severity.MAJOR, 10),
            FindingData("Sổ theo dõi hồ sơ chưa cập nhật tháng 7 (MẪU)", Severity.MINOR, 5),
        ],
        conclusion_number="38/KL-NV (MẪU)", summary="Kiểm tra công tác một cửa năm 2018.",
        at=_at(2018, 8, 16, 16),
    )  # fmt: skip
    _report("ct.huongcanh", "BX.HCANH.MC", "Khắc phục: Sổ theo dõi", "Đã cập nhật sổ theo dõi "
            "hồ sơ đến hết tháng 8.", at=_at(2018, 8, 21), link="/staff/dossiers/",
            accepted=_at(2018, 8, 22))  # fmt: skip
    inspection_plan(
        actor=leader, inspecting_agency_id=_ids("BX.TP")[0],
        inspected_agency_id=_ids("BX.GKHANH")[0], checklist_code="vbqppl",
        planned_on=date(2018, 11, 20),
    )  # fmt: skip

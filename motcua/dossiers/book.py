"""The dossier tracking book's entries (sổ theo dõi hồ sơ: form 06 of Circular 01/2018/TT-VPCP,
form 07 of Circular 03/2025/TT-VPCP), read once for the spreadsheet of a period (stats) and the
printed page of a day (the `book` slip).

One line per dossier received, in the order of reception: code, procedure, number of sets,
applicant, address and phone, the agency in charge, received, appointment, handed to the agency
in charge, result returned, who collected it, remarks. One query (the agency in charge and the
hand-over come from subqueries).
"""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from motcua.catalog.models import StepKind
from motcua.dossiers.models import Dossier, DossierStatus, DossierStep
from motcua.workcal.calendar import period_bounds

HEADINGS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ (giờ, ngày)",
    "Hẹn trả kết quả (giờ, ngày)",
    "Chuyển hồ sơ đến cơ quan giải quyết (giờ, ngày)",
    "Trả kết quả (giờ, ngày)",
    "Người nhận kết quả",
    "Ghi chú",
)


def book_dossiers(dossiers: QuerySet[Dossier], *, start: date, end: date) -> QuerySet[Dossier]:
    """The dossiers received from `start` to `end` (local days, inclusive), with their facts."""
    after_reception = DossierStep.objects.filter(dossier=OuterRef("pk")).exclude(
        kind=StepKind.RECEIVE
    )
    in_charge = after_reception.filter(kind=StepKind.PROCESS).order_by("started_at", "pk")
    first, last = period_bounds(start, end)
    return (
        dossiers.filter(received_at__gte=first, received_at__lte=last)
        .annotate(
            in_charge=Subquery(in_charge.values("agency__name")[:1]),
            handed_at=Subquery(
                after_reception.order_by("started_at", "pk").values("started_at")[:1]
            ),
        )
        .select_related("procedure_version")
        .order_by("received_at", "pk")
    )


def book_contact(dossier: Dossier) -> str:
    """The "address, phone" column."""
    return ", ".join(v for v in (dossier.applicant_address, dossier.applicant_phone) if v)


def book_remark(dossier: Dossier) -> str:
    if dossier.status == DossierStatus.RETURNED:
        return dossier.get_timeliness_display() if dossier.timeliness else ""
    text = dossier.get_status_display()
    return f"{text}: {dossier.reason}" if dossier.reason else text

"""The shared worlds of the tests, as a pytest plugin (tests/conftest.py loads it): the test
district's catalogue (a published procedure and its standard process), a `world` with its
staff and dossier helpers, the hotline office. Any test may ask for these fixtures; helpers are
imported from here."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from motcua.accounts.models import User
from motcua.catalog.models import Level, ProcedureVersion, StepKind, TimeLimitUnit
from motcua.catalog.services import (
    ComponentData,
    ProcedureData,
    StepData,
    procedure_draft_save,
    procedure_version_publish,
    process_draft_save,
    process_publish,
)
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierStatus
from motcua.dossiers.online import online_draft_create, online_submit_verified
from motcua.dossiers.services import (
    ApplicantData,
    ComponentReceived,
    dossier_cancel,
    dossier_guide,
    dossier_receive,
    dossier_request_supplement,
    dossier_return_result,
    dossier_step_act,
    dossier_supply,
    dossier_withdraw,
)
from motcua.org.models import Agency, Role
from motcua.petitions.models import Petition
from motcua.petitions.models import Status as PetitionStatus
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_follow_up,
    petition_merge,
    petition_receive,
    petition_reject,
    petition_request_supplement,
)
from tests.factories import AgencyFactory, staff


def procedure_data(**overrides) -> ProcedureData:
    values: dict[str, Any] = {
        "name": "Đăng ký kết hôn có yếu tố nước ngoài",
        "field": "Hộ tịch",
        "level": Level.DISTRICT,
        "implementing_agency": "Phòng Tư pháp",
        "deciding_agency": "Chủ tịch UBND cấp huyện",
        "result": "Giấy chứng nhận kết hôn",
        "legal_basis": "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
        "time_limit_value": Decimal(3),
        "time_limit_unit": TimeLimitUnit.WORKING_DAYS,
        "fee_text": "Theo nghị quyết HĐND tỉnh",
        "components": (
            ComponentData("Tờ khai đăng ký kết hôn", originals=1, copies=0),
            ComponentData("Giấy xác nhận tình trạng hôn nhân", originals=1, copies=0),
            ComponentData("Hộ chiếu (bản sao)", originals=0, copies=1, is_optional=True),
        ),
    }
    values.update(overrides)
    return ProcedureData(**values)


def publish(actor, code="1.000894", day=date(2020, 1, 1), **overrides) -> ProcedureVersion:
    draft = procedure_draft_save(actor=actor, code=code, data=procedure_data(**overrides))
    return procedure_version_publish(actor=actor, version=draft, effective_from=day)


def standard_steps(district, *, with_approval=True, process_hours="14") -> list[StepData]:
    """Receive → process (Justice) → leader approval → chairman's signature → return: 24 h."""
    steps = [
        StepData("Tiếp nhận", StepKind.RECEIVE, Role.CLERK, district.desk_a, Decimal(2)),
        StepData(
            "Thẩm định",
            StepKind.PROCESS,
            Role.SPECIALIST,
            district.justice,
            Decimal(process_hours),
            can_request_supplement=True,
            can_refuse=True,
        ),
        StepData(
            "Lãnh đạo phòng duyệt",
            StepKind.APPROVE,
            Role.DEPARTMENT_LEADER,
            district.justice,
            Decimal(4),
        ),
        StepData("Ký", StepKind.SIGN, Role.SIGNING_AUTHORITY, district.committee, Decimal(2)),
        StepData("Trả kết quả", StepKind.RETURN, Role.CLERK, district.desk_a, Decimal(2)),
    ]
    if not with_approval:
        steps.pop(2)
    return steps


VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


COMPLETE = [
    ComponentReceived("Tờ khai đăng ký kết hôn", originals=1, required_position=1),
    ComponentReceived("Giấy xác nhận tình trạng hôn nhân", originals=1, required_position=2),
]
APPLICANT = ApplicantData(name="Nguyễn Văn An", id_number="001090000001", phone="0912345678")


class World:
    """The test district with the standard 3-working-day process at desk A, and its staff."""

    def __init__(self, district, admin, staffed) -> None:
        self.district = district
        self.admin = admin
        self.clerk = staffed["clerk"]
        self.specialist = staffed["specialist"]
        self.leader = staffed["leader"]
        self.chairman = staffed["chairman"]
        self.other_leader = staff(Role.DEPARTMENT_LEADER, district.justice, full_name="Trần Thị Bé")
        version = publish(admin, day=date(2018, 1, 1))
        draft = process_draft_save(
            actor=admin, procedure=version.procedure, agency=district.desk_a,
            steps=standard_steps(district),
        )  # fmt: skip
        process_publish(actor=admin, process=draft, effective_from=date(2018, 1, 1))

    def process_at(self, desk: Agency) -> None:
        """The same standard process published at another desk (its receipt and return there)."""
        version = ProcedureVersion.objects.get(procedure__code="1.000894")
        steps = [
            replace(step, agency=desk) if step.agency == self.district.desk_a else step
            for step in standard_steps(self.district)
        ]
        draft = process_draft_save(
            actor=self.admin, procedure=version.procedure, agency=desk, steps=steps
        )
        process_publish(actor=self.admin, process=draft, effective_from=date(2018, 1, 1))

    def sign(self, dossier, at: datetime | None = None):
        """Walk a received dossier to its signature: forward, forward, approve, sign."""
        route = (
            (self.clerk, Action.FORWARD),
            (self.specialist, Action.FORWARD),
            (self.leader, Action.APPROVE),
            (self.chairman, Action.SIGN),
        )
        for actor, action in route:
            dossier = dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action, at=at)
        return dossier

    def awaiting_supplement(self):
        """Received Monday 04/03/2019 08:00, with the specialist from 09:00, who asks on Tuesday
        09:00 for a copy of the passport."""
        dossier = self.receive(vn(2019, 3, 4, 8))
        dossier_step_act(
            actor=self.clerk, dossier_id=dossier.pk, action=Action.FORWARD, at=vn(2019, 3, 4, 9)
        )
        return dossier_request_supplement(
            actor=self.specialist, dossier_id=dossier.pk, items=["Bản sao hộ chiếu"],
            reason="Thiếu giấy tờ tùy thân", at=vn(2019, 3, 5, 9),
        )  # fmt: skip

    def supply(self, dossier, at: datetime):
        """The applicant hands in what was asked for, at the desk."""
        return dossier_supply(
            actor=self.clerk, dossier_id=dossier.pk,
            components=[ComponentReceived("Bản sao hộ chiếu", copies=1)], at=at,
        )  # fmt: skip

    def receive(self, at: datetime, **overrides):
        values = {
            "actor": self.clerk,
            "agency": self.district.desk_a,
            "procedure_code": "1.000894",
            "applicant": APPLICANT,
            "components": COMPLETE,
            "at": at,
        }
        values.update(overrides)
        return dossier_receive(**values)

    def dossier_in(self, status: DossierStatus, at: datetime | None = None):
        """A dossier in `status` (DossierStatus), walked there through the services from a
        receipt on Monday 04/03/2019 08:00 (online ones submitted at that time)."""
        at = at or vn(2019, 3, 4, 8)
        if status in (DossierStatus.DRAFT, DossierStatus.SUBMITTED):
            ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
            draft = online_draft_create(
                procedure_code="1.000894", agency_id=self.district.desk_a.pk,
                applicant=ApplicantData(name="Phạm Thị Hoa", email="hoa@example.vn"),
                files={n: SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4", "application/pdf")
                       for n in (1, 2)},
                at=at,
            )  # fmt: skip
            if status == DossierStatus.DRAFT:
                return draft
            return online_submit_verified(dossier_id=draft.pk, at=at)
        if status == DossierStatus.NOT_RECEIVED:
            return dossier_guide(
                actor=self.clerk, agency=self.district.desk_a, procedure_code="1.000894",
                applicant=APPLICANT, missing=["Tờ khai"], at=at,
            )  # fmt: skip
        dossier = self.receive(at)
        later = at + timedelta(hours=1)

        def act(actor, action, **fields):
            return dossier_step_act(
                actor=actor, dossier_id=dossier.pk, action=action, at=later, **fields
            )

        closing = {
            DossierStatus.WITHDRAWN: (dossier_withdraw, self.clerk),
            DossierStatus.CANCELLED: (dossier_cancel, self.admin),
        }
        if status in closing:
            service, actor = closing[status]
            return service(actor=actor, dossier_id=dossier.pk, reason="Lý do", at=later)
        if status == DossierStatus.RECEIVED:
            return dossier
        dossier = act(self.clerk, Action.FORWARD)
        if status == DossierStatus.IN_PROGRESS:
            return dossier
        if status == DossierStatus.AWAITING_SUPPLEMENT:
            return dossier_request_supplement(
                actor=self.specialist, dossier_id=dossier.pk, items=["Bản sao hộ chiếu"],
                reason="Thiếu giấy tờ", at=later,
            )  # fmt: skip
        if status == DossierStatus.REFUSED:
            return act(self.specialist, Action.REFUSE, comment="Không đủ điều kiện")
        act(self.specialist, Action.FORWARD)
        dossier = act(self.leader, Action.APPROVE)
        if status == DossierStatus.APPROVED:
            return dossier
        dossier = act(self.chairman, Action.SIGN)
        if status == DossierStatus.READY_TO_RETURN:
            return dossier
        if status == DossierStatus.RETURNED:
            return dossier_return_result(
                actor=self.clerk, dossier_id=dossier.pk, collected_by="An", at=later
            )
        raise ValueError(f"no walk to {status}")


@pytest.fixture
def world(district, admin, staffed) -> World:
    return World(district, admin, staffed)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@dataclass
class Hotline:
    """The hotline office with its operator; the Justice department answers what it is given."""

    office: Agency
    operator: User
    specialist: User
    leader: User
    justice: Agency

    def petition_in(self, status: PetitionStatus) -> Petition:
        """A petition in `status`, walked there through the services."""
        call = PetitionData(
            title="Chậm trả kết quả", content="Hồ sơ trễ hẹn 5 ngày.", phone="0912345678",
            name="Nguyễn Văn An", consent_to_publish=True,
        )  # fmt: skip
        petition = petition_receive(data=call, actor=self.operator)
        if status == PetitionStatus.RECEIVED:
            return petition
        if status == PetitionStatus.REJECTED:
            return petition_reject(actor=self.operator, petition_id=petition.pk, reason="Khác")
        if status == PetitionStatus.MERGED:
            into = petition_receive(data=call, actor=self.operator)
            return petition_merge(actor=self.operator, petition_id=petition.pk, into_id=into.pk)
        petition = petition_assign(
            actor=self.operator, petition_id=petition.pk, agency=self.justice
        )
        if status == PetitionStatus.ASSIGNED:
            return petition
        if status == PetitionStatus.AWAITING_PETITIONER:
            return petition_request_supplement(
                actor=self.specialist, petition_id=petition.pk, request="Số hồ sơ bị trễ"
            )
        petition = petition_draft_answer(
            actor=self.specialist, petition_id=petition.pk, answer="Đã xử lý."
        )
        if status == PetitionStatus.DRAFTED:
            return petition
        petition = petition_approve_answer(actor=self.leader, petition_id=petition.pk)
        if status == PetitionStatus.ANSWERED:
            return petition
        if status in (PetitionStatus.CLOSED, PetitionStatus.REOPENED):
            resolved = status == PetitionStatus.CLOSED
            return petition_follow_up(petition_id=petition.pk, resolved=resolved)
        raise ValueError(f"no walk to {status}")


@pytest.fixture
def hotline(district, staffed, settings) -> Hotline:
    office = AgencyFactory.create(
        name="Văn phòng HĐND và UBND huyện", kind="office", unit=district.committee.unit,
        parent=district.committee,
    )  # fmt: skip
    settings.MOTCUA_HOTLINE_OFFICE = office.code
    return Hotline(
        office=office,
        operator=staff(Role.HOTLINE_OPERATOR, office, full_name="Vũ Văn Nam"),
        specialist=staffed["specialist"],
        leader=staffed["leader"],
        justice=district.justice,
    )

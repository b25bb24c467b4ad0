from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from motcua.catalog.models import Level, ProcedureVersion, StepKind, TimeLimitUnit
from motcua.catalog.services import (
    ComponentData,
    ProcedureData,
    StepData,
    procedure_draft_save,
    procedure_version_publish,
)
from motcua.org.models import Role


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

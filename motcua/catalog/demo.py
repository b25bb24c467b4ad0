"""The demo catalogue: 25 real district and commune procedures with their internal processes.

Loaded from `data/procedures-demo.json` (the project's sample data). The processes are carried
over "as they were in the old software", defects included — one lacks the department leader's
approval and one commune's processes name roles nobody holds there — so the process audit has
something to show on a fresh install. Today's commune (the one that succeeded Hương Canh on
01/07/2025) has its own processes from that day. Procedures get local codes (BX-H-nnn
district, BX-X-nnn commune) because the sample leaves national codes empty where they were not
verified.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.catalog.models import Level, OnlineLevel, Procedure, StepKind, TimeLimitUnit
from motcua.catalog.selectors import procedure_version_in_force
from motcua.catalog.services import (
    ComponentData,
    ProcedureData,
    StepData,
    procedure_draft_save,
    procedure_version_publish,
    process_draft_save,
    process_publish,
)
from motcua.org.demo import REFORM_DAY, TODAYS_COMMUNE
from motcua.org.models import Agency, Role

DATA_FILE = Path(__file__).parent / "data" / "procedures-demo.json"
CATALOGUE_FROM = date(2018, 1, 1)
# Decree 45/2020/NĐ-CP (electronic procedures) took effect on 22/05/2020: the demo's one
# procedure with a second version opened online submission then.
ONLINE_FROM = date(2020, 5, 22)
# The decisions that announced them (SAMPLE numbers): the catalogue before it took effect; the
# online version a week after it had (the 766 index's "updated on time" shows it late).
ANNOUNCED = {
    False: ("3125/QĐ-UBND (MẪU)", date(2017, 12, 18)),
    True: ("1468/QĐ-UBND (MẪU)", date(2020, 5, 29)),
}
ONLINE_PROCEDURE = "Chứng thực chữ ký trong giấy tờ, văn bản"
DISTRICT_DESK = "BX.HCC"
COMMUNES_WITH_PROCESSES = ("HCANH", "GKHANH")  # Gia Khánh has no staff in the demo

STEP_NAMES = {
    "receive": "Tiếp nhận hồ sơ",
    "process": "Thẩm định, xử lý hồ sơ",
    "review": "Văn phòng thẩm tra, trình ký",
    "approve": "Lãnh đạo phòng xem xét, phê duyệt",
    "sign": "Ký duyệt kết quả",
    "return": "Trả kết quả",
}
DECIDING_AUTHORITY = {
    "commune_chairman": "Chủ tịch UBND cấp xã",
    "commune_vice_chairman": "Chủ tịch hoặc Phó Chủ tịch UBND cấp xã",
    "district_chairman": "Chủ tịch UBND cấp huyện",
}


def _components(names: list[str]) -> tuple[ComponentData, ...]:
    def counts(name: str) -> tuple[int, int]:
        if "(xuất trình)" in name:
            return 0, 0  # shown at the desk, not handed in
        if "bản sao" in name and "bản chính" not in name:
            return 0, 1
        return 1, 0

    return tuple(
        ComponentData(name=name, originals=counts(name)[0], copies=counts(name)[1])
        for name in names
    )


# A fee the sample states as one fixed amount per case ("10.000 đồng/trường hợp") is that
# amount; fees by the page, by the copy or by a rule stay text only.
FIXED_FEE = re.compile(r"^([\d.]+) đồng/(trường hợp|hợp đồng, giao dịch)$")


def _fixed_fee(text: str) -> int | None:
    match = FIXED_FEE.match(text.strip())
    return int(match.group(1).replace(".", "")) if match else None


def _procedure_data(item: dict[str, Any], *, online: bool) -> ProcedureData:
    limit = item["time_limit"]
    level = Level(item["level"])
    department = item["implementing_department"]
    deciding = DECIDING_AUTHORITY.get(item["deciding_agency"]) or f"Trưởng {department}"
    return ProcedureData(
        name=item["name"],
        field=item["field"],
        level=level,
        implementing_agency=department or "UBND cấp xã",
        deciding_agency=deciding,
        result=item["result"],
        legal_basis=item["legal_basis"],
        time_limit_value=Decimal(str(limit["value"])),
        time_limit_unit=TimeLimitUnit(limit["unit"]),
        time_limit_note=limit.get("note", ""),
        fee_text=item["fee"],
        fee_amount=_fixed_fee(item["fee"]),
        accepts_desk=True,
        accepts_online=online,
        accepts_post=level is Level.DISTRICT,
        online_level=OnlineLevel.PARTIAL if online else OnlineLevel.NONE,
        announcement=ANNOUNCED[online][0],
        announced_on=ANNOUNCED[online][1],
        components=_components(item["components"]),
    )


def _step(
    raw: dict[str, Any], *, desk: Agency, committee: Agency, department: Agency | None
) -> StepData:
    role_name: str = raw["role"]
    kind = StepKind.PROCESS if raw["kind"] == "review" else StepKind(raw["kind"])
    place = department or committee
    role, agency = {
        "clerk": (Role.CLERK, desk),
        "department_leader": (Role.DEPARTMENT_LEADER, place),
        "department_head": (Role.SIGNING_AUTHORITY, place),
        "district_chairman": (Role.SIGNING_AUTHORITY, committee),
        "commune_chairman": (Role.SIGNING_AUTHORITY, committee),
        "commune_vice_chairman": (Role.SIGNING_AUTHORITY, committee),
        "office_specialist": (Role.SPECIALIST, Agency.objects.get(code="BX.VP")),
    }.get(role_name, (Role.SPECIALIST, place))
    processing = kind is StepKind.PROCESS
    return StepData(
        name=STEP_NAMES[raw["kind"]],
        kind=kind,
        role=role,
        agency=agency,
        duration_hours=Decimal(str(raw["hours"])),
        can_send_back=kind is not StepKind.RECEIVE,
        can_request_supplement=processing,
        can_refuse=processing,
    )


def _local_code(level: Level, number: int) -> str:
    return f"BX-{'H' if level is Level.DISTRICT else 'X'}-{number:03d}"


@transaction.atomic
def load_demo_catalogue(*, actor: User) -> None:
    """Publish the demo procedures and carry their processes over; does nothing the second time."""
    if Procedure.objects.filter(code__startswith="BX-").exists():
        return
    items = json.loads(DATA_FILE.read_text())["procedures"]
    counters = {Level.DISTRICT: 0, Level.COMMUNE: 0}
    district_committee = Agency.objects.get(code="BX")
    for item in items:
        level = Level(item["level"])
        counters[level] += 1
        code = _local_code(level, counters[level])
        version = procedure_draft_save(
            actor=actor, code=code, data=_procedure_data(item, online=False)
        )
        procedure_version_publish(actor=actor, version=version, effective_from=CATALOGUE_FROM)
        places: list[tuple[Agency, Agency, Agency | None]]
        if level is Level.DISTRICT:
            places = [
                (
                    Agency.objects.get(code=DISTRICT_DESK),
                    district_committee,
                    Agency.objects.get(name=item["implementing_department"]),
                )
            ]
        else:
            places = [
                (
                    Agency.objects.get(code=f"BX.{suffix}.MC"),
                    Agency.objects.get(code=f"BX.{suffix}"),
                    None,
                )
                for suffix in COMMUNES_WITH_PROCESSES
            ]
        for desk, committee, responsible_department in places:
            process = process_draft_save(
                actor=actor,
                procedure=version.procedure,
                agency=desk,
                procedure_version=version,
                steps=[
                    _step(raw, desk=desk, committee=committee, department=responsible_department)
                    for raw in item["process"]
                ],
                note="Chuyển từ phần mềm một cửa cũ (dữ liệu mẫu).",
            )
            process_publish(
                actor=actor, process=process, effective_from=CATALOGUE_FROM, legacy_import=True
            )
        if item["name"] == ONLINE_PROCEDURE:
            _open_online(actor=actor, item=item, procedure=version.procedure)
        if level is Level.COMMUNE:
            _at_todays_commune(actor=actor, item=item, procedure=version.procedure)


def _at_todays_commune(*, actor: User, item: dict[str, Any], procedure: Procedure) -> None:
    """The commune that succeeded Hương Canh on 01/07/2025 publishes its own processes from
    that day, for the procedure's version then in force."""
    desk = Agency.objects.get(code=f"{TODAYS_COMMUNE}.MC")
    committee = Agency.objects.get(code=TODAYS_COMMUNE)
    process = process_draft_save(
        actor=actor,
        procedure=procedure,
        agency=desk,
        procedure_version=procedure_version_in_force(procedure.code, REFORM_DAY),
        steps=[
            _step(raw, desk=desk, committee=committee, department=None) for raw in item["process"]
        ],
        note="Quy trình của xã mới sau sắp xếp đơn vị hành chính (dữ liệu mẫu).",
    )
    process_publish(actor=actor, process=process, effective_from=REFORM_DAY)


def _open_online(*, actor: User, item: dict[str, Any], procedure: Procedure) -> None:
    """Version 2 accepts online dossiers; only Hương Canh re-publishes its process for it."""
    data = _procedure_data(item, online=True)
    version = procedure_draft_save(actor=actor, code=procedure.code, data=data)
    procedure_version_publish(actor=actor, version=version, effective_from=ONLINE_FROM)
    desk = Agency.objects.get(code="BX.HCANH.MC")
    committee = Agency.objects.get(code="BX.HCANH")
    process = process_draft_save(
        actor=actor,
        procedure=procedure,
        agency=desk,
        procedure_version=version,
        steps=[
            _step(raw, desk=desk, committee=committee, department=None) for raw in item["process"]
        ],
        note="Cập nhật theo Nghị định 45/2020/NĐ-CP: tiếp nhận trực tuyến.",
    )
    process_publish(actor=actor, process=process, effective_from=ONLINE_FROM)


def load_demo(*, password: str, reset_passwords: bool) -> None:
    del password, reset_passwords  # the catalogue has no accounts of its own
    load_demo_catalogue(actor=User.objects.get(username="admin"))

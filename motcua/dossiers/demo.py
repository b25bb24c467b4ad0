"""Demo dossiers: a few hundred over the last four months, in every state, through the services.

Each dossier walks its process with realistic step times (most early or on time, some late,
some paused for supplementation, a few refused or withdrawn) until "now"; whatever has not
happened yet stays open, so the queues hold dossiers at every step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Process, ProcessStep
from motcua.catalog.selectors import processes_in_force
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, PaymentChannel
from motcua.dossiers.online import online_draft_create, online_submit_verified
from motcua.dossiers.services import (
    ApplicantData,
    ComponentReceived,
    dossier_fee_record,
    dossier_guide,
    dossier_receive,
    dossier_request_supplement,
    dossier_return_result,
    dossier_step_act,
    dossier_supply,
    dossier_withdraw,
)
from motcua.org.demo import TODAYS_COMMUNE
from motcua.org.selectors import active_positions
from motcua.workcal.calendar import WorkingCalendar
from motcua.workcal.services import calendar_for

DAYS_BACK = 120
# Today's dossiers: the seed's district centre and today's commune (Hương Canh's successor, with
# Hương Canh's staff); Gia Khánh and its successor have nobody to handle dossiers.
DEMO_AGENCIES = ("BX.HCC", f"{TODAYS_COMMUNE}.MC")
# The past's: Hương Canh's one-stop unit too, until its merger on 01/07/2025.
HISTORY_AGENCIES = (*DEMO_AGENCIES, "BX.HCANH.MC")
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu")
GIVEN_NAMES = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam")


@dataclass(slots=True)
class Walk:
    """One dossier's way through its process, instant by instant, up to now."""

    dossier: Dossier
    clock: datetime
    calendar: WorkingCalendar


def _applicant(rng: random.Random) -> ApplicantData:
    name = " ".join((rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES)))
    return ApplicantData(
        name=name,
        id_number=f"0260{rng.randrange(10**8):08d}",
        phone=f"09{rng.randrange(10**8):08d}",
        address="Bình Xuyên, Vĩnh Phúc",
    )


def _handlers() -> dict[tuple[int, str], User]:
    handlers: dict[tuple[int, str], User] = {}
    for position in active_positions().select_related("user").order_by("pk"):
        handlers.setdefault((position.agency_id, position.role), position.user)
    return handlers


def _later(walk: Walk, hours: float) -> datetime:
    return walk.calendar.add_working_hours(walk.clock, max(hours, 0.05))


def load_demo_dossiers(*, seed: int = 2018, count: int | None = None) -> int:
    """Create the demo dossiers unless there are some already; returns how many were made."""
    if Dossier.objects.exists():
        return 0
    count = settings.MOTCUA_DEMO_DOSSIERS if count is None else count
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    now = timezone.now()
    handlers = _handlers()
    processes = [
        process
        for process in processes_in_force(timezone.localdate()).filter(
            agency__code__in=DEMO_AGENCIES
        )
        if all((s.agency_id, s.role) in handlers for s in process.steps.all())
    ]
    made = 0
    for _ in range(count):
        process = rng.choice(processes)
        calendar = calendar_for(process.agency_id)
        received = calendar.next_working_instant(
            now - timedelta(days=rng.uniform(0, DAYS_BACK), hours=rng.uniform(0, 8))
        )
        if received > now:
            continue
        _walk(rng, process, received, now, handlers)
        made += 1
    return made + _online_waiting(rng, processes, now, count=min(ONLINE_WAITING, count))


ONLINE_WAITING = 4


def _online_waiting(
    rng: random.Random, processes: list[Process], now: datetime, *, count: int
) -> int:
    """A few dossiers submitted online overnight, waiting for the desk's check."""
    online = [p for p in processes if p.procedure_version.accepts_online]
    if not online:
        return 0
    for number in range(count):
        process = rng.choice(online)
        scan = b"%PDF-1.4\n% demo scan\n"
        files = {
            c.position: ContentFile(scan, name=f"{c.position}.pdf")
            for c in process.procedure_version.components.all()
        }
        draft = online_draft_create(
            procedure_code=process.procedure.code, agency_id=process.agency_id,
            applicant=replace(_applicant(rng), email=f"congdan{number}@example.vn"),
            files=files, at=now - timedelta(hours=number + 1),
        )  # fmt: skip
        online_submit_verified(dossier_id=draft.pk, at=now - timedelta(hours=number + 1))
    return count


def _walk(
    rng: random.Random,
    process: Process,
    received: datetime,
    now: datetime,
    handlers: dict[tuple[int, str], User],
) -> None:
    clerk = handlers[(process.agency_id, "clerk")]
    version = process.procedure_version
    components = [
        ComponentReceived(
            name=c.name, originals=c.originals, copies=c.copies, required_position=c.position
        )
        for c in version.components.all()
    ]
    code = process.procedure.code
    if rng.random() < 0.04:
        dossier_guide(
            actor=clerk, agency=process.agency, procedure_code=code, applicant=_applicant(rng),
            missing=[components[-1].name] if components else ["Tờ khai"], at=received,
        )  # fmt: skip
        return
    dossier = dossier_receive(
        actor=clerk, agency=process.agency, procedure_code=code, applicant=_applicant(rng),
        components=components, at=received,
    )  # fmt: skip
    if version.fee_amount:  # SAMPLE payments: about a third online, with a sample reference
        online = rng.random() < 0.35
        dossier_fee_record(
            actor=clerk, dossier_id=dossier.pk, amount=version.fee_amount,
            channel=PaymentChannel.ONLINE if online else PaymentChannel.DESK,
            reference=f"MAU-{dossier.pk:08d}" if online else "", paid_at=received, at=received,
        )  # fmt: skip
    walk = Walk(dossier=dossier, clock=received, calendar=calendar_for(process.agency_id))
    # Most departments work ahead of time; some are slow (the late ones).
    pace = rng.choice((0.3, 0.5, 0.6, 0.8, 0.9, 1.0, 1.4))
    steps = list(process.steps.order_by("position"))
    for process_step in steps:
        if not _run_step(rng, walk, process_step, pace, now, handlers):
            return


def _run_step(
    rng: random.Random,
    walk: Walk,
    process_step: ProcessStep,
    pace: float,
    now: datetime,
    handlers: dict[tuple[int, str], User],
) -> bool:
    """Carry out one step if its time has come; False when the walk stops here."""
    actor = handlers[(process_step.agency_id, process_step.role)]
    dossier_id = walk.dossier.pk
    finish = _later(walk, float(process_step.duration_hours) * pace * rng.uniform(0.6, 1.2))
    if process_step.kind == "process" and process_step.can_request_supplement:
        roll = rng.random()
        if roll < 0.08:
            asked = _later(walk, 1)
            if asked > now:
                return False
            dossier_request_supplement(
                actor=actor, dossier_id=dossier_id, items=["Bản sao giấy tờ còn thiếu"],
                reason="Hồ sơ cần bổ sung để thẩm định", at=asked,
            )  # fmt: skip
            walk.clock = _later(Walk(walk.dossier, asked, walk.calendar), rng.uniform(4, 24))
            if walk.clock > now:
                return False
            dossier_supply(actor=handlers[(walk.dossier.agency_id, "clerk")],
                           dossier_id=dossier_id, components=[], at=walk.clock)  # fmt: skip
            finish = _later(walk, float(process_step.duration_hours) * pace)
        elif roll < 0.11 and process_step.can_refuse:
            if finish > now:
                return False
            dossier_step_act(
                actor=actor, dossier_id=dossier_id, action=Action.REFUSE, at=finish,
                comment="Không đủ điều kiện theo quy định",
            )  # fmt: skip
            return False
        elif roll < 0.13:
            if finish > now:
                return False
            dossier_withdraw(
                actor=handlers[(walk.dossier.agency_id, "clerk")], dossier_id=dossier_id,
                reason="Người nộp đề nghị rút hồ sơ", at=finish,
            )  # fmt: skip
            return False
    if finish > now:
        return False
    action = {
        "approve": Action.APPROVE,
        "sign": Action.SIGN,
    }.get(process_step.kind, Action.FORWARD)
    if process_step.kind == "return":
        collected = walk.calendar.add_working_hours(finish, rng.uniform(0, 24))
        if collected > now:
            return False
        dossier_return_result(
            actor=actor, dossier_id=dossier_id, collected_by=walk.dossier.applicant_name,
            at=collected,
        )  # fmt: skip
        return True
    dossier_step_act(actor=actor, dossier_id=dossier_id, action=action, at=finish)
    walk.clock = finish
    return True


def load_demo(*, password: str, reset_passwords: bool) -> None:
    del password, reset_passwords  # dossiers have no accounts of their own
    load_demo_dossiers()

"""Run a legal scenario through the real services, in a transaction rolled back at the end.

The rehearsal builds its own organisation (a committee, a department that processes and
approves, a one-stop desk, a hotline office, one person per role) and, per procedure of the
scenario, a published procedure with the standard process — receive → process → department
leader approval → signature → return — then plays every event of every dossier and petition in
time order, each at its own instant, through the same service functions the screens call. A
refused event is reported and the run goes on. Nothing stays: not the rows (rolled back), not
the calendar (the scenario's days exist in this context only), not the messages (dropped with
the transaction that queued them).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.audit import AuditRules, planned_hours_allowed
from motcua.catalog.models import Level, StepKind, SupplementClockRule, TimeLimitUnit
from motcua.catalog.services import (
    ComponentData,
    ProcedureData,
    StepData,
    procedure_draft_save,
    procedure_version_publish,
    process_draft_save,
    process_publish,
)
from motcua.core.errors import DomainError
from motcua.core.transactions import rehearsal
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Channel, Dossier, DossierStep
from motcua.dossiers.online import online_draft_create, online_receive, online_submit_verified
from motcua.dossiers.services import (
    ApplicantData,
    ComponentReceived,
    dossier_apologise,
    dossier_cancel,
    dossier_receive,
    dossier_request_supplement,
    dossier_return_result,
    dossier_step_act,
    dossier_supply,
    dossier_withdraw,
)
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Position, Role, UnitKind
from motcua.petitions.models import Channel as PetitionChannel
from motcua.petitions.models import Kind, Petition
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_extend,
    petition_follow_up,
    petition_publish,
    petition_receive,
    petition_reject,
    petition_request_supplement,
    petition_supply,
    petition_transfer,
)
from motcua.simulation.scenario import Procedure, Report, Scenario, ScenarioError, Step
from motcua.stats.selectors import GroupBy, statistics_table
from motcua.stats.steps import step_table
from motcua.workcal.calendar import DayKind, DaySource, SpecialDay, to_local
from motcua.workcal.services import rehearsed_calendar

IN_FORCE_FROM = date(1990, 1, 1)
APPLICANT = ApplicantData(name="Nguyễn Văn An", phone="0912345678", email="an@example.vn")
COMPONENTS = (ComponentData("Tờ khai", originals=1), ComponentData("Giấy tờ kèm theo", copies=1))


class Refused(DomainError):
    """An event the scenario gives in an order the harness cannot play (no receipt yet)."""


@dataclass
class Stage:
    """The rehearsal's organisation and its staff, one person per role."""

    desk: Agency
    department: Agency
    other_department: Agency
    committee: Agency
    hotline: Agency
    staff: dict[str, User]
    procedures: dict[str, str] = field(default_factory=dict)  # scenario key → procedure code


@dataclass
class Run:
    stage: Stage
    scenario: Scenario
    dossiers: dict[str, int] = field(default_factory=dict)  # scenario id → dossier pk
    petitions: dict[str, int] = field(default_factory=dict)
    refused: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)


def simulate(scenario: Scenario) -> dict[str, Any]:
    """Play the scenario and return the result (dossiers, petitions, reports); keeps nothing."""
    days = [
        *(
            SpecialDay(day, DayKind.DAY_OFF, "Nghỉ (kịch bản)", DaySource.OVERRIDE)
            for day in scenario.days_off
        ),
        *(
            SpecialDay(day, DayKind.WORKING_DAY, "Làm việc (kịch bản)", DaySource.OVERRIDE)
            for day in scenario.working_days
        ),
    ]
    with rehearsed_calendar(days), rehearsal():
        stage = _stage()
        with override_settings(MOTCUA_HOTLINE_OFFICE=stage.hotline.code):
            for number, procedure in enumerate(scenario.procedures.values(), start=1):
                try:
                    stage.procedures[procedure.key] = _publish(stage, procedure, number)
                except DomainError as error:
                    raise ScenarioError([f"procedures.{procedure.key}: {error.message}"]) from None
            run = Run(stage=stage, scenario=scenario)
            for item in _timeline(scenario):
                if isinstance(item, Report):
                    run.reports[item.key] = _report(stage, item, now=item.as_of)
                else:
                    _play(run, item)
            now = timezone.now()
            for report in scenario.reports:
                if report.as_of is None:
                    run.reports[report.key] = _report(stage, report, now=now)
            return _result(run)


def _timeline(scenario: Scenario) -> list[Step | Report]:
    """Every event and dated report in time order; at one instant, events in the file's order,
    then the reports."""
    items: list[tuple[datetime, int, int, Step | Report]] = [
        (step.at, 0, step.order, step)
        for step in (*scenario.dossier_steps, *scenario.petition_steps)
    ]
    items += [
        (report.as_of, 1, index, report)
        for index, report in enumerate(scenario.reports)
        if report.as_of is not None
    ]
    return [item for *_, item in sorted(items, key=lambda entry: entry[:3])]


def _free_code(prefix: str) -> str:
    code, number = prefix, 1
    while Agency.objects.filter(code=code).exists():
        number += 1
        code = f"{prefix}{number}"
    return code


def _stage() -> Stage:
    unit_code = "MP" + secrets.token_hex(4).upper()
    unit = AdministrativeUnit.objects.create(
        code=unit_code, name="Huyện Mô Phỏng", kind=UnitKind.DISTRICT, valid_from=IN_FORCE_FROM
    )

    def agency(prefix: str, name: str, kind: AgencyKind, parent: Agency | None) -> Agency:
        code = _free_code(prefix)
        return Agency.objects.create(
            code=code,
            electronic_id=f"H00.000.{code}",  # the 2025 regime's codes name it
            name=name,
            kind=kind,
            unit=unit,
            parent=parent,
            valid_from=IN_FORCE_FROM,
        )

    committee = agency("SIMUB", "UBND huyện Mô Phỏng", AgencyKind.PEOPLES_COMMITTEE, None)
    department = agency("SIMTP", "Phòng Tư pháp", AgencyKind.DEPARTMENT, committee)
    other = agency("SIMNV", "Phòng Nội vụ", AgencyKind.DEPARTMENT, committee)
    desk = agency("SIM", "Bộ phận Một cửa", AgencyKind.ONE_STOP_UNIT, committee)
    hotline = agency("SIMVP", "Văn phòng HĐND và UBND", AgencyKind.OFFICE, committee)
    posts = {
        "clerk": (desk, Role.CLERK),
        "specialist": (department, Role.SPECIALIST),
        "leader": (department, Role.DEPARTMENT_LEADER),
        "chairman": (committee, Role.SIGNING_AUTHORITY),
        "operator": (hotline, Role.HOTLINE_OPERATOR),
        "other_specialist": (other, Role.SPECIALIST),
        "other_leader": (other, Role.DEPARTMENT_LEADER),
    }
    staff: dict[str, User] = {}
    for name, (where, role) in posts.items():
        user = User(username=f"{unit_code.lower()}-{name}", full_name=name)
        user.set_unusable_password()
        user.save()
        Position.objects.create(user=user, agency=where, role=role)
        staff[name] = user
    admin = User(username=f"{unit_code.lower()}-admin", is_superuser=True, is_staff=True)
    admin.set_unusable_password()
    admin.save()
    staff["admin"] = admin
    return Stage(
        desk=desk,
        department=department,
        other_department=other,
        committee=committee,
        hotline=hotline,
        staff=staff,
    )


def _publish(stage: Stage, procedure: Procedure, number: int) -> str:
    """Publish the procedure and its standard process; returns its code."""
    code = f"{stage.desk.code}.{number:03d}"
    unit = None if procedure.unit == "none" else TimeLimitUnit(procedure.unit)
    admin = stage.staff["admin"]
    draft = procedure_draft_save(
        actor=admin,
        code=code,
        data=ProcedureData(
            name=f"Thủ tục {procedure.key}",
            field="Mô phỏng",
            level=Level.DISTRICT,
            implementing_agency=stage.department.name,
            deciding_agency=stage.committee.name,
            result="Kết quả",
            legal_basis="Kịch bản mô phỏng",
            time_limit_value=procedure.time_limit
            if unit and procedure.time_limit
            else (Decimal(1) if unit == TimeLimitUnit.WITHIN_DAY else None),
            time_limit_unit=unit,
            accepts_online=True,
            accepts_post=True,
            supplement_clock=SupplementClockRule(procedure.supplement_clock),
            components=COMPONENTS,
        ),
    )
    version = procedure_version_publish(actor=admin, version=draft, effective_from=IN_FORCE_FROM)
    allowed = (
        planned_hours_allowed(version.time_limit_value, version.time_limit_unit, AuditRules())
        if version.time_limit_unit and version.time_limit_value is not None
        else None
    )
    budget = allowed[0] if allowed else Decimal(40)
    eighth = budget / 8
    steps = [
        StepData("Tiếp nhận", StepKind.RECEIVE, Role.CLERK, stage.desk, eighth),
        StepData(
            "Thẩm định",
            StepKind.PROCESS,
            Role.SPECIALIST,
            stage.department,
            budget - 4 * eighth,
            can_request_supplement=True,
            can_refuse=True,
        ),
        StepData(
            "Lãnh đạo phòng duyệt",
            StepKind.APPROVE,
            Role.DEPARTMENT_LEADER,
            stage.department,
            eighth,
        ),
        StepData("Ký", StepKind.SIGN, Role.SIGNING_AUTHORITY, stage.committee, eighth),
        StepData("Trả kết quả", StepKind.RETURN, Role.CLERK, stage.desk, eighth),
    ]
    process = process_draft_save(
        actor=admin, procedure=version.procedure, agency=stage.desk, steps=steps
    )
    process_publish(actor=admin, process=process, effective_from=IN_FORCE_FROM)
    return code


# --- dossiers -------------------------------------------------------------------------------

# Who acts on a step of each kind, and how the step is passed on.
WALK: dict[str, tuple[str, Action]] = {
    StepKind.RECEIVE: ("clerk", Action.FORWARD),
    StepKind.PROCESS: ("specialist", Action.FORWARD),
    StepKind.APPROVE: ("leader", Action.APPROVE),
    StepKind.SIGN: ("chairman", Action.SIGN),
}
STAFF_OF_ROLE = {
    Role.CLERK: "clerk",
    Role.SPECIALIST: "specialist",
    Role.DEPARTMENT_LEADER: "leader",
    Role.SIGNING_AUTHORITY: "chairman",
}


def _play(run: Run, step: Step) -> None:
    is_dossier = step.subject == "dossier"
    handlers = DOSSIER_HANDLERS if is_dossier else PETITION_HANDLERS
    try:
        handlers[step.do](run, step)
    except DomainError as error:
        key = ("dossier:" if is_dossier else "petition:") + step.owner
        run.refused.setdefault(key, []).append(
            {"at": to_local(step.at).isoformat(), "do": step.do, "reason": str(error.message)}
        )


def _dossier(run: Run, step: Step) -> Dossier:
    pk = run.dossiers.get(step.owner)
    if pk is None:
        raise Refused("Hồ sơ chưa được tiếp nhận (sự kiện “receive” đi trước).")
    return Dossier.objects.select_related("current_step").get(pk=pk)


# Where the specialist's work has begun: documents are asked for and refusals made from here.
PAST_RECEPTION = frozenset({StepKind.PROCESS, StepKind.APPROVE, StepKind.SIGN, StepKind.RETURN})


def _pass_on(run: Run, dossier: Dossier, at: datetime) -> Dossier:
    """The current step done by the person holding its role; the dossier as it is then."""
    assert dossier.current_step is not None
    who, action = WALK[dossier.current_step.kind]
    dossier = dossier_step_act(
        actor=run.stage.staff[who], dossier_id=dossier.pk, action=action, at=at
    )
    dossier.refresh_from_db()
    return dossier


def _walk(run: Run, step: Step, *, until: frozenset[str]) -> Dossier:
    """Pass the dossier on, step by step at the event's instant, until its current step is of
    one of these kinds."""
    dossier = _dossier(run, step)
    while dossier.current_step is not None and dossier.current_step.kind not in until:
        dossier = _pass_on(run, dossier, step.at)
    return dossier


def _current_handler(run: Run, dossier: Dossier) -> User:
    """Who holds the current step's role (the specialist when the dossier has none left: the
    service then says why the action is not possible)."""
    role = dossier.current_step.role if dossier.current_step else Role.SPECIALIST
    return run.stage.staff[STAFF_OF_ROLE.get(Role(role), "specialist")]


def _receive(run: Run, step: Step) -> None:
    if step.owner in run.dossiers:
        raise Refused("Hồ sơ đã được tiếp nhận.")
    stage = run.stage
    code = stage.procedures[run.scenario.dossiers[step.owner]]
    channel = step.fields.get("channel", "desk")
    if channel == "online":
        files = {
            position: SimpleUploadedFile(f"{position}.pdf", b"%PDF-1.4\n", "application/pdf")
            for position in (1, 2)
        }
        draft = online_draft_create(
            procedure_code=code,
            agency_id=stage.desk.pk,
            applicant=APPLICANT,
            files=files,
            at=step.at,
        )
        online_submit_verified(dossier_id=draft.pk, at=step.at)
        dossier = online_receive(actor=stage.staff["clerk"], dossier_id=draft.pk, at=step.at)
    else:
        dossier = dossier_receive(
            actor=stage.staff["clerk"],
            agency=stage.desk,
            procedure_code=code,
            applicant=APPLICANT,
            channel=Channel(channel),
            at=step.at,
            components=[
                ComponentReceived(
                    c.name, originals=c.originals, copies=c.copies, required_position=n
                )
                for n, c in enumerate(COMPONENTS, start=1)
            ],
        )
    run.dossiers[step.owner] = dossier.pk


def _request_supplement(run: Run, step: Step) -> None:
    dossier = _walk(run, step, until=PAST_RECEPTION)
    dossier_request_supplement(
        actor=_current_handler(run, dossier),
        dossier_id=dossier.pk,
        items=[str(step.fields.get("items", "Giấy tờ còn thiếu"))],
        reason=str(step.fields.get("reason", "Hồ sơ cần bổ sung")),
        at=step.at,
    )


def _supply(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    dossier_supply(
        actor=run.stage.staff["clerk"],
        dossier_id=dossier.pk,
        components=[ComponentReceived("Giấy tờ bổ sung", copies=1)],
        at=step.at,
    )


def _pass(run: Run, step: Step) -> None:
    """The current step is done and the dossier goes on (by the person holding its role)."""
    dossier = _dossier(run, step)
    if dossier.current_step is None or dossier.current_step.kind not in WALK:
        raise Refused("Không còn bước nào để chuyển tiếp trước khi trả kết quả.")
    _pass_on(run, dossier, step.at)


def _resolve(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    if dossier.resolved_at is not None:
        raise Refused("Hồ sơ đã có kết quả.")
    _walk(run, step, until=frozenset({StepKind.RETURN}))


def _return(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    dossier_return_result(
        actor=run.stage.staff["clerk"],
        dossier_id=dossier.pk,
        collected_by=APPLICANT.name,
        at=step.at,
    )


def _apologise(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    dossier_apologise(
        actor=_current_handler(run, dossier),
        dossier_id=dossier.pk,
        reason=str(step.fields.get("reason", "Cần thêm thời gian xác minh")),
        new_due_at=step.fields["new_due"],
        at=step.at,
    )


def _refuse(run: Run, step: Step) -> None:
    dossier = _walk(run, step, until=PAST_RECEPTION)
    dossier_step_act(
        actor=run.stage.staff["specialist"],
        dossier_id=dossier.pk,
        action=Action.REFUSE,
        at=step.at,
        comment=str(step.fields.get("reason", "Không đủ điều kiện")),
    )


def _withdraw(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    dossier_withdraw(
        actor=run.stage.staff["clerk"],
        dossier_id=dossier.pk,
        reason=str(step.fields.get("reason", "Người nộp xin rút")),
        at=step.at,
    )


def _cancel(run: Run, step: Step) -> None:
    dossier = _dossier(run, step)
    dossier_cancel(
        actor=run.stage.staff["admin"],
        dossier_id=dossier.pk,
        reason=str(step.fields.get("reason", "Hủy theo yêu cầu")),
        at=step.at,
    )


DOSSIER_HANDLERS: dict[str, Callable[[Run, Step], None]] = {
    "receive": _receive,
    "request_supplement": _request_supplement,
    "supply": _supply,
    "pass": _pass,
    "resolve": _resolve,
    "return": _return,
    "apologise": _apologise,
    "refuse": _refuse,
    "withdraw": _withdraw,
    "cancel": _cancel,
}


# --- petitions ------------------------------------------------------------------------------


def _petition(run: Run, step: Step) -> Petition:
    pk = run.petitions.get(step.owner)
    if pk is None:
        raise Refused("Phản ánh, kiến nghị chưa được tiếp nhận (sự kiện “receive” đi trước).")
    return Petition.objects.get(pk=pk)


def _leader_of(run: Run, petition: Petition) -> User:
    other = petition.agency_id == run.stage.other_department.pk
    return run.stage.staff["other_leader" if other else "leader"]


def _petition_receive(run: Run, step: Step) -> None:
    if step.owner in run.petitions:
        raise Refused("Phản ánh, kiến nghị đã được tiếp nhận.")
    fields = step.fields
    channel = fields.get("channel", "phone")
    channel = PetitionChannel.HOTLINE if channel == "phone" else PetitionChannel(channel)
    data = PetitionData(
        channel=channel,
        kind=Kind(run.scenario.petitions[step.owner]),
        title=str(fields.get("title", "Phản ánh")),
        content=str(fields.get("text", "Nội dung")),
        name=str(fields.get("name", "")),
        phone=str(fields.get("phone", "")),
        email=str(fields.get("email", "")),
        address=str(fields.get("address", "")),
        consent_to_publish=bool(fields.get("consent_to_publish", False)),
    )
    operator = (
        None
        if channel in (PetitionChannel.WEB, PetitionChannel.OPEN311)
        else (run.stage.staff["operator"])
    )
    run.petitions[step.owner] = petition_receive(data=data, actor=operator, at=step.at).pk


def _petition_assign(run: Run, step: Step) -> None:
    agency = (
        run.stage.other_department
        if step.fields.get("agency") == "other"
        else (run.stage.department)
    )
    petition_assign(
        actor=run.stage.staff["operator"],
        petition_id=_petition(run, step).pk,
        agency=agency,
        at=step.at,
    )


def _petition_answer(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    other = petition.agency_id == run.stage.other_department.pk
    text = str(step.fields.get("text", "Trả lời"))
    petition_draft_answer(
        actor=run.stage.staff["other_specialist" if other else "specialist"],
        petition_id=petition.pk,
        answer=text,
        at=step.at,
    )
    public = str(step.fields.get("public_text", "")) if step.fields.get("publish") else ""
    petition_approve_answer(
        actor=_leader_of(run, petition),
        petition_id=petition.pk,
        public_answer=public or (text if step.fields.get("publish") else ""),
        at=step.at,
    )


def _petition_publish(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    petition_publish(
        actor=_leader_of(run, petition),
        petition_id=petition.pk,
        public_answer=str(step.fields.get("text", petition.answer)),
        at=step.at,
    )


def _petition_follow_up(run: Run, step: Step) -> None:
    petition_follow_up(
        petition_id=_petition(run, step).pk,
        resolved=bool(step.fields.get("satisfied", True)),
        at=step.at,
    )


def _petition_reject(run: Run, step: Step) -> None:
    petition_reject(
        actor=run.stage.staff["operator"],
        petition_id=_petition(run, step).pk,
        reason=str(step.fields.get("reason", "Không thuộc phạm vi")),
        at=step.at,
    )


def _petition_transfer(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    petition_transfer(
        actor=_leader_of(run, petition),
        petition_id=petition.pk,
        agency=run.stage.other_department,
        at=step.at,
        reason=str(step.fields.get("reason", "Không thuộc thẩm quyền")),
    )


def _petition_extend(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    petition_extend(
        actor=_leader_of(run, petition),
        petition_id=petition.pk,
        days=int(step.fields.get("days", 5)),
        at=step.at,
        reason=str(step.fields.get("reason", "Cần thêm thời gian")),
    )


def _petition_handler(run: Run, petition: Petition) -> User:
    """Who in the agency in charge works on it (the hotline before it is assigned)."""
    if petition.agency_id is None:
        return run.stage.staff["operator"]
    other = petition.agency_id == run.stage.other_department.pk
    return run.stage.staff["other_specialist" if other else "specialist"]


def _petition_request_supplement(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    petition_request_supplement(
        actor=_petition_handler(run, petition), petition_id=petition.pk, at=step.at,
        request=str(step.fields.get("text", "Địa chỉ nơi xảy ra sự việc")),
    )  # fmt: skip


def _petition_supply(run: Run, step: Step) -> None:
    petition = _petition(run, step)
    petition_supply(
        actor=_petition_handler(run, petition), petition_id=petition.pk, at=step.at,
        information=str(step.fields.get("text", "Thông tin bổ sung")),
    )  # fmt: skip


PETITION_HANDLERS: dict[str, Callable[[Run, Step], None]] = {
    "receive": _petition_receive,
    "assign": _petition_assign,
    "answer": _petition_answer,
    "publish": _petition_publish,
    "follow_up": _petition_follow_up,
    "reject": _petition_reject,
    "transfer": _petition_transfer,
    "extend": _petition_extend,
    "request_supplement": _petition_request_supplement,
    "supply": _petition_supply,
}


# --- results --------------------------------------------------------------------------------

REPORT_COLUMNS = {
    "carried_over": "carried_over",
    "new_online": "new_online",
    "new_desk": "new_direct",
    "new_post": "new_post",
    "early": "early",
    "on_time": "on_time",
    "late": "late",
    "no_time_limit": "no_time_limit",
    "refused": "refused",
    "withdrawn": "withdrawn",
    "cancelled": "cancelled",
    "in_progress_within": "within_limit",
    "in_progress_overdue": "overdue",
    "awaiting_supplement": "awaiting_supplement",
}


STEP_COLUMNS = {
    "carried_over": "carried_over", "new": "new_direct", "early": "early", "on_time": "on_time",
    "late": "late", "left_unfinished": "cancelled", "in_progress_within": "within_limit",
    "in_progress_overdue": "overdue", "awaiting_supplement": "awaiting_supplement",
}  # fmt: skip


def _report(stage: Stage, report: Report, *, now: datetime | None) -> dict[str, Any]:
    table = statistics_table(
        Dossier.objects.filter(agency=stage.desk),
        start=report.start,
        end=report.end,
        group_by=GroupBy.AGENCY,
        now=now,
    )
    counts = table.total
    result: dict[str, Any] = {
        name: getattr(counts, column) for name, column in REPORT_COLUMNS.items()
    }
    result.update(
        received=counts.received, resolved=counts.resolved, in_progress=counts.in_progress
    )
    if report.departments:
        names = {stage.desk.pk: "desk", stage.department.pk: "department",
                 stage.committee.pk: "committee"}  # fmt: skip
        steps = step_table(DossierStep.objects.filter(dossier__agency=stage.desk),
                           start=report.start, end=report.end, now=now)  # fmt: skip
        result["departments"] = {
            names.get(row.key, str(row.key)): {
                name: getattr(row.counts, column) for name, column in STEP_COLUMNS.items()
            }
            for row in steps.rows
        }
    return result


def _iso(moment: datetime | None) -> str | None:
    return to_local(moment).isoformat() if moment is not None else None


def _result(run: Run) -> dict[str, Any]:
    dossiers: dict[str, Any] = {}
    for ident in run.scenario.dossiers:
        refused = run.refused.get(f"dossier:{ident}", [])
        pk = run.dossiers.get(ident)
        if pk is None:
            dossiers[ident] = {"code": None, "status": None, "refused": refused}
            continue
        dossier = Dossier.objects.get(pk=pk)
        dossiers[ident] = {
            "code": dossier.code,
            "regime": dossier.regime.code if dossier.regime else None,
            "status": dossier.status,
            "due_at": _iso(dossier.due_at),
            "original_due_at": _iso(dossier.original_due_at),
            "new_due_at": _iso(dossier.new_due_at),
            "resolved_at": _iso(dossier.resolved_at),
            "timeliness": dossier.timeliness or None,
            "supplement_requests": dossier.supplement_requests,
            "refused": refused,
        }
    petitions: dict[str, Any] = {}
    for ident in run.scenario.petitions:
        refused = run.refused.get(f"petition:{ident}", [])
        pk = run.petitions.get(ident)
        if pk is None:
            petitions[ident] = {"code": None, "status": None, "refused": refused}
            continue
        petition = Petition.objects.get(pk=pk)
        answered = petition.answered_at
        petitions[ident] = {
            "code": petition.code,
            "status": petition.status,
            "due_at": _iso(petition.due_at),
            "answer_due_at": _iso(petition.answer_due_at),
            "answered_at": _iso(answered),
            "answered_on_time": None
            if answered is None or petition.answer_due_at is None
            else answered <= petition.answer_due_at,
            "published_text": petition.public_answer or None,
            "refused": refused,
        }
    return {"dossiers": dossiers, "petitions": petitions, "reports": run.reports}

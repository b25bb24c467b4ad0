"""A legal scenario as data (`motcua simulate`): read and checked before anything runs.

Every mistake is reported with where it is (`dossiers[0].events[2].at`) and what is expected;
a scenario with a mistake runs nothing. The format is in docs/conformance/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from motcua.petitions.models import Channel, Kind

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

DOSSIER_ACTIONS = frozenset(
    {
        "receive",
        "pass",
        "request_supplement",
        "supply",
        "resolve",
        "return",
        "apologise",
        "refuse",
        "withdraw",
        "cancel",
    }
)
PETITION_ACTIONS = frozenset(
    {
        "receive",
        "assign",
        "answer",
        "publish",
        "follow_up",
        "reject",
        "transfer",
        "extend",
        "request_supplement",
        "supply",
    }
)
UNITS = ("working_days", "working_hours", "calendar_days", "within_day", "none")
CHANNELS = ("desk", "online", "post")
PETITION_KINDS = tuple(Kind.values)
# "phone" is the hotline; the others are the petition channels' own names.
PETITION_CHANNELS = ("phone", *Channel.values)
_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ScenarioError(ValueError):
    """The scenario is not well formed: every problem found, each with where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


SUPPLEMENT_CLOCKS = ("resume", "restart")


@dataclass(frozen=True, slots=True)
class Procedure:
    key: str
    unit: str
    time_limit: Decimal | None
    supplement_clock: str = ""  # "" (the regime's rule), "resume" or "restart"


@dataclass(frozen=True, slots=True)
class Step:
    """One event of a dossier's or a petition's timeline."""

    subject: str  # "dossier" | "petition"
    owner: str  # the dossier's or petition's id
    at: datetime
    do: str
    fields: dict[str, Any]
    order: int  # its place in the file: equal instants run in the file's order


@dataclass(frozen=True, slots=True)
class Report:
    key: str
    start: date
    end: date
    as_of: datetime | None
    departments: bool = False  # also the department table (steps per agency)


@dataclass(slots=True)
class Scenario:
    days_off: list[date] = field(default_factory=list)
    working_days: list[date] = field(default_factory=list)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    dossiers: dict[str, str] = field(default_factory=dict)  # id → procedure key
    dossier_steps: list[Step] = field(default_factory=list)
    petitions: dict[str, str] = field(default_factory=dict)  # id → kind
    petition_steps: list[Step] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    expect: dict[str, Any] | None = None


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, _("expected an object {…}"))
            return {}
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, _("expected a list […]"))
            return []
        return value

    def instant(self, value: Any, where: str) -> datetime | None:
        if not isinstance(value, str) or not _MINUTE.match(value.strip()):
            self.fail(
                where,
                _("expected a local time “YYYY-MM-DD HH:MM”, got %(value)r") % {"value": value},
            )
            return None
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            self.fail(where, _("no such time: %(value)r") % {"value": value})
            return None
        if not 1900 <= moment.year <= 2200:
            self.fail(where, _("the year must be between 1900 and 2200"))
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)

    def day(self, value: Any, where: str) -> date | None:
        if not isinstance(value, str) or not _DAY.match(value.strip()):
            self.fail(where, _("expected a date “YYYY-MM-DD”, got %(value)r") % {"value": value})
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            self.fail(where, _("no such date: %(value)r") % {"value": value})
            return None

    def choice(self, value: Any, choices: tuple[str, ...] | frozenset[str], where: str) -> str:
        if value not in choices:
            self.fail(
                where,
                _("expected one of %(choices)s, got %(value)r")
                % {"choices": ", ".join(sorted(choices)), "value": value},
            )
            return ""
        return str(value)


def parse(data: Any, *, period_parser: Any) -> Scenario:
    """The scenario in `data` (decoded JSON), or ScenarioError listing every problem.

    `period_parser` reads a report's period (stats.kpi.parse_period)."""
    reader = _Reader()
    scenario = Scenario()
    root = reader.mapping(data, "scenario")
    known = {
        "calendar",
        "procedures",
        "dossiers",
        "petitions",
        "reports",
        "expect",
        "rule",
        "title",
        "description",
        "source",
    }
    for key in root:
        if key not in known:
            reader.fail(
                key,
                _("unknown key (expected one of %(keys)s)") % {"keys": ", ".join(sorted(known))},
            )
    calendar = reader.mapping(root.get("calendar", {}), "calendar")
    for name, target in (("days_off", scenario.days_off), ("working_days", scenario.working_days)):
        for index, value in enumerate(reader.listing(calendar.get(name, []), f"calendar.{name}")):
            day = reader.day(value, f"calendar.{name}[{index}]")
            if day is not None:
                target.append(day)
    for key, spec in reader.mapping(root.get("procedures", {}), "procedures").items():
        where = f"procedures.{key}"
        spec = reader.mapping(spec, where)
        unit = reader.choice(spec.get("unit"), UNITS, f"{where}.unit")
        limit = None
        if unit in ("working_days", "working_hours", "calendar_days"):
            try:
                limit = Decimal(str(spec.get("time_limit")))
                if not limit.is_finite() or limit <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                reader.fail(f"{where}.time_limit", _("expected a positive number"))
        clock = ""
        if "supplement_clock" in spec:
            clock = reader.choice(
                spec["supplement_clock"], SUPPLEMENT_CLOCKS, f"{where}.supplement_clock"
            )
        scenario.procedures[key] = Procedure(
            key=key, unit=unit, time_limit=limit, supplement_clock=clock
        )
    order = 0
    for index, dossier in enumerate(reader.listing(root.get("dossiers", []), "dossiers")):
        where = f"dossiers[{index}]"
        dossier = reader.mapping(dossier, where)
        ident = str(dossier.get("id") or f"D{index + 1}")
        if ident in scenario.dossiers:
            reader.fail(f"{where}.id", _("the id %(id)r is used twice") % {"id": ident})
        procedure = dossier.get("procedure")
        if procedure not in scenario.procedures:
            reader.fail(
                f"{where}.procedure", _("no procedure %(key)r in “procedures”") % {"key": procedure}
            )
        scenario.dossiers[ident] = str(procedure)
        steps = reader.listing(dossier.get("events", []), f"{where}.events")
        for number, event in enumerate(steps):
            order += 1
            step = _step(
                reader,
                event,
                f"{where}.events[{number}]",
                ("dossier", ident),
                DOSSIER_ACTIONS,
                order,
            )
            if step is not None:
                if step.do == "receive":
                    reader.choice(
                        step.fields.get("channel", "desk"),
                        CHANNELS,
                        f"{where}.events[{number}].channel",
                    )
                if step.do == "apologise" and step.fields.get("new_due") is not None:
                    new_due = reader.instant(
                        step.fields["new_due"], f"{where}.events[{number}].new_due"
                    )
                    step.fields["new_due"] = new_due
                elif step.do == "apologise":
                    reader.fail(f"{where}.events[{number}].new_due", _("give the new appointment"))
                scenario.dossier_steps.append(step)
    for index, petition in enumerate(reader.listing(root.get("petitions", []), "petitions")):
        where = f"petitions[{index}]"
        petition = reader.mapping(petition, where)
        ident = str(petition.get("id") or f"P{index + 1}")
        if ident in scenario.petitions:
            reader.fail(f"{where}.id", _("the id %(id)r is used twice") % {"id": ident})
        kind = reader.choice(petition.get("kind", "question"), PETITION_KINDS, f"{where}.kind")
        scenario.petitions[ident] = kind
        for number, event in enumerate(
            reader.listing(petition.get("events", []), f"{where}.events")
        ):
            order += 1
            step = _step(
                reader,
                event,
                f"{where}.events[{number}]",
                ("petition", ident),
                PETITION_ACTIONS,
                order,
            )
            if step is not None:
                if step.do == "receive":
                    reader.choice(
                        step.fields.get("channel", "phone"),
                        PETITION_CHANNELS,
                        f"{where}.events[{number}].channel",
                    )
                scenario.petition_steps.append(step)
    for index, report in enumerate(reader.listing(root.get("reports", []), "reports")):
        where = f"reports[{index}]"
        report = reader.mapping(report, where)
        try:
            start, end = period_parser(str(report.get("period", "")))
        except ValueError:
            reader.fail(
                f"{where}.period",
                _("expected a period: 2025, 2025-Q1, 2025-H1, 2025-9M or 2025-03"),
            )
            continue
        as_of = None
        if report.get("as_of") is not None:
            as_of = reader.instant(report["as_of"], f"{where}.as_of")
        scenario.reports.append(
            Report(
                key=str(report.get("id") or f"R{index + 1}"),
                start=start,
                end=end,
                as_of=as_of,
                departments=bool(report.get("departments", False)),
            )
        )
    if "expect" in root:
        scenario.expect = reader.mapping(root["expect"], "expect")
    if reader.problems:
        raise ScenarioError(reader.problems)
    return scenario


def _step(
    reader: _Reader,
    event: Any,
    where: str,
    owner: tuple[str, str],
    actions: frozenset[str],
    order: int,
) -> Step | None:
    event = reader.mapping(event, where)
    at = reader.instant(event.get("at"), f"{where}.at")
    do = reader.choice(event.get("do"), actions, f"{where}.do")
    if at is None or not do:
        return None
    fields = {key: value for key, value in event.items() if key not in ("at", "do")}
    subject, ident = owner
    return Step(subject=subject, owner=ident, at=at, do=do, fields=fields, order=order)

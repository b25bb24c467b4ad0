"""The life of a petition: received (hotline, web, email, letter, in person, transferred, Open311),
triaged by the hotline office (classified, merged, rejected with a reason, or assigned with a
deadline in working days), answered by the agency, approved by its leader, sent, published
without personal data where the petitioner agreed, and followed up.

Each action is one transaction and one immutable `PetitionEvent`. Who may act: the hotline
operators of the office triage; the agency's staff draft; its department leader (or the office's
centre manager) approves and extends. Deadlines (DESIGN.md "Petitions", configurable in
MOTCUA_PETITION_DEADLINES): triage within 2 working days, answer within 15 from receipt, publish
within 2 after answering; one extension by a leader, with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, IllegalAction, NotFound, PermissionDenied, validated
from motcua.core.events import next_daily_number, next_sequence
from motcua.core.secrets import lookup_secret
from motcua.core.text import fold, normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import checked_upload, removed_on_failure
from motcua.dossiers.models import Dossier
from motcua.org.access import check_organisation_admin
from motcua.org.models import Agency, Role
from motcua.org.selectors import active_positions, agency_in_force
from motcua.petitions.models import (
    OPEN_STATUSES,
    Action,
    Channel,
    Kind,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionSequence,
    Status,
)
from motcua.petitions.notifications import MESSAGES, send_petitioner_message
from motcua.workcal.calendar import TimeLimit, TimeLimitUnit, to_local
from motcua.workcal.services import calendar_for

MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class PetitionData:
    title: str
    content: str
    kind: Kind = Kind.OTHER
    channel: Channel = Channel.WEB
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    consent_to_publish: bool = False
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    dossier_code: str = ""
    attachments: tuple[File[Any], ...] = ()


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _deadline(office_id: int, start: datetime, days: int) -> datetime:
    limit = TimeLimit(days, TimeLimitUnit.WORKING_DAYS)
    return calendar_for(office_id).due_instant(start, limit)


def _days(name: str) -> int:
    return int(settings.MOTCUA_PETITION_DEADLINES[name])


def answer_days(kind: str) -> int:
    """Working days to answer a petition of this kind (MOTCUA_PETITION_ANSWER_DAYS, else 15)."""
    return int(settings.MOTCUA_PETITION_ANSWER_DAYS.get(kind, _days("answer")))


def _next_code(day: date) -> str:
    return f"PAKN-{day:%y%m%d}-{next_daily_number(PetitionSequence.objects.all(), day=day):04d}"


def _record(
    petition: Petition,
    *,
    action: Action,
    actor: User | None,
    at: datetime,
    from_status: str,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    event = PetitionEvent.objects.create(
        petition=petition, sequence=next_sequence(PetitionEvent, petition_id=petition.pk),
        action=action, at=at,
        actor=actor, from_status=from_status, to_status=petition.status, comment=comment,
        data=data or {},
    )  # fmt: skip
    if action in MESSAGES:  # the actions the petitioner hears of
        # After commit: a rolled-back action never reaches the petitioner.
        transaction.on_commit(lambda: send_petitioner_message.enqueue(event.pk))
    return event


def _locked(petition_id: int) -> Petition:
    petition = Petition.objects.select_for_update().filter(pk=petition_id).first()
    if petition is None:
        raise NotFound
    return petition


def _require(petition: Petition, *statuses: str, action: str) -> None:
    if petition.status not in statuses:
        raise IllegalAction(
            _("A petition that is “%(status)s” cannot be %(action)s.")
            % {"status": petition.get_status_display(), "action": action}
        )


def _holds(user: User, agency_id: int, *roles: Role) -> bool:
    return active_positions().filter(user=user, agency_id=agency_id, role__in=roles).exists()


def _text(value: str, *, field: str, message: str) -> str:
    text = normalize_text(value)
    if not text:
        raise DomainError(message, field=field)
    return text


def hotline_office() -> Agency:
    """The agency whose hotline receives petitions (MOTCUA_HOTLINE_OFFICE, an agency code)."""
    office = Agency.objects.filter(code=settings.MOTCUA_HOTLINE_OFFICE).first()
    if office is None:
        raise DomainError(_("No hotline office is configured."))
    return office


def petition_receive(
    *, data: PetitionData, actor: User | None = None, at: datetime | None = None
) -> Petition:
    """Record a petition: a code and lookup secret, triage due in 2 working days.

    `actor` is the hotline operator (calls, letters, emails, visits); web and Open311 petitions
    have none. A complaint about a dossier must name an existing dossier code.
    """
    at = _now(at)
    office = hotline_office()
    if actor is not None and not _holds(actor, office.pk, Role.HOTLINE_OPERATOR):
        raise PermissionDenied(_("Petitions are recorded by the hotline operators."))
    title = _text(data.title, field="title", message=_("Give the petition a short title."))
    content = _text(data.content, field="content", message=_("Describe the petition."))
    if len(data.attachments) > MAX_ATTACHMENTS:
        raise DomainError(
            _("At most %(count)s files.") % {"count": MAX_ATTACHMENTS}, field="attachments"
        )
    for file in data.attachments:
        checked_upload(file, field="attachments")
    given_code = normalize_text(data.dossier_code).upper()[:80]
    # Linked when the code exists; never refused when it does not (that would tell who asks).
    dossier = Dossier.objects.filter(code=given_code).first() if given_code else None
    with removed_on_failure() as saved, outermost():
        petition = Petition(
            code=_next_code(to_local(at).date()),
            secret=lookup_secret(),
            channel=data.channel, kind=data.kind, status=Status.RECEIVED, title=title[:255],
            content=content, petitioner_name=normalize_text(data.name),
            petitioner_phone=normalize_text(data.phone), petitioner_email=data.email.strip(),
            petitioner_address=normalize_text(data.address),
            consent_to_publish=data.consent_to_publish, location=normalize_text(data.location),
            latitude=data.latitude, longitude=data.longitude, dossier=dossier,
            given_dossier_code=given_code, office=office,
            received_at=at, due_at=_deadline(office.pk, at, _days("triage")),
        )  # fmt: skip
        validated(petition, exclude=["office", "agency", "dossier", "merged_into"])
        petition.save()
        for file in data.attachments:
            attachment = PetitionAttachment.objects.create(
                petition=petition, name=normalize_text(file.name or "")[:255], file=file
            )
            saved.append(attachment.file)
        _record(petition, action=Action.RECEIVE, actor=actor, at=at, from_status="")
    return petition


def _triage(actor: User, petition_id: int) -> Petition:
    petition = _locked(petition_id)
    if not _holds(actor, petition.office_id, Role.HOTLINE_OPERATOR):
        raise PermissionDenied(_("Petitions are triaged by the hotline operators."))
    return petition


def petition_assign(
    *,
    actor: User,
    petition_id: int,
    agency: Agency,
    kind: Kind | None = None,
    at: datetime | None = None,
) -> Petition:
    """Classify (optionally) and hand to the responsible agency: the answer is due the kind's
    working days (15 unless configured) after receipt, or after a reopening."""
    at = _now(at)
    with outermost():
        petition = _triage(actor, petition_id)
        _require(petition, Status.RECEIVED, Status.REOPENED, action=_("assigned"))
        from_status = petition.status
        start = petition.received_at if from_status == Status.RECEIVED else at
        petition.kind = kind or petition.kind
        petition.agency = agency
        petition.status = Status.ASSIGNED
        petition.due_at = _deadline(petition.office_id, start, answer_days(petition.kind))
        petition.extended = False
        petition.save()
        _record(
            petition, action=Action.ASSIGN, actor=actor, at=at, from_status=from_status,
            data={"agency": agency.pk, "kind": petition.kind},
        )  # fmt: skip
    return petition


def petition_transfer(
    *, actor: User, petition_id: int, agency: Agency, reason: str, at: datetime | None = None
) -> Petition:
    """Not this agency's to answer: its leader hands the petition to the competent agency
    (Decree 20/2008/NĐ-CP art. 9), which answers within the kind's working days from now. The
    national system expects this within MOTCUA_PETITION_DEADLINES["transfer"] working days of
    the assignment; a later transfer is still made and its delay recorded."""
    at = _now(at)
    reason = _text(reason, field="reason", message=_("Say why the petition goes elsewhere."))
    with outermost():
        petition = _locked(petition_id)
        if not _leader(actor, petition):
            raise PermissionDenied(_("A petition is transferred by its agency's leader."))
        _require(petition, Status.ASSIGNED, Status.DRAFTED, action=_("transferred"))
        if agency.pk == petition.agency_id:
            raise DomainError(_("Transfer it to another agency."), field="agency")
        assigned = petition.events.filter(action=Action.ASSIGN).order_by("-sequence").first()
        since = assigned.at if assigned is not None else petition.received_at
        due = _deadline(petition.office_id, since, _days("transfer"))
        from_status, previous = petition.status, petition.agency_id
        petition.agency = agency
        petition.status, petition.answer = Status.ASSIGNED, ""
        petition.due_at = _deadline(petition.office_id, at, answer_days(petition.kind))
        petition.extended = False
        petition.save()
        _record(
            petition, action=Action.TRANSFER, actor=actor, at=at, from_status=from_status,
            comment=reason,
            data={"from": previous, "to": agency.pk, "due": due.isoformat(), "on_time": at <= due},
        )  # fmt: skip
    return petition


def _hotline_or_handler(actor: User, petition: Petition) -> bool:
    """The hotline that triages it, or the specialists and leaders of the agency in charge."""
    return _holds(actor, petition.office_id, Role.HOTLINE_OPERATOR) or (
        petition.agency_id is not None
        and _holds(actor, petition.agency_id, Role.SPECIALIST, Role.DEPARTMENT_LEADER)
    )


def petition_request_supplement(
    *, actor: User, petition_id: int, request: str, at: datetime | None = None
) -> Petition:
    """Ask the petitioner for what is missing to answer (Decree 20/2008/NĐ-CP art. 14: clarify
    with the petitioner): by the hotline while triaging, or by the agency in charge. The answer's
    clock stops until the information comes. The national system expects the request within
    MOTCUA_PETITION_DEADLINES["supplement"] working days of the receipt (or of the assignment);
    a later request is still made and its delay recorded."""
    at = _now(at)
    request = _text(request, field="request", message=_("Say what the petitioner must add."))
    with outermost():
        petition = _locked(petition_id)
        if not _hotline_or_handler(actor, petition):
            raise PermissionDenied(
                _("Information is asked for by the hotline or the agency in charge.")
            )
        _require(petition, Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED,
                 action=_("put on hold for the petitioner"))  # fmt: skip
        assigned = petition.events.filter(action=Action.ASSIGN).order_by("-sequence").first()
        since = assigned.at if assigned is not None else petition.received_at
        due = _deadline(petition.office_id, since, _days("supplement"))
        from_status = petition.status
        petition.status, petition.paused_at = Status.AWAITING_PETITIONER, at
        petition.save()
        _record(
            petition, action=Action.REQUEST_SUPPLEMENT, actor=actor, at=at,
            from_status=from_status, comment=request,
            data={"due": due.isoformat(), "on_time": at <= due, "resume_status": from_status},
        )  # fmt: skip
    return petition


def petition_supply(
    *, actor: User, petition_id: int, information: str, at: datetime | None = None
) -> Petition:
    """The petitioner's information is recorded (taken by the hotline or the agency in charge):
    the petition goes back where it was and its deadline moves later by the working time the
    clock was stopped."""
    at = _now(at)
    information = _text(
        information, field="information", message=_("Record what the petitioner added.")
    )
    with outermost():
        petition = _locked(petition_id)
        if not _hotline_or_handler(actor, petition):
            raise PermissionDenied(_("The information is recorded by the hotline or the agency."))
        _require(petition, Status.AWAITING_PETITIONER, action=_("supplemented"))
        assert petition.paused_at is not None
        request = (
            petition.events.filter(action=Action.REQUEST_SUPPLEMENT).order_by("-sequence").first()
        )
        calendar = calendar_for(petition.office_id)
        paused = calendar.working_seconds_between(petition.paused_at, max(at, petition.paused_at))
        if petition.due_at is not None:
            petition.due_at = calendar.add_working_hours(petition.due_at, paused / 3600)
        petition.status = (request.data.get("resume_status") if request else None) or (
            Status.ASSIGNED if petition.agency_id else Status.RECEIVED
        )
        petition.paused_at = None
        petition.save()
        _record(
            petition, action=Action.SUPPLY, actor=actor, at=at,
            from_status=Status.AWAITING_PETITIONER, comment=information,
            data={"paused_working_seconds": paused},
        )  # fmt: skip
    return petition


def petition_reject(
    *, actor: User, petition_id: int, reason: str, at: datetime | None = None
) -> Petition:
    """Out of scope (complaints and denunciations follow other laws): closed with the reason the
    petitioner is told."""
    at = _now(at)
    reason = _text(reason, field="reason", message=_("Say why the petition is rejected."))
    with outermost():
        petition = _triage(actor, petition_id)
        _require(petition, Status.RECEIVED, Status.REOPENED, action=_("rejected"))
        from_status = petition.status
        petition.status, petition.reason, petition.due_at = Status.REJECTED, reason, None
        petition.save()
        _record(petition, action=Action.REJECT, actor=actor, at=at, from_status=from_status,
                comment=reason)  # fmt: skip
    return petition


def petition_merge(
    *, actor: User, petition_id: int, into_id: int, at: datetime | None = None
) -> Petition:
    """A duplicate joins the petition it repeats; its petitioner will get that one's answer."""
    at = _now(at)
    if petition_id == into_id:
        raise DomainError(_("A petition cannot be merged into itself."), field="into")
    with outermost():
        petition = _triage(actor, petition_id)
        _require(petition, Status.RECEIVED, action=_("merged"))
        into = _locked(into_id)
        if into.status not in OPEN_STATUSES or into.merged_into_id is not None:
            raise IllegalAction(_("Merge into an open petition."))
        from_status = petition.status
        petition.status, petition.merged_into, petition.due_at = Status.MERGED, into, None
        petition.save()
        _record(petition, action=Action.MERGE, actor=actor, at=at, from_status=from_status,
                data={"into": into.code})  # fmt: skip
    return petition


def petition_draft_answer(
    *, actor: User, petition_id: int, answer: str, at: datetime | None = None
) -> Petition:
    """The responsible agency's answer, for its leader to approve (it may be redrafted)."""
    at = _now(at)
    answer = _text(answer, field="answer", message=_("Write the answer."))
    with outermost():
        petition = _locked(petition_id)
        # Who may act is decided before the state is looked at (nothing is told to others).
        if petition.agency_id is None or not _holds(
            actor, petition.agency_id, Role.SPECIALIST, Role.DEPARTMENT_LEADER
        ):
            raise PermissionDenied(_("The answer is drafted by the responsible agency."))
        _require(petition, Status.ASSIGNED, Status.DRAFTED, action=_("answered"))
        from_status = petition.status
        petition.answer, petition.status = answer, Status.DRAFTED
        petition.save()
        _record(petition, action=Action.DRAFT_ANSWER, actor=actor, at=at, from_status=from_status)
    return petition


def _leader(actor: User, petition: Petition) -> bool:
    return petition.agency_id is not None and _holds(
        actor, petition.agency_id, Role.DEPARTMENT_LEADER, Role.SIGNING_AUTHORITY
    )


def petition_approve_answer(
    *, actor: User, petition_id: int, public_answer: str = "", at: datetime | None = None
) -> Petition:
    """The agency's leader approves the answer; it is sent to the petitioner at once (by the
    messages job) and, where they agreed, the text for publication (without personal data) is
    kept for the portal."""
    at = _now(at)
    with outermost():
        petition = _locked(petition_id)
        if not _leader(actor, petition):
            raise PermissionDenied(_("The answer is approved by the agency's leader."))
        _require(petition, Status.DRAFTED, action=_("approved"))
        from_status = petition.status
        petition.status, petition.answered_at = Status.ANSWERED, at
        petition.answer_due_at = petition.due_at
        if petition.consent_to_publish and public_answer.strip():
            _publish(petition, public_answer, at)
        petition.save()
        _record(
            petition, action=Action.APPROVE_ANSWER, actor=actor, at=at, from_status=from_status,
            data={"published": petition.published_at is not None},
        )  # fmt: skip
    return petition


def _publish(petition: Petition, public_answer: str, at: datetime) -> None:
    petition.public_answer = scrub(public_answer, petition)
    petition.published_at = at
    # The search index holds only published, scrubbed text: never the raw title.
    petition.public_folded = fold(f"{scrub(petition.title, petition)} {petition.public_answer}")


def petition_publish(
    *, actor: User, petition_id: int, public_answer: str, at: datetime | None = None
) -> Petition:
    """Publish an answer already sent, when the petitioner agreed (by the agency's leader):
    the national system expects it within MOTCUA_PETITION_DEADLINES["publish"] working days
    of the answer; a later publication is still made and its delay recorded."""
    at = _now(at)
    text = _text(public_answer, field="public_answer", message=_("Write the text to publish."))
    with outermost():
        petition = _locked(petition_id)
        if not _leader(actor, petition):
            raise PermissionDenied(_("The answer is published by the agency's leader."))
        _require(petition, Status.ANSWERED, Status.CLOSED, action=_("published"))
        if not petition.consent_to_publish:
            raise IllegalAction(_("The petitioner did not agree to publication."))
        if petition.published_at is not None:
            raise IllegalAction(_("The answer is already published."))
        assert petition.answered_at is not None
        due = _deadline(petition.office_id, petition.answered_at, _days("publish"))
        _publish(petition, text, at)
        petition.save()
        _record(
            petition, action=Action.PUBLISH, actor=actor, at=at, from_status=petition.status,
            data={"due": due.isoformat(), "on_time": at <= due},
        )  # fmt: skip
    return petition


def petition_extend(
    *, actor: User, petition_id: int, days: int, reason: str, at: datetime | None = None
) -> Petition:
    """Once, by the agency's leader, with a reason: the answer deadline moves `days` working
    days later (at most MOTCUA_PETITION_DEADLINES["extension"])."""
    at = _now(at)
    reason = _text(reason, field="reason", message=_("Give the reason for the extension."))
    if not 1 <= days <= _days("extension"):
        raise DomainError(
            _("An extension is 1 to %(max)s working days.") % {"max": _days("extension")},
            field="days",
        )
    with outermost():
        petition = _locked(petition_id)
        if not _leader(actor, petition):
            raise PermissionDenied(_("Only the agency's leader may extend the deadline."))
        _require(petition, Status.ASSIGNED, Status.DRAFTED, action=_("extended"))
        if petition.extended:
            raise IllegalAction(_("The deadline may be extended only once."))
        assert petition.due_at is not None
        from_status, before = petition.status, petition.due_at
        # The same time of day, `days` working days later.
        calendar = calendar_for(petition.office_id)
        hours = days * calendar.office_hours.seconds_per_day / 3600
        petition.due_at = calendar.add_working_hours(before, hours)
        petition.extended = True
        petition.save()
        _record(
            petition, action=Action.EXTEND, actor=actor, at=at, from_status=from_status,
            comment=reason, data={"from": before.isoformat(), "to": petition.due_at.isoformat()},
        )  # fmt: skip
    return petition


def petition_follow_up(*, petition_id: int, resolved: bool, at: datetime | None = None) -> Petition:
    """The petitioner says whether the matter was resolved (one click from the message): yes
    closes the petition, no reopens it for the office to review."""
    at = _now(at)
    with outermost():
        petition = _locked(petition_id)
        _require(petition, Status.ANSWERED, action=_("followed up"))
        from_status = petition.status
        petition.resolved = resolved
        petition.status = Status.CLOSED if resolved else Status.REOPENED
        petition.due_at = None if resolved else _deadline(petition.office_id, at, _days("triage"))
        petition.save()
        _record(petition, action=Action.FOLLOW_UP, actor=None, at=at, from_status=from_status,
                data={"resolved": resolved})  # fmt: skip
    return petition


_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID = re.compile(r"(?<!\d)\d{9}(?:\d{3})?(?!\d)")  # CMND (9) and CCCD (12) numbers


# How people are called in Vietnamese before their given name ("ông Tám", "chị Hoa"); matched
# without accents too (_redact folds both sides).
_TITLES = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em")


def _folded_chars(text: str) -> str:
    """`text` folded character by character (accents off, đ→d, lower case), the same length,
    so that a match in it is a span of the original."""
    out = []
    for char in text:
        folded = fold(char) if not char.isspace() else " "
        out.append(folded if len(folded) == 1 else char.lower())
    return "".join(out)


def _redact(text: str, phrase: str, *, keep: int = 0) -> str:
    """Every occurrence of `phrase` in `text`, with or without accents or capitals, as *** (its
    first `keep` characters left: "ông Tám" → "ông ***")."""
    wanted = _folded_chars(normalize_text(phrase))
    if len(wanted) < 2:
        return text
    folded = _folded_chars(text)
    spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded)]
    for start, end in reversed(spans):
        text = f"{text[: start + keep]}***{text[end:]}"
    return text


def scrub(text: str, petition: Petition) -> str:
    """The text without the petitioner's name (also without accents, and the given name after
    "ông", "bà", "anh", "chị"…), their address and any phone number, email or ID number. The
    leader approving it reads it too: this catches what a hurried edit leaves."""
    cleaned = normalize_text(text)
    name = normalize_text(petition.petitioner_name)
    address = normalize_text(petition.petitioner_address)
    phrases = [name, address, *(part for part in address.split(",") if len(part.split()) > 1)]
    for phrase in sorted(filter(None, phrases), key=len, reverse=True):
        cleaned = _redact(cleaned, phrase.strip())
    given = name.split()[-1] if name else ""
    for title in _TITLES if given else ():
        cleaned = _redact(cleaned, f"{title} {given}", keep=len(title) + 1)
    for pattern in (_EMAIL, _PHONE, _ID):
        cleaned = pattern.sub("***", cleaned)
    return cleaned


def petition_escalate_overdue(*, now: datetime | None = None) -> list[Petition]:
    """Open petitions past their deadline: each gets an `escalate` event once per deadline (the
    office's operators are told by the reminders job); returns those escalated now."""
    now = _now(now)
    escalated = []
    running = Petition.objects.filter(status__in=OPEN_STATUSES, paused_at__isnull=True)
    for petition in running.filter(due_at__lt=now):
        due = petition.due_at.isoformat() if petition.due_at else ""
        with transaction.atomic():
            locked = _locked(petition.pk)
            if locked.events.filter(action=Action.ESCALATE, data__due=due).exists():
                continue
            _record(locked, action=Action.ESCALATE, actor=None, at=now, from_status=locked.status,
                    data={"due": due})  # fmt: skip
        escalated.append(locked)
    return escalated


def petition_ask_follow_ups(*, now: datetime | None = None) -> list[Petition]:
    """Answered petitions whose answer is MOTCUA_PETITION_DEADLINES["follow_up"] working days
    old get an `ask_follow_up` event (its message carries the one-click link), once."""
    now = _now(now)
    asked = []
    # Answered petitions never asked yet; N working days are at least N calendar days, so
    # younger answers need no calendar (the scan stays small as answered petitions pile up).
    waiting = Petition.objects.filter(
        status=Status.ANSWERED, answered_at__lte=now - timedelta(days=_days("follow_up"))
    ).exclude(events__action=Action.ASK_FOLLOW_UP)
    for petition in waiting:
        assert petition.answered_at is not None
        if _deadline(petition.office_id, petition.answered_at, _days("follow_up")) > now:
            continue
        with transaction.atomic():
            locked = _locked(petition.pk)
            if (
                locked.status != Status.ANSWERED
                or locked.events.filter(action=Action.ASK_FOLLOW_UP).exists()
            ):
                continue
            _record(
                locked, action=Action.ASK_FOLLOW_UP, actor=None, at=now, from_status=locked.status
            )
        asked.append(locked)
    return asked


def open_petitions_move(*, actor: User, on: date) -> int:
    """After a merger (`org.services.unit_merge`, in its transaction): open petitions whose
    agency in charge or hotline office ended before `on` go to the successor in force, with
    their deadline; one TRANSFER event each says so. Returns how many moved."""
    check_organisation_admin(actor)
    ended = Q(agency__valid_to__lt=on, agency__successor__isnull=False) | Q(
        office__valid_to__lt=on, office__successor__isnull=False
    )
    ids = list(
        Petition.objects.filter(ended, status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    at = timezone.now()
    moved = 0
    for petition_id in ids:
        petition = _locked(petition_id)
        moves: dict[str, Any] = {}
        for field in ("agency", "office"):
            current = getattr(petition, field)
            if current is not None:
                successor = agency_in_force(current, on)
                if successor.pk != current.pk:
                    setattr(petition, field, successor)
                    moves[field] = {"from": current.pk, "to": successor.pk}
        if not moves:
            continue
        petition.save(update_fields=list(moves))
        _record(
            petition, action=Action.TRANSFER, actor=actor, at=at, from_status=petition.status,
            comment=_("Handed over on the merger of the agencies."),
            data={"merger": moves},
        )  # fmt: skip
        moved += 1
    return moved

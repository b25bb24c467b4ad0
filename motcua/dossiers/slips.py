"""The legal slips of a dossier (Circular 01/2018/TT-VPCP forms): PDF to print, DOCX to edit.

- receipt and appointment (with the QR code of the citizen's tracking link, secret included);
- guidance to complete (at the desk) and supplementation request (during resolution): one form,
  every missing item in one go;
- refusal to receive or to resolve, with the reason;
- apology with the new appointment;
- process control slip: each hand-over with its time and class, generated from the events;
- handover of the result: who collected it, when, fees in words, the QR code to rate.

Each builder checks the slip fits the dossier (no receipt for a dossier that was not received)
and returns one context used by both formats: dates and amounts are formatted here, once, so the
PDF and the DOCX say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.core.money import format_vnd, vnd_in_words
from motcua.documents.docx import render_docx
from motcua.documents.pdf import render_pdf
from motcua.documents.qr import qr_data_uri, qr_png
from motcua.dossiers.book import HEADINGS, book_contact, book_dossiers, book_remark
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, StepStatus
from motcua.dossiers.slip_forms import FORMS
from motcua.legal.forms import FORM_SETS
from motcua.org.models import Agency, Role
from motcua.org.selectors import active_positions


class Slip(StrEnum):
    RECEIPT = "receipt"
    GUIDANCE = "guidance"  # guidance to complete at the desk
    SUPPLEMENT = "supplement"  # supplementation request during resolution
    REFUSAL = "refusal"  # refusal to receive (desk) or to resolve (during resolution)
    APOLOGY = "apology"
    CONTROL = "control"
    HANDOVER = "handover"
    STOP = "stop"  # notice of stopping: the applicant withdrew the dossier
    BOOK = "book"  # the tracking book's page of the dossier's day of receipt


SLIP_LABELS = {
    Slip.RECEIPT: gettext_lazy("receipt and appointment slip"),
    Slip.GUIDANCE: gettext_lazy("guidance to complete"),
    Slip.SUPPLEMENT: gettext_lazy("supplementation request"),
    Slip.REFUSAL: gettext_lazy("refusal notice"),
    Slip.APOLOGY: gettext_lazy("apology and new appointment"),
    Slip.CONTROL: gettext_lazy("process control slip"),
    Slip.HANDOVER: gettext_lazy("result handover"),
    Slip.STOP: gettext_lazy("notice of stopping"),
    Slip.BOOK: gettext_lazy("tracking book page"),
}


class SlipFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


CONTENT_TYPES = {
    SlipFormat.PDF: "application/pdf",
    SlipFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def tracking_url(dossier: Dossier) -> str:
    """The citizen's tracking link: the code and its secret (the portal checks both)."""
    return f"{settings.MOTCUA_PUBLIC_URL}/track/{dossier.code}?s={dossier.secret}"


def instant_text(moment: datetime | None) -> str:
    """ "14 giờ 30 phút, ngày 05/03/2019", the way the forms write a time."""
    if moment is None:
        return "theo quy định"
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def short_instant(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def day_text(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _full_name(user: Any) -> str:
    return user.get_full_name() or user.get_username() if user else ""


def _common(dossier: Dossier) -> dict[str, Any]:
    agency = dossier.agency
    version = dossier.procedure_version
    return {
        "dossier": dossier,
        "code": dossier.code or "—",
        "agency": agency.name,
        "parent": agency.parent.name if agency.parent else "",
        "applicant": dossier.applicant_name,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "procedure": version.name,
        "result": version.result,
        "clerk": _full_name(dossier.created_by),
        "received_text": instant_text(dossier.received_at),
        "due_text": instant_text(dossier.due_at),
        "fee": _fee(dossier),
    }


@dataclass(frozen=True)
class Fee:
    figures: str
    words: str


def _fee(dossier: Dossier) -> Fee | None:
    amount = dossier.procedure_version.fee_amount
    return Fee(format_vnd(amount), vnd_in_words(amount)) if amount else None


def _last_event(dossier: Dossier, action: Action) -> DossierEvent | None:
    return (
        dossier.events.filter(action=action)
        .select_related("actor", "actor_agency")
        .order_by("-sequence")
        .first()
    )


def _with_qr(context: dict[str, Any], url: str) -> dict[str, Any]:
    return {**context, "qr_url": url, "qr": qr_data_uri(url)}


def _receipt(dossier: Dossier) -> dict[str, Any]:
    if dossier.code is None or dossier.status == DossierStatus.NOT_RECEIVED:
        raise DomainError(_("This dossier was not received: it has no receipt."))
    components = [
        {"number": number, "name": c.name, "originals": c.originals, "copies": c.copies}
        for number, c in enumerate(dossier.components.all(), start=1)
    ]
    context = {
        **_common(dossier), "components": components, "sets": 1,
        "time_limit": dossier.procedure_version.time_limit_text, **_book_entry(dossier),
        "issued_at": dossier.received_at,
    }  # fmt: skip
    if dossier.status == DossierStatus.SUBMITTED:  # online, before the desk's check
        context.update(
            title="XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN",
            form_number="",
            received_text=f"{instant_text(dossier.submitted_at)} (nộp trực tuyến, "
            "chờ bộ phận một cửa kiểm tra)",
            due_text="được tính từ khi hồ sơ được tiếp nhận",
        )
    return _with_qr(context, tracking_url(dossier))


def _completion(dossier: Dossier, *, at_desk: bool) -> dict[str, Any]:
    """Guidance to complete (desk) and supplementation request (resolution) share one form."""
    if at_desk:
        event = dossier.events.order_by("sequence").first()
        if dossier.status != DossierStatus.NOT_RECEIVED or event is None or event.action != "guide":
            raise DomainError(_("This slip is for a dossier guided to complete at the desk."))
        items = list(dossier.missing_items)
        reason = "hồ sơ chưa đủ thành phần theo quy định của thủ tục hành chính đã được công bố."
    else:
        event = _last_event(dossier, Action.REQUEST_SUPPLEMENT)
        if event is None:
            raise DomainError(_("No supplementation was requested for this dossier."))
        items, reason = list(event.data.get("items", [])), event.comment
    return {
        **_common(dossier),
        "day": day_text(event.at),
        "by_agency": event.actor_agency.name if event.actor_agency else dossier.agency.name,
        "items": items,
        "reason": reason,
        "signer": _full_name(event.actor),
        "contact_phone": dossier.agency.phone,
        "issued_at": event.at,
    }


def _refusal(dossier: Dossier) -> dict[str, Any]:
    """Refusal to receive (at the desk) or to resolve (during resolution): one form, one reason."""
    event = dossier.events.order_by("-sequence").first()
    at_desk = (
        dossier.status == DossierStatus.NOT_RECEIVED and event and event.action == "refuse_intake"
    )
    if not at_desk and dossier.status != DossierStatus.REFUSED:
        raise DomainError(_("This slip is for a dossier refused at the desk or during resolution."))
    assert event is not None  # a refused dossier has its refusal event
    return {
        **_common(dossier),
        "day": day_text(event.at),
        "by_agency": event.actor_agency.name if event.actor_agency else dossier.agency.name,
        "issued_at": event.at,
        "reason": dossier.reason,
        "signer": _full_name(event.actor),
    }


def _book_entry(dossier: Dossier) -> dict[str, Any]:
    """Where the receipt is entered in the tracking book (Sổ theo dõi hồ sơ): one book per
    receiving agency and year, numbered by receipt order."""
    if dossier.received_at is None:
        return {"book": "", "book_number": ""}
    year = timezone.localtime(dossier.received_at).year
    order = Dossier.objects.filter(
        agency_id=dossier.agency_id,
        received_at__year=year,
        received_at__lte=dossier.received_at,
        code__isnull=False,
    ).count()
    return {"book": f"01/{year}", "book_number": order}


def _head_of(agency: Agency | None) -> str:
    """The head who signs for an agency: its signing authority, else its department leader."""
    if agency is None:
        return ""
    for role in (Role.SIGNING_AUTHORITY, Role.DEPARTMENT_LEADER, Role.CENTRE_MANAGER):
        position = (
            active_positions().filter(agency=agency, role=role).select_related("user").first()
        )
        if position is not None:
            return _full_name(position.user)
    return ""


def _apology(dossier: Dossier) -> dict[str, Any]:
    event = _last_event(dossier, Action.APOLOGISE)
    if event is None or dossier.new_due_at is None:
        raise DomainError(_("No apology was issued for this dossier."))
    return {
        **_common(dossier),
        "day": day_text(event.at),
        "by_agency": event.actor_agency.name if event.actor_agency else dossier.agency.name,
        "first_due_text": instant_text(dossier.original_due_at or dossier.due_at),
        "new_due_text": instant_text(dossier.new_due_at),
        "reason": event.comment,
        # Signed by the head of the agency at fault (Decree 61/2018 art. 19; Decree 118/2025),
        # not by the person who entered it.
        "signer": _head_of(event.actor_agency) or _full_name(event.actor),
        "signer_title": "THỦ TRƯỞNG CƠ QUAN",
        "issued_at": event.at,
    }


def _control(dossier: Dossier) -> dict[str, Any]:
    if dossier.code is None:
        raise DomainError(_("This dossier was not received: it has no receipt."))
    steps = list(
        dossier.steps.exclude(status=StepStatus.CANCELLED)
        .select_related("agency", "assignee", "finished_by", "process_step")
        .order_by("started_at", "pk")
    )
    # One line per hand-over: who gave the dossier to which step, when, and the giver's class.
    handovers = [
        {
            "agency": step.agency.name,
            "at": short_instant(step.started_at),
            "giver": _full_name(previous.finished_by if previous else dossier.created_by) or "—",
            "receiver": _full_name(step.assignee) or step.get_role_display(),
            "result": previous.get_timeliness_display() if previous else "",
            "note": step.process_step.name,
        }
        for previous, step in zip([None, *steps], steps, strict=False)
    ]
    return {
        **_common(dossier),
        "handovers": handovers,
        "received_short": short_instant(dossier.received_at),
        "due_short": short_instant(dossier.due_at) or "theo quy định",
        "resolved_short": short_instant(dossier.resolved_at),
        "timeliness": dossier.get_timeliness_display() if dossier.timeliness else "",
        "issued_at": timezone.now(),  # the control slip is printed as it stands today
    }


def _handover(dossier: Dossier) -> dict[str, Any]:
    event = _last_event(dossier, Action.RETURN_RESULT)
    if dossier.status != DossierStatus.RETURNED or event is None:
        raise DomainError(_("The result of this dossier has not been returned."))
    return _with_qr(
        {
            **_common(dossier),
            "returned_text": instant_text(dossier.returned_at),
            "collected_by": dossier.collected_by,
            "signer": _full_name(event.actor),
            "issued_at": event.at,
        },
        tracking_url(dossier),  # the tracking page is where the applicant rates
    )


def _stop(dossier: Dossier) -> dict[str, Any]:
    """The notice that resolution stopped because the applicant withdrew the dossier (the 2025
    regime's form; the 2018 one had none and a letter was written)."""
    event = _last_event(dossier, Action.WITHDRAW)
    if dossier.status != DossierStatus.WITHDRAWN or event is None:
        raise DomainError(_("This notice is for a dossier the applicant withdrew."))
    return {
        **_common(dossier),
        "stopped_text": instant_text(event.at),
        "reason": event.comment or dossier.reason,
        "signer": _head_of(dossier.agency.parent or dossier.agency) or _full_name(event.actor),
        "issued_at": event.at,
    }


def _book(dossier: Dossier) -> dict[str, Any]:
    """The tracking book's page of the day the dossier was received, at its receiving agency:
    every dossier entered that day, in the order of receipt."""
    if dossier.received_at is None or dossier.code is None:
        raise DomainError(_("This dossier was not received: it is not in the tracking book."))
    day = timezone.localtime(dossier.received_at).date()
    entries = book_dossiers(Dossier.objects.filter(agency_id=dossier.agency_id), start=day, end=day)
    first: dict[str, Any] = _book_entry(entries[0]) if entries else {"book": "", "book_number": 0}
    first_number = int(first["book_number"] or 0)
    rows = [
        {
            "number": first_number + offset,
            "code": entry.code,
            "procedure": entry.procedure_version.name,
            "sets": 1,
            "applicant": entry.applicant_name,
            "contact": book_contact(entry),
            "in_charge": entry.in_charge or "",  # type: ignore[attr-defined]
            "received": short_instant(entry.received_at),
            "due": short_instant(entry.due_at),
            "handed": short_instant(entry.handed_at),  # type: ignore[attr-defined]
            "returned": short_instant(entry.returned_at),
            "collected_by": entry.collected_by,
            "remark": book_remark(entry),
            "this": entry.pk == dossier.pk,
        }
        for offset, entry in enumerate(entries)
    ]
    return {
        **_common(dossier),
        "book": first["book"],
        "day": f"{day:%d/%m/%Y}",
        "headings": HEADINGS,
        "rows": rows,
        "issued_at": dossier.received_at,
    }


BUILDERS: dict[Slip, Callable[[Dossier], dict[str, Any]]] = {
    Slip.RECEIPT: _receipt,
    Slip.GUIDANCE: lambda dossier: _completion(dossier, at_desk=True),
    Slip.SUPPLEMENT: lambda dossier: _completion(dossier, at_desk=False),
    Slip.REFUSAL: _refusal,
    Slip.APOLOGY: _apology,
    Slip.CONTROL: _control,
    Slip.HANDOVER: _handover,
    Slip.STOP: _stop,
    Slip.BOOK: _book,
}
# The guidance slip and the supplementation request are the same legal form.
TEMPLATES = {**{slip: slip.value for slip in Slip}, Slip.GUIDANCE: "supplement"}
# The result handover is motcua's own receipt, in no circular: every regime has it.
OWN_FORMS = frozenset({Slip.HANDOVER})
# The forms of each regime's circular (legal.forms.FORM_SETS): e.g. the notice of stopping is
# Circular 03/2025/TT-VPCP's; under Circular 01/2018/TT-VPCP a letter was written.
SLIP_SETS: dict[str, frozenset[Slip]] = {
    name: frozenset(slip for slip in Slip if TEMPLATES[slip] in form_set.forms) | OWN_FORMS
    for name, form_set in FORM_SETS.items()
}
TODAYS_SET = "03/2025"  # a dossier not received yet follows the forms in force


def _slip_set(dossier: Dossier) -> str:
    regime = dossier.regime if dossier.regime_id else None
    return regime.slip_set if regime is not None else TODAYS_SET


def _in_regime(dossier: Dossier, slip: Slip) -> bool:
    """Whether the dossier's regime has this form (a dossier not received follows today's)."""
    return slip in SLIP_SETS[_slip_set(dossier)]


def _legal_form(dossier: Dossier, slip: Slip) -> dict[str, str]:
    """The form's number, title and circular in the dossier's regime ("Mẫu số 05")."""
    form_set = FORM_SETS[_slip_set(dossier)]
    form = form_set.forms.get(TEMPLATES[slip])
    if form is None:
        return {"form_number": "", "form_basis": ""}
    return {
        "form_number": f"Mẫu số {form.number}",
        "form_basis": f"(Ban hành kèm theo {form_set.circular})",
        "title": form.title,
    }


def available_slips(dossier: Dossier) -> list[Slip]:
    """The slips that fit the dossier now and exist in its regime."""
    status = dossier.status
    fits = {
        Slip.RECEIPT: dossier.code is not None and status != DossierStatus.NOT_RECEIVED,
        Slip.GUIDANCE: status == DossierStatus.NOT_RECEIVED and bool(dossier.missing_items),
        Slip.SUPPLEMENT: dossier.supplement_requests > 0,
        Slip.REFUSAL: status == DossierStatus.REFUSED
        or (status == DossierStatus.NOT_RECEIVED and bool(dossier.reason)),
        Slip.APOLOGY: dossier.new_due_at is not None,
        Slip.CONTROL: dossier.code is not None and status != DossierStatus.NOT_RECEIVED,
        Slip.HANDOVER: status == DossierStatus.RETURNED,
        Slip.STOP: status == DossierStatus.WITHDRAWN,
        Slip.BOOK: dossier.code is not None and dossier.received_at is not None,
    }
    return [slip for slip in Slip if fits[slip] and _in_regime(dossier, slip)]


def slip_context(dossier: Dossier, kind: Slip) -> dict[str, Any]:
    """What the slip says; DomainError when the slip does not fit the dossier."""
    if not _in_regime(dossier, kind):
        raise DomainError(
            _("The legal regime of this dossier's receipt has no such form: %(form)s.")
            % {"form": SLIP_LABELS[kind]}
        )
    context = {**_legal_form(dossier, kind), **BUILDERS[kind](dossier)}
    issued = context.pop("issued_at", None) or dossier.received_at or timezone.now()
    return {**context, "at_desk": kind == Slip.GUIDANCE, "place_date": place_date(dossier, issued)}


# The words that name a unit's kind, left out of the place in "Hương Canh, ngày … tháng … năm …".
UNIT_KIND_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Huyện", "Tỉnh", "Phường", "Xã", "Quận")


def place_date(dossier: Dossier, moment: datetime) -> str:
    """The place and date line every administrative document carries (Decree 30/2020/NĐ-CP,
    art. 8 and Appendix I: "địa danh, ngày … tháng … năm …"), the place being the unit's name."""
    place = dossier.agency.unit.name
    for word in UNIT_KIND_WORDS:
        if place.startswith(word + " "):
            place = place[len(word) + 1 :]
            break
    local = timezone.localtime(moment)
    # Days and months below 10 take a leading zero; months 1 and 2 too (Decree 30/2020).
    return f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def slip_template(kind: Slip) -> str:
    """The HTML template of a slip: rendered to PDF, or shown in the browser to print."""
    return f"dossiers/slips/{TEMPLATES[kind]}.html"


def render_slip(dossier: Dossier, kind: Slip, fmt: SlipFormat = SlipFormat.PDF) -> bytes:
    context = slip_context(dossier, kind)
    if fmt == SlipFormat.DOCX:
        images = {"qr": qr_png(context["qr_url"])} if "qr_url" in context else {}
        return render_docx(FORMS[TEMPLATES[kind]], context, images=images)
    return render_pdf(slip_template(kind), context)


def slip_pdf(dossier: Dossier, kind: Slip) -> bytes:
    return render_slip(dossier, kind, SlipFormat.PDF)

"""Running a satisfaction survey: the campaign and its random sample, invitations and their
replacements, answers on every channel (one per invitation), paper forms entered twice, and the
close that forgets who was asked."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.spreadsheets import ImportRejected, RowError
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.org.access import can_run_surveys
from motcua.org.models import AdministrativeUnit
from motcua.org.selectors import unit_subtree_ids
from motcua.surveys import defaults, method
from motcua.surveys.models import (
    Answer,
    Aspect,
    Campaign,
    CampaignStatus,
    CampaignUnit,
    Channel,
    Invitation,
    InvitationStatus,
    Question,
    Questionnaire,
    Response,
)
from motcua.surveys.tasks import send_invitations
from motcua.workcal.calendar import period_bounds

if TYPE_CHECKING:
    from motcua.accounts.models import User

MAX_COMMENT = 1000
MAX_IMPORT_ROWS = 20_000


def _check_runner(actor: User) -> None:
    if not can_run_surveys(actor):
        raise PermissionDenied(_("Only the reform office runs satisfaction surveys."))


def questionnaire_default(year: int) -> Questionnaire:
    """The model questionnaire of the year (created the first time it is asked for)."""
    with transaction.atomic():
        questionnaire, created = Questionnaire.objects.get_or_create(
            year=year, name=defaults.NAME, defaults={"source": defaults.SOURCE}
        )
        if created:
            Question.objects.bulk_create(
                Question(
                    questionnaire=questionnaire,
                    code=code,
                    factor=factor,
                    aspect=aspect,
                    position=position,
                    text=text,
                )
                for position, (code, factor, aspect, text) in enumerate(defaults.questions(), 1)
            )
    return questionnaire


def campaign_create(
    *,
    actor: User,
    name: str,
    questionnaire: Questionnaire,
    start: date,
    end: date,
    closes_on: date,
    unit_codes: Sequence[str],
    seed: int | None = None,
    margin: Decimal = Decimal("0.05"),
) -> Campaign:
    """A campaign over the dossiers the units returned in a period; its seed is recorded so the
    sample can be drawn again, the same."""
    _check_runner(actor)
    name = normalize_text(name)
    if not name:
        raise DomainError(_("Give the campaign a name."), field="name")
    if end < start or closes_on < end:
        raise DomainError(
            _("The period must run forwards, and answers close after it ends."), field="end"
        )
    if not Decimal("0.01") <= margin <= Decimal("0.2"):
        raise DomainError(_("The margin of error goes from 1 % to 20 %."), field="margin")
    units = list(AdministrativeUnit.objects.filter(code__in=unit_codes))
    unknown = sorted(set(unit_codes) - {unit.code for unit in units})
    if unknown or not units:
        raise DomainError(
            _("No unit has the code %(code)s.") % {"code": ", ".join(unknown) or "—"},
            field="units",
        )
    with outermost():
        campaign = Campaign.objects.create(
            name=name[:300],
            questionnaire=questionnaire,
            start=start,
            end=end,
            closes_on=closes_on,
            seed=seed if seed is not None else secrets.randbits(48),
            margin=margin,
        )
        CampaignUnit.objects.bulk_create(CampaignUnit(campaign=campaign, unit=u) for u in units)
    return campaign


def _locked(campaign_id: int) -> Campaign:
    campaign = (
        Campaign.objects.select_for_update()
        .select_related("questionnaire")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise NotFound
    return campaign


def _frame_units(campaign: Campaign, unit: AdministrativeUnit) -> frozenset[int]:
    """The unit and the units below it, but those the campaign surveys on their own (a district
    and one of its communes: the commune's people are asked for the commune, once)."""
    mine = unit_subtree_ids([unit.pk])
    others = [pk for pk in campaign.units.values_list("unit_id", flat=True) if pk != unit.pk]
    inside = [pk for pk in others if pk in mine]
    return mine - unit_subtree_ids(inside) if inside else mine


def sampling_frame(campaign: Campaign, unit: AdministrativeUnit) -> QuerySet[Dossier]:
    """The dossiers the unit (and the units below it not surveyed on their own) returned in the
    campaign's period."""
    first, last = period_bounds(campaign.start, campaign.end)
    return Dossier.objects.filter(
        status=DossierStatus.RETURNED,
        returned_at__gte=first,
        returned_at__lte=last,
        agency__unit_id__in=_frame_units(campaign, unit),
    )


def _strata(frame: QuerySet[Dossier]) -> dict[str, list[int]]:
    strata: dict[str, list[int]] = {}
    for pk, code in frame.order_by("pk").values_list("pk", "procedure_version__procedure__code"):
        strata.setdefault(code, []).append(pk)
    return strata


def _token() -> str:
    return secrets.token_urlsafe(18)


def campaign_draw(*, actor: User, campaign_id: int) -> int:
    """For each unit: the people it served, the sample size for the campaign's margin, a sample
    split among its procedures in proportion and drawn from the recorded seed; then the
    invitations go out. Returns how many were invited."""
    _check_runner(actor)
    with outermost():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.DRAFT:
            raise DomainError(_("The sample of this campaign was already drawn."))
        invited = 0
        for surveyed in campaign.units.select_related("unit").order_by("unit__code"):
            strata = _strata(sampling_frame(campaign, surveyed.unit))
            population = sum(len(ids) for ids in strata.values())
            target = method.sample_size(
                population, z=float(campaign.z), margin=float(campaign.margin)
            )
            counts = method.allocate({code: len(ids) for code, ids in strata.items()}, target)
            seed = campaign.seed ^ surveyed.unit_id  # each unit's own stream, still reproducible
            drawn = method.draw(strata, counts, seed)
            Invitation.objects.bulk_create(
                Invitation(
                    campaign=campaign,
                    unit=surveyed.unit,
                    procedure_code=code,
                    dossier_id=pk,
                    token=_token(),
                )
                for code, ids in drawn.items()
                for pk in ids
            )
            surveyed.population, surveyed.target = population, target
            surveyed.save(update_fields=["population", "target"])
            invited += sum(len(ids) for ids in drawn.values())
        campaign.status = CampaignStatus.OPEN
        campaign.save(update_fields=["status"])
        transaction.on_commit(lambda: _send_later(campaign.pk))
    return invited


def _send_later(campaign_id: int) -> None:
    send_invitations.enqueue(campaign_id)


def invitation_refuse(*, actor: User, invitation_id: int) -> Invitation | None:
    """The person asked declines: a replacement is drawn from the same unit and procedure among
    those not yet asked (reproducibly); returns it, or None when none is left."""
    _check_runner(actor)
    with outermost():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("campaign", "unit")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            raise NotFound
        if invitation.campaign.status != CampaignStatus.OPEN:
            raise DomainError(_("The campaign is not collecting answers."))
        if invitation.status != InvitationStatus.INVITED:
            raise DomainError(_("Only an invitation still waiting can be declined."))
        invitation.status = InvitationStatus.REFUSED
        invitation.refused_by, invitation.refused_at = actor, timezone.now()
        invitation.save(update_fields=["status", "refused_by", "refused_at"])
        asked = set(
            Invitation.objects.filter(campaign=invitation.campaign).values_list(
                "dossier_id", flat=True
            )
        )
        stratum = [
            pk
            for pk in _strata(sampling_frame(invitation.campaign, invitation.unit)).get(
                invitation.procedure_code, []
            )
            if pk not in asked
        ]
        if not stratum:
            return None
        seed = invitation.campaign.seed ^ invitation.pk
        [pk] = method.draw({"": stratum}, {"": 1}, seed)[""]
        replacement = Invitation.objects.create(
            campaign=invitation.campaign,
            unit=invitation.unit,
            procedure_code=invitation.procedure_code,
            dossier_id=pk,
            token=_token(),
            replaces=invitation,
        )
        campaign_id = invitation.campaign_id
        transaction.on_commit(lambda: _send_later(campaign_id))
        return replacement


def _answers(
    questionnaire: Questionnaire, given: Mapping[str, str]
) -> list[tuple[Question, int | None, str]]:
    """Each question's answer, checked: scores on the 1–5 scale, every satisfaction question
    answered, comments of at most 1,000 characters, no question the questionnaire lacks."""
    questions = {q.code: q for q in questionnaire.questions.all()}
    unknown = sorted(set(given) - set(questions))
    if unknown:
        raise DomainError(_("Unknown question(s): %(codes)s") % {"codes": ", ".join(unknown)})
    kept: list[tuple[Question, int | None, str]] = []
    for code, question in questions.items():
        raw = normalize_text(given.get(code, ""))
        if not question.scaled:
            if len(raw) > MAX_COMMENT:
                raise DomainError(_("A comment is limited to 1,000 characters."), field=code)
            if raw:
                kept.append((question, None, raw))
            continue
        if not raw:
            if question.aspect == Aspect.SATISFACTION:
                raise DomainError(
                    _("Answer “%(question)s”.") % {"question": question.text}, field=code
                )
            continue
        if raw not in {"1", "2", "3", "4", "5"}:
            raise DomainError(
                _("%(code)s: choose from 1 to 5.") % {"code": code},
                field=code,
            )
        kept.append((question, int(raw), ""))
    return kept


def _store(
    campaign: Campaign,
    unit_id: int,
    procedure: str,
    channel: str,
    answers: Iterable[tuple[Question, int | None, str]],
    *,
    invitation: Invitation | None = None,
    entered_by: User | None = None,
) -> Response:
    response = Response.objects.create(
        campaign=campaign,
        unit_id=unit_id,
        procedure_code=procedure,
        channel=channel,
        invitation=invitation,
        entered_by=entered_by,
        submitted_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, value=v, text=t) for q, v, t in answers
    )
    return response


def invitation_by_token(token: str, *, lock: bool = False) -> Invitation:
    """The invitation of a link, while it can still be answered; otherwise a clear refusal
    (the same for a link that never existed: a token's existence is not revealed)."""
    invitations = Invitation.objects.select_related("campaign__questionnaire", "unit")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token=token[:40]).first()
    if invitation is None or invitation.status == InvitationStatus.REFUSED:
        raise NotFound(_("This survey link is not valid."))
    campaign = invitation.campaign
    if campaign.status != CampaignStatus.OPEN or timezone.localdate() > campaign.closes_on:
        raise DomainError(_("This survey has closed. Thank you all the same."))
    if invitation.status == InvitationStatus.ANSWERED:
        raise DomainError(_("This invitation has already been answered. Thank you."))
    return invitation


def response_submit(*, token: str, answers: Mapping[str, str], channel: str) -> Response:
    """One person's answers to their invitation: once, while the campaign runs."""
    if channel not in (Channel.LINK, Channel.TRACKING, Channel.KIOSK):
        raise DomainError(_("Unknown channel."))
    with outermost():
        invitation = invitation_by_token(token, lock=True)  # a second answer waits, then is refused
        kept = _answers(invitation.campaign.questionnaire, answers)
        response = _store(
            invitation.campaign,
            invitation.unit_id,
            invitation.procedure_code,
            channel,
            kept,
            invitation=invitation,
        )
        invitation.status = InvitationStatus.ANSWERED
        invitation.save(update_fields=["status"])
        return response


# --- paper forms, entered twice ------------------------------------------------------------------

# The surveyors' CSV: the unit's code, the procedure's code, then one column per question code.
UNIT_COLUMN, PROCEDURE_COLUMN = "unit", "procedure"


@dataclass(frozen=True, slots=True)
class PaperRow:
    row: int
    cells: dict[str, str]


def read_paper_csv(source: IO[bytes], *, name: str) -> list[PaperRow]:
    """The rows of a surveyors' CSV (UTF-8, with or without BOM)."""
    try:
        text = source.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(name, 0, "—", _("The file is not UTF-8 text (CSV)."))]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or UNIT_COLUMN not in reader.fieldnames:
        raise ImportRejected([RowError(name, 1, UNIT_COLUMN, _("The column is missing."))])
    rows = []
    for number, cells in enumerate(reader, start=2):
        if number > MAX_IMPORT_ROWS:
            raise ImportRejected([RowError(name, number, "—", _("The file has too many rows."))])
        rows.append(PaperRow(number, {k.strip(): (v or "").strip() for k, v in cells.items() if k}))
    return rows


def responses_import(
    *,
    actor: User,
    campaign_id: int,
    first: list[PaperRow],
    second: list[PaperRow] | None,
    name: str = "CSV",
) -> int:
    """Paper forms typed in by surveyors. With a second, independent entry of the same forms, a
    cell typed differently is refused with its row and column, so a typing error cannot slip
    in; a row with an unknown unit, an unknown question or a score off the scale is refused too.
    All rows or none."""
    _check_runner(actor)
    errors: list[RowError] = []
    if second is not None:
        if len(second) != len(first):
            errors.append(
                RowError(name, 0, "—", _("The two entries do not have the same number of forms."))
            )
        for one, other in zip(first, second, strict=False):
            for column in sorted(set(one.cells) | set(other.cells)):
                if one.cells.get(column, "") != other.cells.get(column, ""):
                    errors.append(
                        RowError(
                            name,
                            one.row,
                            column,
                            _("The two entries differ: “%(first)s” and “%(second)s”.")
                            % {
                                "first": one.cells.get(column, ""),
                                "second": other.cells.get(column, ""),
                            },
                        )
                    )
    if errors:
        raise ImportRejected(errors)
    with outermost():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.OPEN:
            raise DomainError(_("The campaign is not collecting answers."))
        surveyed = {code: pk for pk, code in campaign.units.values_list("unit_id", "unit__code")}
        known = {
            *campaign.questionnaire.questions.values_list("code", flat=True),
            UNIT_COLUMN,
            PROCEDURE_COLUMN,
        }
        columns = {column for row in first for column in row.cells}
        for column in sorted(columns - known):
            errors.append(
                RowError(name, 1, column, _("No question of the questionnaire has this code."))
            )
        if errors:
            raise ImportRejected(errors)
        stored = 0
        for row in first:
            unit_id = surveyed.get(row.cells.get(UNIT_COLUMN, ""))
            if unit_id is None:
                errors.append(
                    RowError(
                        name, row.row, UNIT_COLUMN, _("The campaign does not survey this unit.")
                    )
                )
                continue
            given = {k: v for k, v in row.cells.items() if k not in (UNIT_COLUMN, PROCEDURE_COLUMN)}
            try:
                kept = _answers(campaign.questionnaire, given)
            except DomainError as error:
                errors.append(RowError(name, row.row, error.field or "—", str(error.message)))
                continue
            _store(
                campaign,
                unit_id,
                row.cells.get(PROCEDURE_COLUMN, "")[:40],
                Channel.PAPER,
                kept,
                entered_by=actor,
            )
            stored += 1
        if errors:
            raise ImportRejected(errors)
        return stored


def campaign_close(*, actor: User, campaign_id: int) -> Campaign:
    """No more answers; the invitations forget their dossiers (and so whom they asked): the
    answers keep only the unit, the procedure and the channel."""
    _check_runner(actor)
    with outermost():
        campaign = _locked(campaign_id)
        if campaign.status != CampaignStatus.OPEN:
            raise DomainError(_("Only a campaign collecting answers is closed."))
        campaign.invitations.update(dossier=None)
        campaign.status = CampaignStatus.CLOSED
        campaign.save(update_fields=["status"])
        return campaign

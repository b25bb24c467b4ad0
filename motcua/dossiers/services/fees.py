"""Fees and charges paid for a dossier, recorded by the one-stop clerk who saw the payment: how
it was paid and, online or by transfer, the transaction's reference (Decision 766, indicator
4.1, counts the dossiers whose fee was paid online — never guessed, only recorded)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, FeePayment, PaymentChannel
from motcua.dossiers.services.engine import (
    append_event,
    at_or_now,
    held_position,
    locked,
    refuse_illegal,
)
from motcua.org.models import Role

REFERENCE_LENGTH = (4, 100)


def dossier_fee_record(
    *,
    actor: User,
    dossier_id: int,
    amount: int,
    channel: PaymentChannel,
    reference: str = "",
    paid_at: datetime | None = None,
    at: datetime | None = None,
) -> FeePayment:
    """Record, at `at` (now), a fee paid for the dossier. Only a clerk of the receiving agency
    records it; an online or transfer payment needs its reference, one reference is recorded
    once, and a payment is never dated after its recording."""
    at = at_or_now(at)
    paid_at = paid_at or at
    reference = normalize_text(reference)
    with outermost():
        dossier = locked(dossier_id, reader=actor)
        position = held_position(actor, role=Role.CLERK, agency_id=dossier.agency_id)
        if position is None:
            raise PermissionDenied(_("Fees are recorded by the one-stop clerk who received them."))
        refuse_illegal(dossier, Action.RECORD_FEE)
        _check(dossier, amount=amount, channel=channel, reference=reference, paid_at=paid_at,
               at=at)  # fmt: skip
        try:
            with transaction.atomic():  # a savepoint: the refusal below is a clear message
                payment = FeePayment.objects.create(
                    dossier=dossier, amount=amount, channel=channel, reference=reference,
                    paid_at=paid_at, recorded_by=actor,
                )  # fmt: skip
        except IntegrityError:
            raise DomainError(
                _("The payment with reference %(reference)s is already recorded.")
                % {"reference": reference},
                field="reference",
            ) from None
        dossier.fee_paid = True
        dossier.fee_paid_online = dossier.fee_paid_online or channel == PaymentChannel.ONLINE
        dossier.save(update_fields=["fee_paid", "fee_paid_online"])
        append_event(
            dossier, action=Action.RECORD_FEE, actor=actor, at=at,
            from_status=dossier.status, position=position,
            data={"amount": amount, "channel": channel, "reference": reference,
                  "paid_at": paid_at.isoformat()},
        )  # fmt: skip
    return payment


def _check(
    dossier: Dossier,
    *,
    amount: int,
    channel: PaymentChannel,
    reference: str,
    paid_at: datetime,
    at: datetime,
) -> None:
    if amount <= 0:
        raise DomainError(_("The amount must be a positive number of đồng."), field="amount")
    if channel in (PaymentChannel.ONLINE, PaymentChannel.TRANSFER):
        shortest, longest = REFERENCE_LENGTH
        if not shortest <= len(reference) <= longest:
            raise DomainError(
                _("A payment online or by transfer needs its transaction reference."),
                field="reference",
            )
    if paid_at > at:
        raise DomainError(_("A payment cannot be recorded in the future."), field="paid_at")
    began = dossier.submitted_at or dossier.received_at
    if began is not None and paid_at < began:
        raise DomainError(
            _("The payment is dated before the dossier was submitted."), field="paid_at"
        )

"""Staff forms of the dossier page that are not step actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import TextField
from motcua.dossiers.models import Dossier, PaymentChannel

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class FeeForm(forms.Form):
    """A fee paid: how much, how, its transaction reference (online or transfer), when."""

    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1)
    channel = forms.ChoiceField(
        label=_("Paid"), choices=PaymentChannel.choices, widget=forms.RadioSelect
    )
    reference = TextField(
        label=_("Transaction reference"),
        required=False,
        max_length=100,
        help_text=_("Required for a payment online or by bank transfer."),
    )
    paid_at = forms.DateTimeField(
        label=_("Paid at"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMATS[0]),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "fee_%s")  # unique ids beside the page's other forms
        super().__init__(*args, **kwargs)

    @classmethod
    def for_dossier(cls, dossier: Dossier) -> FeeForm:
        """Prefilled with the procedure's fee and now."""
        return cls(
            initial={
                "amount": dossier.procedure_version.fee_amount or None,
                "channel": PaymentChannel.DESK,
                "paid_at": timezone.localtime().replace(second=0, microsecond=0),
            }
        )

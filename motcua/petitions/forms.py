"""The petition form: the hotline operator's (with the channel) and the citizen's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.petitions.models import Channel, Kind


class PetitionForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("What happened, where, when"), widget=forms.Textarea)
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.OTHER)
    channel = forms.ChoiceField(
        label=_("channel"), choices=Channel.choices, initial=Channel.HOTLINE
    )
    dossier_code = forms.CharField(
        label=_("Dossier code (if it is about a dossier)"), max_length=80, required=False
    )
    location = forms.CharField(label=_("place"), max_length=500, required=False)
    name = forms.CharField(label=_("Full name"), max_length=255, required=False)
    phone = forms.RegexField(
        label=_("phone"),
        regex=r"^\+?[0-9 .]{8,15}$",
        required=False,
        error_messages={"invalid": _("Write the phone number with digits only.")},
    )
    email = forms.EmailField(label=_("email"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("The answer may be published on the portal (without my name or contacts)"),
        required=False,
    )

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["title"].widget.attrs["autofocus"] = True  # the call has started
        else:
            del self.fields["channel"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "channel" not in self.fields and not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(
                _("Give an email address or a phone number to receive the answer.")
            )
        return data

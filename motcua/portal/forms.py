"""Forms of the public pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import TextField
from motcua.dossiers.models import ApplicantKind
from motcua.org.models import Agency
from motcua.portal.models import SCALE, Visits

# Online submission asks one thing per page (GOV.UK's pattern): where, who, how to reach them;
# then the documents, then the answers to check with the code.
ONLINE_STEPS: dict[str, tuple[str, ...]] = {
    "where": ("agency",),
    "who": ("kind", "name", "id_number"),
    "contact": ("email", "phone", "address"),
}


class OnlineApplicantForm(forms.Form):
    """Who submits, where, and how to reach them for the confirmation code; `step` keeps the
    fields of one page of the online submission."""

    agency = forms.ChoiceField(label=_("Submit to"))
    kind = forms.ChoiceField(label=_("applicant kind"), choices=ApplicantKind.choices)
    name = TextField(label=_("Full name (or organisation)"), max_length=255)
    id_number = TextField(
        label=_("ID number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("email"),
        required=False,
        help_text=_(
            "Give an email address or a phone number: the confirmation code is sent there."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.RegexField(
        label=_("phone"),
        regex=r"^\+?[0-9 .]{8,15}$",
        required=False,
        error_messages={"invalid": _("Write the phone number with digits only.")},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    address = TextField(label=_("address"), max_length=500, required=False)

    def __init__(
        self, *args: Any, agencies: list[Agency], step: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if step is not None:
            for name in [name for name in self.fields if name not in ONLINE_STEPS[step]]:
                del self.fields[name]
        if "agency" in self.fields:
            # A choice between the desks, none chosen by default.
            self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]
            self.fields["agency"].widget = forms.RadioSelect(
                choices=self.fields["agency"].choices  # type: ignore[attr-defined]
            )
        if "kind" in self.fields:
            self.fields["kind"].widget = forms.RadioSelect(choices=ApplicantKind.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "email" in self.fields and not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(
                _("Give an email address or a phone number: the confirmation code is sent there.")
            )
        return data


class RatingForm(forms.Form):
    """The satisfaction questions of DESIGN.md: one click each, a comment if they wish."""

    overall = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you?"), choices=SCALE, coerce=int,
        widget=forms.RadioSelect,
    )  # fmt: skip
    attitude = forms.TypedChoiceField(
        label=_("The staff's attitude"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    time_taken = forms.TypedChoiceField(
        label=_("The time it took"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    clarity = forms.TypedChoiceField(
        label=_("How clear the published procedure was"), choices=SCALE, coerce=int,
        widget=forms.RadioSelect,
    )  # fmt: skip
    visits = forms.ChoiceField(
        label=_("How many times did you have to come?"), choices=Visits.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    unofficial_payment = forms.TypedChoiceField(
        label=_("Were you asked for any unofficial payment?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=1000, widget=forms.Textarea
    )

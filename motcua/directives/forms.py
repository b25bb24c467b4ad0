"""The directive's forms: issuing it with its tasks, a unit's report, the assigner's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import TextField
from motcua.directives.models import Checklist, Recurrence, Severity
from motcua.directives.services import TaskData
from motcua.org.models import Agency

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TASK_ROWS = 8  # rows offered on the form; more tasks: issue, then add another directive


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMATS[0]),
    )  # fmt: skip


class DirectiveForm(forms.Form):
    number = TextField(label=_("Number"), max_length=60, help_text=_("e.g. 550/UBND-NV"))
    issued_on = _date(_("Date"), required=True)
    issuing_agency = forms.ModelChoiceField(label=_("Issued by"), queryset=Agency.objects.none())
    signer = TextField(label=_("Signed by"), max_length=200)
    signer_title = TextField(label=_("Signer's title"), max_length=200, required=False)
    subject = TextField(label=_("Subject"), max_length=500)
    file = forms.FileField(label=_("The document (PDF)"), required=False)

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_agency"].queryset = issuers  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    title = TextField(label=_("Task"), max_length=300, required=False)
    content = forms.CharField(label=_("What to do"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    done_means = TextField(label=_("Done means"), max_length=500, required=False)
    lead = forms.ModelMultipleChoiceField(
        label=_("Leading units"), queryset=Agency.objects.none(), required=False
    )
    cooperating = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"), queryset=Agency.objects.none(), required=False
    )
    due_on = _date(_("Due on"))
    working_days = forms.IntegerField(label=_("or within (working days)"), required=False,
                                      min_value=1)  # fmt: skip
    recurrence = forms.ChoiceField(label=_("Recurs"), choices=Recurrence.choices, required=False)
    until = _date(_("Recurs until"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead", "cooperating"):
            self.fields[name].queryset = agencies  # type: ignore[attr-defined]

    def task_data(self) -> TaskData | None:
        """The task, or None for a row left empty."""
        data = self.cleaned_data
        if not data.get("title") and not data.get("lead"):
            return None
        return TaskData(
            title=data.get("title") or "", lead=tuple(a.pk for a in data.get("lead") or ()),
            cooperating=tuple(a.pk for a in data.get("cooperating") or ()),
            content=data.get("content") or "", done_means=data.get("done_means") or "",
            due_on=data.get("due_on"), working_days=data.get("working_days"),
            recurrence=Recurrence(data.get("recurrence") or ""), until=data.get("until"),
        )  # fmt: skip


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("The task is done (the assigner will accept it)"),
                              required=False)  # fmt: skip
    evidence = forms.FileField(label=_("Evidence file (PDF, JPEG or PNG)"), required=False)
    links = forms.CharField(
        label=_("Links to the evidence (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A page of motcua (starting with /) or an address starting with https://."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "report_%s")
        super().__init__(*args, **kwargs)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (required to send back: what is missing)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)


FINDING_ROWS = 5


class PlanForm(forms.Form):
    inspecting_agency = forms.ModelChoiceField(label=_("Inspecting agency"),
                                               queryset=Agency.objects.none())  # fmt: skip
    inspected_agency = forms.ModelChoiceField(label=_("Inspected agency"),
                                              queryset=Agency.objects.none())  # fmt: skip
    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.all(),
                                       to_field_name="code")  # fmt: skip
    planned_on = _date(_("Planned on"), required=True)

    def __init__(self, *args: Any, inspecting: Any, agencies: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "plan_%s")
        super().__init__(*args, **kwargs)
        self.fields["inspecting_agency"].queryset = inspecting  # type: ignore[attr-defined]
        self.fields["inspected_agency"].queryset = agencies  # type: ignore[attr-defined]


class RecordForm(forms.Form):
    """One yes/no and a note per checklist item; up to FINDING_ROWS findings."""

    inspected_on = _date(_("Inspected on"), required=True)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    conclusion_number = TextField(
        label=_("Number of the conclusion"), max_length=60, required=False,
        help_text=_("Required when something was found, e.g. 45/KL-NV."),
    )  # fmt: skip

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item-{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.position}. {item.text}", widget=forms.RadioSelect,
                choices=[("1", _("Met")), ("0", _("Not met"))], coerce=lambda v: v == "1",
            )  # fmt: skip
            self.fields[f"note-{item.pk}"] = TextField(label=_("Note"), max_length=500,
                                                       required=False)  # fmt: skip
        for n in range(1, FINDING_ROWS + 1):
            self.fields[f"finding-{n}"] = forms.CharField(
                label=_("Finding %(number)s") % {"number": n}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.fields[f"severity-{n}"] = forms.ChoiceField(
                label=_("Severity"), choices=Severity.choices, required=False
            )
            self.fields[f"days-{n}"] = forms.IntegerField(
                label=_("Time to remedy (working days)"), required=False, min_value=1
            )

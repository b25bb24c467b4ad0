"""Calendar overrides (they win over the holidays package) and office hours per agency."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.org.models import Agency


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Working day (e.g. a swapped Saturday)")
    REGULAR = "regular", _("Cancelled holiday (the normal weekday rule applies)")


class CalendarOverride(models.Model):
    """A decision about one day, with its legal source; applies to every agency."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OverrideKind.choices)
    name = models.CharField(_("name"), max_length=200)
    document_number = models.CharField(
        _("document number"), max_length=100, help_text=_("e.g. 6150/TB-LĐTBXH")
    )
    document_date = models.DateField(_("document date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.name}"

    @property
    def reference(self) -> str:
        return f"{self.document_number} ({self.document_date:%d/%m/%Y})"


class OfficeHours(models.Model):
    """Counting hours of an agency's working day; the row without agency is the default."""

    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="office_hours",
    )
    morning_start = models.TimeField(_("morning opens"), default=time(7, 30))
    morning_end = models.TimeField(_("morning closes"), default=time(11, 30))
    afternoon_start = models.TimeField(_("afternoon opens"), default=time(13, 0))
    afternoon_end = models.TimeField(_("afternoon closes"), default=time(17, 0))
    saturday_morning_reception = models.BooleanField(
        _("receives dossiers on Saturday morning"),
        default=False,
        help_text=_("Reception only: Saturday time does not count towards deadlines."),
    )
    within_day_cutoff = models.TimeField(
        _("same-day cut-off"),
        default=time(15, 0),
        help_text=_("'Within the day' requests received later are due the next working day."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            # At most one default row (agency NULL); agencies are unique through the one-to-one.
            models.UniqueConstraint(
                Coalesce("agency", models.Value(0)), name="office_hours_one_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="office_hours_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency) if self.agency else str(_("Default office hours"))

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(_("Office hours must be in order: morning, then afternoon."))


class CalendarYearApproval(models.Model):
    """An administrator reviewed a year's days off and working days; the fingerprint says which."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    approved_by = models.ForeignKey(
        "accounts.User", verbose_name=_("approved by"), on_delete=models.PROTECT
    )
    approved_at = models.DateTimeField(_("approved at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year approval")
        verbose_name_plural = _("calendar year approvals")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

"""The legal regimes, each with its validity dates, its sources and what it selects."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.legal.regimes import RegimeError, Span, check_pattern


class SlipSet(models.TextChoices):
    CIRCULAR_01_2018 = "01/2018", _("Circular 01/2018/TT-VPCP (six forms)")
    CIRCULAR_03_2025 = "03/2025", _("Circular 03/2025/TT-VPCP (seven forms)")


class SupplementClock(models.TextChoices):
    """What the clock does when the applicant supplies what a supplementation request asked for."""

    RESUME = "resume", _("resumes with the working time left")
    RESTART = "restart", _("restarts from the full time limit")


class LegalRegime(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    sources = models.TextField(
        _("legal sources"), help_text=_("The decree and circular, with their dates and articles.")
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Empty: since the first records.")
    )
    valid_to = models.DateField(
        _("valid to (inclusive)"), null=True, blank=True, help_text=_("Empty: still in force.")
    )
    slip_set = models.CharField(_("forms"), max_length=20, choices=SlipSet.choices)
    code_pattern = models.CharField(
        _("dossier code pattern"),
        max_length=120,
        help_text=_("Fields: {agency}, {electronic_id}, {date:%y%m%d}, {platform}, {seq:04d}."),
    )
    platform_digits = models.CharField(
        _("platform owner's digits"),
        max_length=2,
        blank=True,
        help_text=_("Two digits naming the platform's owner in the code ({platform})."),
    )
    supplement_clock = models.CharField(
        _("after supplementation, the clock"),
        max_length=10,
        choices=SupplementClock.choices,
        default=SupplementClock.RESUME,
        help_text=_(
            "The regime's rule; a procedure whose law says otherwise sets its own "
            "(Decree 61/2018/NĐ-CP: the time already spent counts towards the limit)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = [models.F("valid_from").asc(nulls_first=True)]

    def __str__(self) -> str:
        return self.name

    def span(self) -> Span:
        return Span(self.code, self.valid_from, self.valid_to)

    def clean(self) -> None:
        # The table as a whole (dates) is checked by legal.services.regime_save.
        try:
            check_pattern(self.code_pattern)
        except RegimeError as error:
            raise ValidationError({"code_pattern": str(error)}) from None

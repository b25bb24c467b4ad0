"""The Decision 766 indicator set as versioned data: the national portal revises its
implementation, so groups, maxima, formulas and thresholds are rows, not code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.indices.formulas import Kind


class IndicatorSet(models.Model):
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.CASCADE,
        related_name="indicators",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("order"))
    group_code = models.CharField(_("group"), max_length=10)
    group_name = models.CharField(_("group name"), max_length=200)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=2)
    kind = models.CharField(_("formula"), max_length=20, choices=[(k.value, k.value) for k in Kind])
    threshold = models.DecimalField(
        _("threshold"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    measure = models.CharField(_("measured by motcua"), max_length=40, blank=True)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    missing = models.CharField(
        _("what is missing"), max_length=300, blank=True,
        help_text=_("For an indicator without data: what motcua would need to measure it."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

"""The PAR (CCHC) index as data: criteria sets per year and level, each unit's assessment with
its self-scores, the council's appraisal and the survey's points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.org.models import AdministrativeUnit, UnitKind
from motcua.par.scoring import Rule


class CriteriaSet(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("The decision that issued the criteria set.")
    )
    direct_max = models.DecimalField(_("direct part (points)"), max_digits=6, decimal_places=2)
    survey_max = models.DecimalField(_("survey part (points)"), max_digits=6, decimal_places=2)
    self_assessment_due = models.DateField(
        _("self-assessment due"), null=True, blank=True,
        help_text=_("The last day on which units may score themselves and submit."),
    )  # fmt: skip
    classes = models.JSONField(
        _("classification"),
        default=list,
        help_text=_('Highest first: [[90, "Xuất sắc"], [80, "Tốt"], …].'),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR criteria set")
        verbose_name_plural = _("PAR criteria sets")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="par_set_per_year_and_level")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE,
        related_name="criteria",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    position = models.PositiveSmallIntegerField(_("order"))
    max_points = models.DecimalField(_("maximum"), max_digits=6, decimal_places=2)
    rule = models.CharField(
        _("scoring rule"), max_length=20, choices=[(r.value, r.value) for r in Rule],
        default=Rule.MANUAL,
    )  # fmt: skip
    bands = models.JSONField(
        _("bands"), default=list, blank=True,
        help_text=_("Banded rule, highest first: [[1, 10], [0.95, 7]] (value, points)."),
    )  # fmt: skip
    threshold = models.DecimalField(
        _("threshold"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    measure = models.CharField(
        _("measured by motcua"), max_length=40, blank=True,
        help_text=_("For an automatic criterion: the figure motcua computes (par.measures)."),
    )  # fmt: skip
    evidence = models.CharField(_("evidence required"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("PAR criterion")
        verbose_name_plural = _("PAR criteria")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="par_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Self-assessment in progress")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Appraised and published")


class Assessment(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT,
        related_name="assessments",
    )  # fmt: skip
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="par_assessments",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )  # fmt: skip
    survey_score = models.DecimalField(
        _("survey points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    survey_source = models.CharField(
        _("source of the survey points"), max_length=300, blank=True,
        help_text=_("The survey the points come from (its report's number and date)."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR assessment")
        verbose_name_plural = _("PAR assessments")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "unit"], name="par_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.criteria_set}"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    self_score = models.DecimalField(
        _("self-assessed"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraised = models.DecimalField(
        _("appraised"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_reason = models.CharField(_("reason of the appraisal"), max_length=500, blank=True)
    evidence_note = models.CharField(_("evidence"), max_length=500, blank=True)
    evidence_link = models.CharField(
        _("record in motcua"), max_length=500, blank=True,
        help_text=_("The address of a motcua page that proves it (a report, a statistics table)."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR score")
        verbose_name_plural = _("PAR scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="par_one_score")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


class EvidenceFile(models.Model):
    """A document a unit attached to one of its scores (a plan, a report, minutes): PDF, JPEG
    or PNG, read through a view that checks who may see the scorecard."""

    score = models.ForeignKey(
        CriterionScore, verbose_name=_("score"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="par/%Y/", max_length=300)
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PAR evidence file")
        verbose_name_plural = _("PAR evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

"""What citizens give the portal: their rating of a returned dossier."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier

SCALE = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neutral")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]


class Visits(models.TextChoices):
    ONE = "1", _("Once")
    TWO = "2", _("Twice")
    MORE = "3+", _("Three times or more")


class Rating(models.Model):
    """The applicant's satisfaction with one returned dossier (DESIGN.md "Satisfaction"), once."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="rating"
    )
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), choices=SCALE)
    attitude = models.PositiveSmallIntegerField(_("staff attitude"), choices=SCALE)
    time_taken = models.PositiveSmallIntegerField(_("time taken"), choices=SCALE)
    clarity = models.PositiveSmallIntegerField(
        _("clarity of the published procedure"), choices=SCALE
    )
    visits = models.CharField(_("visits needed"), max_length=2, choices=Visits.choices)
    unofficial_payment = models.BooleanField(_("asked for an unofficial payment"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["rated_at"], name="rating_rated_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__range=(1, 5), attitude__range=(1, 5),
                                   time_taken__range=(1, 5), clarity__range=(1, 5)),
                name="rating_scale",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.dossier} {self.overall}/5"

    @property
    def satisfied(self) -> bool:
        return self.overall >= 4

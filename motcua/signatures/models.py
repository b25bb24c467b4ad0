"""The results registry: every result issued (a licence, a certificate, a decision) with its
number, holder, dates, the signed file and its hash — revocable or replaceable with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierAttachment


class ResultStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced")


class Result(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="results"
    )
    # The signed file, attached to the signing step in the signing transaction.
    attachment = models.OneToOneField(
        DossierAttachment, verbose_name=_("signed file"), on_delete=models.PROTECT,
        related_name="result",
    )  # fmt: skip
    number = models.CharField(_("number"), max_length=80)
    title = models.CharField(_("result"), max_length=500)
    holder = models.CharField(_("holder"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, unique=True)
    # What the signature said when it was made (the file itself is the proof).
    signer = models.CharField(_("signed by"), max_length=500)
    certificate_serial = models.CharField(_("certificate serial"), max_length=80)
    signed_at = models.DateTimeField(_("signed at"))
    timestamped = models.BooleanField(_("timestamped"), default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signing authority"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # The public reference printed as a QR code on the result: opens its registry entry.
    reference = models.CharField(_("verification reference"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices,
                              default=ResultStatus.VALID)  # fmt: skip
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaces",
    )  # fmt: skip

    class Meta:
        verbose_name = _("issued result")
        verbose_name_plural = _("issued results")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on", "dossier"], name="result_number_once"
            ),
            models.CheckConstraint(
                condition=Q(status="valid") | ~Q(status_reason=""),
                name="result_status_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

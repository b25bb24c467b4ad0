"""The satisfaction survey (SIPAS): questionnaires as data, campaigns with their random sample,
one-time invitations, and the answers — which keep no personal data once a campaign closes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.dossiers.models import Dossier
from motcua.org.models import AdministrativeUnit


class Factor(models.IntegerChoices):
    """The five factors of the SIPAS method (Decision 1001/QĐ-BNV)."""

    ACCESS = 1, _("Access to the service")
    PROCEDURE = 2, _("The administrative procedure")
    OFFICIALS = 3, _("The officials")
    RESULT = 4, _("The result")
    FEEDBACK = 5, _("Handling of feedback")


class Aspect(models.TextChoices):
    PERCEPTION = "perception", _("Perception")
    SATISFACTION = "satisfaction", _("Satisfaction")
    EXPECTATION = "expectation", _("Expectation")
    OPEN = "open", _("Open question")


class Questionnaire(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300)
    minimum_sample = models.PositiveSmallIntegerField(
        _("minimum sample"), default=30,
        help_text=_("Below this number of answers a unit's index is not shown as a number."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE,
        related_name="questions",
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=20)
    factor = models.PositiveSmallIntegerField(
        _("factor"), choices=Factor.choices, null=True, blank=True
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="survey_question_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"

    @property
    def scaled(self) -> bool:
        return self.aspect != Aspect.OPEN


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Collecting answers")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=300)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT,
        related_name="campaigns",
    )  # fmt: skip
    start = models.DateField(_("dossiers returned from"))
    end = models.DateField(_("dossiers returned until"))
    closes_on = models.DateField(_("answers accepted until"))
    seed = models.BigIntegerField(_("sampling seed"))
    margin = models.DecimalField(_("margin of error"), max_digits=4, decimal_places=3,
                                 default="0.050")  # fmt: skip
    z = models.DecimalField(_("confidence (z)"), max_digits=4, decimal_places=2, default="1.96")
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-end", "-pk"]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(models.Model):
    """A unit surveyed: how many people it served in the period and how many to ask."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    population = models.PositiveIntegerField(_("dossiers returned"), default=0)
    target = models.PositiveIntegerField(_("sample"), default=0)

    class Meta:
        verbose_name = _("unit surveyed")
        verbose_name_plural = _("units surveyed")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="survey_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.unit}"


class Channel(models.TextChoices):
    LINK = "link", _("Invitation by SMS or e-mail")
    TRACKING = "tracking", _("Tracking page")
    KIOSK = "kiosk", _("Kiosk at the desk")
    PAPER = "paper", _("Paper form")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


class Invitation(models.Model):
    """One sampled dossier's invitation; its dossier is forgotten when the campaign closes."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    procedure_code = models.CharField(_("procedure"), max_length=40)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )  # fmt: skip
    token = models.CharField(_("token"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices,
        default=InvitationStatus.INVITED,
    )  # fmt: skip
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaced_by",
    )  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who recorded a refusal, and when (no history table: it would keep the dossier after the
    # campaign closes).
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("refusal recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "dossier"], name="survey_dossier_once",
                condition=models.Q(dossier__isnull=False),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.campaign} — {self.pk}"


class Response(models.Model):
    """One person's answers: the unit, the procedure and the channel — never who they are."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="responses"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    procedure_code = models.CharField(_("procedure"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    invitation = models.OneToOneField(
        Invitation, verbose_name=_("invitation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="response",
    )  # fmt: skip
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["campaign", "unit"], name="survey_response_unit")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("comment"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__range=(1, 5)),
                name="survey_answer_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response} — {self.question.code}"

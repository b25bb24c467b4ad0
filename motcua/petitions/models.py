"""Petitions (phản ánh, kiến nghị) received by the hotline and the other channels, each with a
deadline in working days and an immutable event per action, like a dossier (DESIGN.md
"Petitions"; Decree 20/2008/NĐ-CP art. 5–9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.events import Event
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline call")
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    TRANSFERRED = "transferred", _("Transferred from another level")
    OPEN311 = "open311", _("Open311 application")


class Kind(models.TextChoices):
    """Decree 20/2008/NĐ-CP art. 5, and what the same hotline receives beside it."""

    DELAY_OR_HARASSMENT = "delay", _("Delay, harassment or wrong application of a procedure")
    UNFIT_REGULATION = "unfit", _("A regulation unfit for reality")
    INCONSISTENT_REGULATIONS = "inconsistent", _("Inconsistent regulations")
    UNLAWFUL_REGULATION = "unlawful", _("An unlawful regulation")
    CONTRARY_TO_TREATIES = "treaty", _("A regulation contrary to international treaties")
    OTHER_REGULATION = "other_regulation", _("Other matters of administrative regulations")
    PROPOSAL = "proposal", _("Proposal or initiative")
    DOSSIER_COMPLAINT = "dossier", _("Complaint about a dossier's handling")
    STAFF_ATTITUDE = "attitude", _("Attitude of staff")
    QUESTION = "question", _("Question")
    OTHER = "other", _("Other")


class Action(models.TextChoices):
    """What can happen to a petition (each one event, PetitionEvent.action)."""

    RECEIVE = "receive", _("received")
    ASSIGN = "assign", _("assigned to the agency")
    REJECT = "reject", _("rejected")
    MERGE = "merge", _("merged")
    DRAFT_ANSWER = "draft_answer", _("answer drafted")
    APPROVE_ANSWER = "approve_answer", _("answer approved and sent")
    PUBLISH = "publish", _("answer published")
    TRANSFER = "transfer", _("transferred to the competent agency")
    EXTEND = "extend", _("deadline extended")
    REQUEST_SUPPLEMENT = "request_supplement", _("information asked of the petitioner")
    SUPPLY = "supply", _("information supplied by the petitioner")
    FOLLOW_UP = "follow_up", _("the petitioner's follow-up")
    ASK_FOLLOW_UP = "ask_follow_up", _("follow-up asked")
    ESCALATE = "escalate", _("overdue: escalated to the office")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, to triage")
    ASSIGNED = "assigned", _("Assigned to the agency")
    DRAFTED = "drafted", _("Answer drafted, awaiting the leader")
    APPROVED = "approved", _("Answer approved")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened: not resolved")
    AWAITING_PETITIONER = "awaiting_petitioner", _("Waiting for the petitioner's information")
    REJECTED = "rejected", _("Rejected (out of scope)")
    MERGED = "merged", _("Merged into another petition")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.DRAFTED,
        Status.APPROVED,
        Status.REOPENED,
        Status.AWAITING_PETITIONER,
    }
)


class Petition(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    secret = models.CharField(_("lookup secret"), max_length=16)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("content"))
    # The petitioner: never shown publicly (a published answer is rewritten without them).
    petitioner_name = models.CharField(_("petitioner"), max_length=255, blank=True)
    petitioner_phone = models.CharField(_("phone"), max_length=30, blank=True)
    petitioner_email = models.EmailField(_("email"), blank=True)
    petitioner_address = models.CharField(_("address"), max_length=500, blank=True)
    consent_to_publish = models.BooleanField(_("agrees to publication"), default=False)
    location = models.CharField(_("place"), max_length=500, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="petitions",
    )  # fmt: skip
    # What the petitioner wrote, kept even when no dossier has that code (staff check it; the
    # public form never says whether a code exists).
    given_dossier_code = models.CharField(_("dossier code given"), max_length=80, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency in charge"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="petitions",
    )  # fmt: skip
    office = models.ForeignKey(
        Agency, verbose_name=_("hotline office"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"))
    # The deadline the answer was held to, kept when the petition is later closed or reopened
    # (which change `due_at`): "answered on time" is judged against it.
    answer_due_at = models.DateTimeField(
        _("deadline the answer was held to"), null=True, blank=True
    )
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    # While the petitioner is asked for information the answer's clock stops (as a dossier's).
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    answer = models.TextField(_("answer"), blank=True)
    public_answer = models.TextField(_("published answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    resolved = models.BooleanField(_("resolved, says the petitioner"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="duplicates",
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True)
    public_folded = models.TextField(editable=False, blank=True)  # search in published answers

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="petition_status_due"),
            models.Index(fields=["agency", "status"], name="petition_agency_status"),
            models.Index(fields=["published_at"], name="petition_published"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PetitionEvent(Event):
    """An immutable record of one action on a petition."""

    # No index of its own: the unique (petition, sequence) index serves every lookup by petition.
    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="events",
        db_index=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["petition", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "sequence"], name="petition_event_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} #{self.sequence} {self.action}"


class PetitionSequence(models.Model):
    """The last petition number given on a day (gap-free codes)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Open311Key(models.Model):
    """A key an Open311 application creates requests with (GeoReport v2 `api_key`).

    Only a hash is stored; the key itself is shown once, when an administrator creates it."""

    name = models.CharField(_("application"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=30)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 key")
        verbose_name_plural = _("Open311 keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PetitionNotification(models.Model):
    """A message sent for one event to one petitioner by one channel (at most once); the
    petitioners of merged duplicates hear of the answer too."""

    event = models.ForeignKey(PetitionEvent, on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "petition", "channel"], name="petition_notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.channel}"


class PetitionAttachment(models.Model):
    """A photo or document the petitioner sent (PDF, JPEG or PNG); staff only."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to="petitions/%Y/%m/", max_length=300)

    def __str__(self) -> str:
        return self.name

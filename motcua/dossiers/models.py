"""Dossiers (hồ sơ), their step instances and their immutable events.

The status, current step, due instants and classification on a dossier are denormalised from
its events (DESIGN.md "Principles") so that lists and statistics are plain SQL; `motcua
verify-dossiers` rebuilds them from the events and reports any difference.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    ProcedureVersion,
    Process,
    ProcessStep,
    RequiredComponent,
    StepKind,
)
from motcua.core.events import Event
from motcua.dossiers.lifecycle import CORRECTIONS
from motcua.org.models import Agency, Role


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # online, not yet submitted
    SUBMITTED = "submitted", _("Submitted, waiting for the desk's check")
    RECEIVED = "received", _("Received")  # code, secret and appointment issued
    IN_PROGRESS = "in_progress", _("In progress")  # a step after reception is open
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplementation")  # clock paused
    APPROVED = "approved", _("Approved by the department leader")
    SIGNED = "signed", _("Signed")  # result issued
    READY_TO_RETURN = "ready_to_return", _("Result ready at the desk")
    RETURNED = "returned", _("Result returned")  # closed
    NOT_RECEIVED = "not_received", _("Not received")  # guided to complete, or refused at intake
    REFUSED = "refused", _("Refused")  # during resolution, with the refusal notice
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = frozenset(
    {
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.AWAITING_SUPPLEMENT,
        DossierStatus.APPROVED,
        DossierStatus.SIGNED,
        DossierStatus.READY_TO_RETURN,
    }
)


# A dossier's clock: (due instant or None, paused, new appointment or None).
ClockState = tuple[datetime | None, bool, datetime | None]
CLOCK_FIELDS = frozenset({"received_at", "due_at", "paused_at", "new_due_at"})


class TimelinessChoice(models.TextChoices):
    """Values of `dossiers.timing.Timeliness`."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    NO_TIME_LIMIT = "no_time_limit", _("No time limit")


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=80, unique=True, null=True, blank=True)
    # An online submission's own reference until the desk receives it and the code is issued
    # (issue 15 item 5): codes stay gap-free among received dossiers.
    reference = models.CharField(
        _("submission reference"), max_length=40, unique=True, null=True, blank=True
    )
    secret = models.CharField(_("lookup secret"), max_length=16, blank=True)
    # The legal regime of the receipt date, for the dossier's whole life (its code, its forms).
    regime = models.ForeignKey(
        "legal.LegalRegime",
        verbose_name=_("legal regime"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # No index of its own: the (agency, status) index serves every lookup by agency.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=30, choices=DossierStatus.choices)
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=20, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_folded = models.CharField(max_length=255, editable=False)
    applicant_id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("new appointment (apology)"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(_("supplementation requests"), default=0)
    # The documents handed in, and how many of them have no scan: kept by save_components so
    # the 766 index's "digitised" is a column, not a count over every component.
    components_count = models.PositiveSmallIntegerField(_("documents received"), default=0)
    unscanned_count = models.PositiveSmallIntegerField(_("documents without a scan"), default=0)
    # A fee recorded as paid, and one paid online (FeePayment), kept by dossier_fee_record.
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    fee_paid_online = models.BooleanField(_("fee paid online"), default=False)
    resolved_at = models.DateTimeField(_("result issued at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=20, choices=TimelinessChoice.choices, blank=True
    )
    current_step = models.ForeignKey(
        "DossierStep",
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    missing_items = models.JSONField(_("missing items"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # refusal, withdrawal or cancellation
    collected_by = models.CharField(_("collected by"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["agency", "status"], name="dossier_agency_status"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
            models.Index(fields=["resolved_at"], name="dossier_resolved_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "not_received"])
                | Q(code__isnull=False, received_at__isnull=False),
                name="dossier_received_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored, current = self.stored_values, self._column_values()
        written = kwargs.get("update_fields")
        if stored is not None and not args and not kwargs and not self._state.adding:
            written = kwargs["update_fields"] = [
                name
                for name, value in current.items()
                if name not in stored or stored[name] != value
            ]
        super().save(*args, **kwargs)
        if written is None or stored is None:
            self.stored_values = current if written is None else None
        else:
            attnames = (self._meta.get_field(name).attname for name in written)  # type: ignore[union-attr]
            self.stored_values = {**stored, **{name: current[name] for name in attnames}}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def handle(self) -> str:
        """What names the dossier in addresses and messages: its code once received, the
        submission reference before."""
        return self.code or self.reference or f"#{self.pk}"

    # The clock as the deadline history last recorded it (`DossierClock`), known from loading:
    # the engine writes a history row only when an action changed it, without a query to ask.
    recorded_clock: ClockState | Literal["unknown"] | None = None
    # The number of its last event when known without a query (0 for a new dossier, then each
    # event the engine appends), so that appending costs one statement. None: ask the table.
    last_event_sequence: int | None = None

    @property
    def clock_state(self) -> ClockState | None:
        """(due instant, paused, new appointment) once received; None before."""
        if self.received_at is None:
            return None
        return (self.due_at, self.paused_at is not None, self.new_due_at)

    # The columns as last loaded or saved: save() writes only those changed since (an action
    # changes a handful of the forty). None: a new dossier, or one saved as a whole.
    stored_values: dict[str, Any] | None = None

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Dossier:
        instance = super().from_db(db, field_names, values, **kwargs)
        if CLOCK_FIELDS.issubset(field_names):
            instance.recorded_clock = instance.clock_state
        else:
            instance.recorded_clock = "unknown"
        instance.stored_values = instance._column_values()
        return instance

    def _column_values(self) -> dict[str, Any]:
        """The loaded columns' values (lists and dicts copied: they change in place)."""
        values = {}
        for field in self._meta.concrete_fields:
            if field.primary_key or field.attname not in self.__dict__:
                continue
            value = self.__dict__[field.attname]
            values[field.attname] = (
                copy.deepcopy(value) if isinstance(value, list | dict) else value
            )
        return values


class DossierComponent(models.Model):
    """A document handed in, against the procedure's required list."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="components"
    )
    required = models.ForeignKey(
        RequiredComponent,
        verbose_name=_("required component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/", blank=True, max_length=300)
    # A digitised copy (Decree 45/2020): the scan certified as true to the original by the
    # clerk who saw it — reusable in the same person's later dossiers instead of asking again.
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("certified by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    certified_at = models.DateTimeField(_("certified at"), null=True, blank=True)
    reused_from = models.ForeignKey(
        "self", verbose_name=_("reused from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reuses",
    )  # fmt: skip

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class PaymentChannel(models.TextChoices):
    DESK = "desk", _("at the desk (cash or card)")
    ONLINE = "online", _("online (payment platform)")
    TRANSFER = "transfer", _("bank transfer")


class FeePayment(models.Model):
    """A fee or charge paid for a dossier, as the one-stop clerk recorded it (Decision 766,
    indicator 4.1: online payments count with their transaction reference)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    channel = models.CharField(_("paid"), max_length=10, choices=PaymentChannel.choices)
    reference = models.CharField(
        _("transaction reference"),
        max_length=100,
        blank=True,
        help_text=_("The payment platform's or the bank's reference; required for online."),
    )
    paid_at = models.DateTimeField(_("paid at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["dossier", "paid_at", "pk"]
        constraints = [
            # One transaction is one payment: the same reference cannot be recorded twice.
            models.UniqueConstraint(
                fields=["channel", "reference"],
                condition=~models.Q(reference=""),
                name="fee_payment_reference_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.get_channel_display()})"


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be taken")  # in the role's pool
    TAKEN = "taken", _("Taken")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")  # the dossier left the process before it ended


# The statuses of a step still in a work queue.
OPEN_STEP = Q(status__in=[StepStatus.PENDING.value, StepStatus.TAKEN.value])


class DossierStep(models.Model):
    """One pass of a dossier through one step of its process (a step may be passed again)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    process_step = models.ForeignKey(
        ProcessStep, verbose_name=_("process step"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("step kind"), max_length=20, choices=StepKind.choices)
    role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices)
    # Neither has an index of its own: the work queues, the only reads by either, use the open
    # steps' indexes (Meta); deleting an agency or a user (refused when a step names it) scans.
    agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )  # fmt: skip
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_steps",
        db_index=False,
    )
    co_handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-handlers"),
        blank=True,
        related_name="co_handled_steps",
        help_text=_("Colleagues who may comment on the step."),
    )
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    # The due instant the step started with; later ones are in its `clock` (StepClock).
    first_due_at = models.DateTimeField(_("first due at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=20, choices=TimelinessChoice.choices, blank=True
    )

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "started_at", "pk"]
        indexes = [
            # Open steps only, as the work queues read them (`selectors._open_steps_for`): a
            # step leaves both when it is done, and a district's years of done steps cost
            # neither space nor a write (docs/dossiers.md).
            models.Index(fields=["agency", "role"], condition=OPEN_STEP, name="step_open_pool"),
            models.Index(fields=["assignee"], condition=OPEN_STEP, name="step_open_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.position}. {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (StepStatus.PENDING, StepStatus.TAKEN)


class StepClock(models.Model):
    """A step's deadline history after its start: a row each time its clock stopped (documents
    asked for), resumed with a later due instant, or moved (calendar change). Before its first
    row a step runs to `first_due_at`. The department table judges a step open at the period's
    end with the row in force then, as the dossier table does with `DossierClock`."""

    step = models.ForeignKey(
        DossierStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="clock"
    )
    since = models.DateTimeField(_("in force since"))
    until = models.DateTimeField(_("in force until"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    paused = models.BooleanField(_("clock paused"), default=False)
    cause = models.CharField(_("cause"), max_length=30)

    class Meta:
        verbose_name = _("step deadline history")
        verbose_name_plural = _("step deadline history")
        ordering = ["step", "since", "pk"]
        indexes = [models.Index(fields=["step", "since"], name="step_clock_step_since")]

    def __str__(self) -> str:
        return f"{self.step_id} {self.cause} since {self.since:%Y-%m-%d %H:%M}"


class DossierAttachment(models.Model):
    """A file staff add to a step with an action: the draft result, an opinion, the signed scan."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="attachments"
    )
    step = models.ForeignKey(
        DossierStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="attachments"
    )
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/steps/", max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["dossier", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class DossierEvent(Event):
    """An immutable record of one action: the audit trail and the source of every statistic."""

    # No index of its own: the unique (dossier, sequence) index serves every lookup by dossier.
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="events",
        db_index=False,
    )  # fmt: skip
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    actor_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step = models.ForeignKey(
        DossierStep,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="event_sequence_unique"),
        ]
        # Only `stats.selectors.corrected_after` reads events by action and instant: the
        # corrections, a handful among millions of ordinary events.
        indexes = [
            models.Index(
                fields=["at"],
                condition=Q(action__in=[action.value for action in sorted(CORRECTIONS)]),
                name="event_correction_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.sequence} {self.action}"


class DossierClock(models.Model):
    """The deadline history: the dossier's clock as it stood from `since` until `until`.

    A row is written whenever the due instant, the pause or the new appointment changes, by the
    event that changed it (receipt, request for documents, supply, apology, calendar change,
    correction). The statistics judge an unfinished dossier by the row in force at the period's
    end (Decision 766/QĐ-TTg §2.1), so a later pause or correction never rewrites a past period.
    """

    # No index of its own: clock_dossier_since (dossier, since) serves every lookup by dossier.
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="clock",
        db_index=False,
    )  # fmt: skip
    since = models.DateTimeField(_("in force since"))
    until = models.DateTimeField(_("in force until"), null=True, blank=True)  # None: still
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)  # None: no limit
    new_due_at = models.DateTimeField(_("new appointment (apology)"), null=True, blank=True)
    paused = models.BooleanField(_("clock paused"), default=False)
    cause = models.CharField(_("cause"), max_length=30)  # the event's action
    event = models.ForeignKey(
        DossierEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("deadline history")
        verbose_name_plural = _("deadline history")
        ordering = ["dossier", "since", "pk"]
        indexes = [models.Index(fields=["dossier", "since"], name="clock_dossier_since")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.cause} since {self.since:%Y-%m-%d %H:%M}"


class DailySequence(models.Model):
    """The last dossier number given by an agency on a day (gap-free codes)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="daily_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class Notification(models.Model):
    """A message sent to the applicant for one event by one channel (at most once)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(DossierEvent, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.channel} #{self.event_id}"


class StaffNotice(models.Model):
    """A reminder sent to a staff member (daily digest, step due soon, step overdue), once per key.

    The row is written before the message is sent, so a job run twice (a retry, a second
    worker, a restart) never sends the same reminder twice.
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest")
        DUE_SOON = "due_soon", _("Step due soon")
        OVERDUE = "overdue", _("Step overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)  # the day of a digest; the step and its due instant
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="staff_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.key}"


class OnlineConfirmation(models.Model):
    """The one-time code that confirms an online draft (sent to the applicant's email or phone).

    Only a keyed hash of the code is stored; it expires, and a few wrong tries lock the draft.
    """

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="confirmation")
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=10)  # email | sms
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sends = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.dossier_id} via {self.channel}"

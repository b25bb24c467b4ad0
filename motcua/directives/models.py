"""The directives that govern the one-stop work (the seed is one): a directing document, its
items as tasks assigned to units with deadlines in working time, each unit's progress reports
with evidence, and the assigner's acceptance — every action an immutable event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.core.events import Event
from motcua.org.models import Agency


class Directive(models.Model):
    """A directing document (chỉ thị, công văn chỉ đạo, kế hoạch) as issued."""

    number = models.CharField(_("number"), max_length=60, help_text=_("e.g. 550/UBND-NV"))
    issued_on = models.DateField(_("issued on"))
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=500)
    file = models.FileField(
        _("the document"), upload_to="directives/%Y/", blank=True, max_length=300
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "number", "issued_on"], name="directive_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class Recurrence(models.TextChoices):
    ONCE = "", _("once")
    QUARTERLY = "quarterly", _("every quarter")
    YEARLY = "yearly", _("every year")


class TaskKind(models.TextChoices):
    TASK = "task", _("a task")
    REPORT = "report", _("a periodic CCHC report")  # drafted by motcua for the unit's period


class Task(models.Model):
    """One item of a directive: what to do, what "done" means, and by when."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("task"), max_length=300)
    content = models.TextField(_("what to do"), blank=True)
    done_means = models.TextField(_("done means"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices,
                            default=TaskKind.TASK)  # fmt: skip
    # The deadline: a date, or N working days from the directive's date; a recurring task is
    # due at the end of each quarter or year until `until`.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default="", blank=True
    )
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["directive", "position"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "position"], name="task_position"),
            models.CheckConstraint(
                condition=(
                    Q(recurrence="", due_on__isnull=False, working_days__isnull=True)
                    | Q(recurrence="", due_on__isnull=True, working_days__isnull=False)
                    | (~Q(recurrence="") & Q(until__isnull=False))
                ),
                name="task_has_one_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive.number} — {self.position}. {self.title}"


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported done, awaiting acceptance")
    DONE = "done", _("Done")


class Assignment(models.Model):
    """A task as one unit's work (lead or co-operating), for one period if it recurs."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("assigned to"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("leads"), default=True)
    period = models.CharField(_("period"), max_length=10, blank=True)  # 2018-Q2, 2018
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_STARTED,
    )  # fmt: skip
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)  # the accepted report's

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "period"], name="assignment_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="assignment_open_due")]

    def __str__(self) -> str:
        return f"{self.task} → {self.agency}{f' ({self.period})' if self.period else ''}"


class AssignmentEvent(Event):
    """An immutable record of one action on an assignment: a report, its acceptance or
    return, a reminder, an escalation."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["assignment", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "sequence"], name="assignment_event_sequence"
            ),
        ]


class Evidence(models.Model):
    """What a report points to: a file, or a link to a motcua record (a corrected process, a
    published list)."""

    event = models.ForeignKey(
        AssignmentEvent, verbose_name=_("report"), on_delete=models.PROTECT,
        related_name="evidence",
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to="directives/evidence/%Y/", blank=True,
                            max_length=300)  # fmt: skip
    name = models.CharField(_("name"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="evidence_is_a_file_or_a_link"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.link


# --- inspections --------------------------------------------------------------------------------


class Checklist(models.Model):
    """What an inspection checks, as data (the one-stop self-inspection; the Justice office's
    inspection of legal normative documents): corrected by administrators, with history."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection checklist")
        verbose_name_plural = _("inspection checklists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("what is checked"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "position"], name="checklist_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Inspection(models.Model):
    """One inspection of the plan: who inspects whom, when, against which checklist; then what
    was found. Its conclusion is a directing document whose tasks are the remediations."""

    inspecting_agency = models.ForeignKey(
        Agency, verbose_name=_("inspecting agency"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_agency = models.ForeignKey(
        Agency, verbose_name=_("inspected agency"), on_delete=models.PROTECT, related_name="+"
    )
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField(_("planned on"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    conclusion = models.OneToOneField(
        Directive, verbose_name=_("conclusion"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspection",
    )  # fmt: skip
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.checklist} — {self.inspected_agency} ({self.planned_on:%d/%m/%Y})"


class CheckResult(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("met"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="check_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {'✓' if self.passed else '✗'}"


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    SERIOUS = "serious", _("Serious")


class Finding(models.Model):
    """A shortcoming found, how serious, and the remediation task that tracks its fixing."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
        related_name="findings",
    )  # fmt: skip
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    task = models.OneToOneField(
        Task, verbose_name=_("remediation"), on_delete=models.PROTECT, related_name="finding"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class EmulationWeights(models.Model):
    """The weights of the yearly emulation score (directives.emulation), set by Home Affairs
    for a year; a year without a row uses the defaults."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    tasks = models.PositiveSmallIntegerField(_("directive tasks done on time"), default=30)
    reports = models.PositiveSmallIntegerField(_("reports submitted on time"), default=15)
    inspections = models.PositiveSmallIntegerField(_("inspection items met"), default=15)
    par = models.PositiveSmallIntegerField(_("PAR index"), default=20)
    statistics = models.PositiveSmallIntegerField(_("statistics targets"), default=20)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation weights")
        verbose_name_plural = _("emulation weights")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

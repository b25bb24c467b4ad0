"""The catalogue of administrative procedures (TTHC) and the agencies' internal processes.

Both are versioned and effective-dated. A published version never changes: a change is a new
version effective from a later date, and the one before it is then "superseded on" that date.
Dossiers keep the procedure version and the process they were received under.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from motcua.org.models import Agency, Role

# National codes look like `1.001234`, often localised (`1.011442.000.00.00.H38`); a province
# may also publish local codes. Upper-case letters, digits, dots and dashes.
procedure_code_validator = RegexValidator(
    r"^[0-9A-Z][0-9A-Z.\-]{1,59}$",
    _("A procedure code has digits, capital letters, dots and dashes, e.g. 1.001234."),
)


class Level(models.TextChoices):
    """The tier of government that carries out the procedure."""

    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class TimeLimitUnit(models.TextChoices):
    """Units of a legal time limit; the same values as `workcal.calendar.TimeLimitUnit`."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WITHIN_DAY = "within_day", _("within the day")


class OnlineLevel(models.TextChoices):
    NONE = "none", _("Not online")
    PARTIAL = "partial", _("Partial online service")
    FULL = "full", _("Full online service")


class SupplementClockRule(models.TextChoices):
    """A procedure's own rule for the clock after supplementation (legal.SupplementClock)."""

    REGIME = "", _("as the legal regime says")
    RESUME = "resume", _("resumes with the working time left")
    RESTART = "restart", _("restarts from the full time limit")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # editable, not used for dossiers
    PUBLISHED = "published", _("Published")  # immutable; in force from effective_from


class SearchSynonym(models.Model):
    """An everyday phrase and the catalogue's words for it ("sổ đỏ" → "giấy chứng nhận quyền
    sử dụng đất"), for the citizens' search; the reform office extends the list in the admin.
    An empty meaning drops the phrase ("hồ sơ", "thủ tục")."""

    phrase = models.CharField(_("what people say"), max_length=200, unique=True)
    means = models.CharField(_("the catalogue's words"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.means or '∅'}"


class Field(models.Model):
    """A domain of procedures (lĩnh vực): civil status, land, construction…"""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The identity of a procedure; what it says lives in its versions."""

    code = models.CharField(
        _("procedure code"), max_length=60, unique=True, validators=[procedure_code_validator]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class EffectiveDated(models.Model):
    """A version in force from `effective_from` until the next one takes over."""

    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    superseded_on = models.DateField(
        _("superseded on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the next published version took effect."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    def in_force_on(self, day: date) -> bool:
        return (
            self.status == VersionStatus.PUBLISHED
            and self.effective_from is not None
            and self.effective_from <= day
            and (self.superseded_on is None or day < self.superseded_on)
        )


def in_force_on(day: date) -> Q:
    """The filter for versions in force on `day` (one indexed range check, no subquery)."""
    return Q(status=VersionStatus.PUBLISHED, effective_from__lte=day) & (
        Q(superseded_on__isnull=True) | Q(superseded_on__gt=day)
    )


class ProcedureVersion(EffectiveDated):
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    name = models.CharField(_("name"), max_length=500)
    search_folded = models.CharField(max_length=600, editable=False, db_index=False)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="versions"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    implementing_agency = models.CharField(
        _("implementing agency"),
        max_length=500,
        help_text=_("As published, e.g. Phòng Tài chính - Kế hoạch; UBND cấp xã."),
    )
    deciding_agency = models.CharField(
        _("deciding authority"),
        max_length=500,
        help_text=_("Who issues the result, e.g. Chủ tịch UBND cấp huyện."),
    )
    time_limit_value = models.DecimalField(
        _("time limit"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    time_limit_unit = models.CharField(
        _("time limit unit"),
        max_length=20,
        choices=TimeLimitUnit.choices,
        blank=True,
        help_text=_("Empty when the law sets no time limit."),
    )
    time_limit_note = models.CharField(_("time limit note"), max_length=500, blank=True)
    fee_amount = models.PositiveBigIntegerField(
        _("fee (đồng)"),
        null=True,
        blank=True,
        help_text=_("A fixed amount; leave empty when the fee is a rule (see the fee text)."),
    )
    fee_text = models.TextField(_("fees and charges"), blank=True)
    result = models.TextField(_("result"))
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    accepts_desk = models.BooleanField(_("at the one-stop desk"), default=True)
    accepts_online = models.BooleanField(_("online"), default=False)
    accepts_post = models.BooleanField(_("by post"), default=False)
    online_level = models.CharField(
        _("online service level"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    # The decision that announced the procedure (Quyết định công bố, Decree 63/2010 Art. 15):
    # what the 766 index's "published on time" compares with the day the version took effect.
    announcement = models.CharField(
        _("announcement decision"),
        max_length=200,
        blank=True,
        help_text=_("The number of the decision announcing it, e.g. 1234/QĐ-UBND."),
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    supplement_clock = models.CharField(
        _("after supplementation, the clock"),
        max_length=10,
        choices=SupplementClockRule.choices,
        default=SupplementClockRule.REGIME,
        blank=True,
        help_text=_("Set only where the procedure's own law says so."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="procedure_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(effective_from__isnull=False),
                name="procedure_version_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "effective_from", "superseded_on"],
                name="procedure_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def time_limit_text(self) -> str:
        """The legal time limit in words: "3 ngày làm việc", "Trong ngày", "Không quy định"."""
        if not self.time_limit_unit or self.time_limit_value is None:
            return str(_("No time limit set by law"))
        unit = TimeLimitUnit(self.time_limit_unit)
        if unit is TimeLimitUnit.WITHIN_DAY:
            return str(_("Within the day"))
        value = self.time_limit_value.normalize()
        return f"{value:f} {unit.label}".replace(".", ",")

    @property
    def channels(self) -> list[str]:
        labels = [
            (self.accepts_desk, _("at the one-stop desk")),
            (self.accepts_online, _("online")),
            (self.accepts_post, _("by post")),
        ]
        return [str(label) for accepted, label in labels if accepted]


class RequiredComponent(models.Model):
    """A document the applicant hands in (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.CASCADE,
        related_name="components",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    is_optional = models.BooleanField(_("only in some cases"), default=False)
    template = models.FileField(
        _("form template"), upload_to="catalog/templates/%Y/", blank=True, max_length=300
    )

    class Meta:
        verbose_name = _("required component")
        verbose_name_plural = _("required components")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="component_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    """What a step of an internal process is for."""

    RECEIVE = "receive", _("Receive")
    ASSIGN = "assign", _("Assign")
    PROCESS = "process", _("Appraise and process")
    APPROVE = "approve", _("Department leader review and approval")
    SIGN = "sign", _("Signature of the signing authority")
    TRANSFER = "transfer", _("Inter-agency transfer")
    PAYMENT = "payment", _("Payment")
    RETURN = "return", _("Return the result")


class Process(EffectiveDated):
    """An agency's internal process (quy trình nội bộ) for one procedure."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="processes"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="processes",
        help_text=_("The agency whose one-stop desk receives dossiers under this process."),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("designed for procedure version"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")
        ordering = ["procedure__code", "agency__code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "number"], name="process_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(effective_from__isnull=False),
                name="process_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} — {self.agency.code} v{self.number}"


class ProcessStep(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("step kind"), max_length=20, choices=StepKind.choices)
    role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="process_steps",
    )
    duration_hours = models.DecimalField(
        _("duration (working hours)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    can_forward = models.BooleanField(_("may forward"), default=True)
    can_send_back = models.BooleanField(_("may send back"), default=True)
    can_request_supplement = models.BooleanField(_("may request supplementation"), default=False)
    can_refuse = models.BooleanField(_("may refuse"), default=False)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="step_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

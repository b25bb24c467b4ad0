"""Administrative units, agencies and the positions staff hold in them.

Both trees are data of any depth: a province → district → commune tree (until 30/06/2025) and a
province → commune tree (since 01/07/2025) are the same model; no tier is hard-coded.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitKind(models.TextChoices):
    """What an administrative unit is called; a label, not a tier."""

    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-governed city")
    DISTRICT = "district", _("District")
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")
    TOWN = "town", _("Town (thị xã)")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township (thị trấn)")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Specialised department")
    ADMINISTRATION_CENTRE = "administration_centre", _("Public Administration Centre")
    ONE_STOP_UNIT = "one_stop_unit", _("One-stop unit")
    OFFICE = "office", _("Office of the People's Council and People's Committee")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    OTHER = "other", _("Other agency")


class Role(models.TextChoices):
    """What a staff member does in an agency; permissions follow from it (org/access.py)."""

    CLERK = "clerk", _("One-stop clerk")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_LEADER = "department_leader", _("Department leader")
    SIGNING_AUTHORITY = "signing_authority", _("Signing authority")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    REFORM_OFFICER = "reform_officer", _("Reform officer")
    INSPECTOR = "inspector", _("Inspector")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


def check_tree_node(node: AdministrativeUnit | Agency, *, cycle_message: str | Promise) -> None:
    """Validity dates in order, and no node among its own ancestors."""
    if node.valid_to and node.valid_to < node.valid_from:
        raise ValidationError({"valid_to": _("The end of validity is before its start.")})
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.pk == node.pk:
            raise ValidationError({"parent": cycle_message})
        ancestor = ancestor.parent


class AdministrativeUnit(models.Model):
    code = models.CharField(_("official code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The unit that took over when this one was merged or abolished."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_tree_node(self, cycle_message=_("A unit cannot be inside itself."))


class Agency(models.Model):
    code = models.CharField(
        _("agency code"),
        max_length=40,
        unique=True,
        help_text=_("Used in dossier codes under the 2018 regime (Circular 01/2018/TT-VPCP)."),
    )
    electronic_id = models.CharField(
        _("electronic identifier"),
        max_length=40,
        blank=True,
        help_text=_(
            "The agency's electronic identifier (Decision 20/2020/QĐ-TTg), used in dossier "
            "codes since the 2025 regime."
        ),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The agency that took over its work when its unit was merged."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_tree_node(self, cycle_message=_("An agency cannot be inside itself."))


class Position(models.Model):
    """A staff member's role in one agency; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="positions"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(
        _("job title"),
        max_length=150,
        blank=True,
        help_text=_("As written on documents, e.g. Phó Chủ tịch, Trưởng phòng."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["agency__code", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="position_unique_role_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"

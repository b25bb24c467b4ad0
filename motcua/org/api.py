"""Read API of the organisation: units and agencies (reference data), staff (scoped)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from motcua.org import selectors
from motcua.org.access import visible_positions
from motcua.org.models import AdministrativeUnit, Agency, Position


class AdministrativeUnitSerializer(serializers.ModelSerializer[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "kind", "parent", "valid_from", "valid_to"]


class AgencySerializer(serializers.ModelSerializer[Agency]):
    class Meta:
        model = Agency
        fields = [
            "id", "code", "name", "kind", "unit", "parent", "email", "phone", "address",
            "valid_from", "valid_to",
        ]  # fmt: skip


class PositionSerializer(serializers.ModelSerializer[Position]):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "username", "full_name", "email", "agency", "role", "title"]


class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet[AdministrativeUnit]):
    """Administrative units: public reference data, readable by every staff member."""

    serializer_class = AdministrativeUnitSerializer

    def get_queryset(self) -> QuerySet[AdministrativeUnit]:
        return selectors.unit_list()


class AgencyViewSet(viewsets.ReadOnlyModelViewSet[Agency]):
    """Agencies: public reference data, readable by every staff member."""

    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.agency_list()


class PositionViewSet(viewsets.ReadOnlyModelViewSet[Position]):
    """Staff positions, limited to the agencies the user may read (contacts are personal data)."""

    serializer_class = PositionSerializer

    def get_queryset(self) -> QuerySet[Position]:
        return visible_positions(self.request.user).order_by("agency__code", "role", "id")

"""Catalogue API: procedures in force (public) and the audit of a process (staff, scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from motcua.catalog import selectors
from motcua.catalog.models import Level, ProcedureVersion, Process, ProcessStep, RequiredComponent
from motcua.core.errors import NotFound
from motcua.core.parsing import parse_id
from motcua.org.access import is_staff_member, scope_for
from motcua.org.models import Agency


class ComponentSerializer(serializers.ModelSerializer[RequiredComponent]):
    class Meta:
        model = RequiredComponent
        fields = ["position", "name", "originals", "copies", "is_optional"]


class StepSerializer(serializers.ModelSerializer[ProcessStep]):
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = ProcessStep
        fields = [
            "position", "name", "kind", "role", "agency", "duration_hours",
            "can_forward", "can_send_back", "can_request_supplement", "can_refuse",
        ]  # fmt: skip


class ProcessSerializer(serializers.ModelSerializer[Process]):
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Process
        fields = ["id", "agency", "number", "effective_from", "steps"]


class ProcedureSerializer(serializers.ModelSerializer[ProcedureVersion]):
    code = serializers.CharField(source="procedure.code")
    field = serializers.CharField(source="field.name")
    version = serializers.IntegerField(source="number")
    time_limit_text = serializers.CharField(read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "code", "name", "field", "level", "version", "effective_from",
            "time_limit_value", "time_limit_unit", "time_limit_text",
        ]  # fmt: skip


class ProcedureDetailSerializer(ProcedureSerializer):
    components = ComponentSerializer(many=True, read_only=True)
    processes = serializers.SerializerMethodField()

    class Meta(ProcedureSerializer.Meta):
        fields = [
            *ProcedureSerializer.Meta.fields,
            "implementing_agency", "deciding_agency", "time_limit_note", "fee_amount",
            "fee_text", "result", "conditions", "legal_basis", "accepts_desk", "accepts_online",
            "accepts_post", "online_level", "components", "processes",
        ]  # fmt: skip

    def get_processes(self, version: ProcedureVersion) -> list[dict[str, Any]]:
        processes = selectors.processes_for_procedure(version.procedure_id, timezone.localdate())
        return list(ProcessSerializer(processes, many=True).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="Words of the name or code; accents optional."
        ),
        OpenApiParameter("field", OpenApiTypes.INT),
        OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values),
        OpenApiParameter("agency", OpenApiTypes.STR, description="Receiving agency code."),
    ]
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet[ProcedureVersion]):
    """The procedures in force today (public information), with the current processes."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z.\-]+"

    def get_serializer_class(self) -> type[ProcedureSerializer]:
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureSerializer

    def get_queryset(self) -> QuerySet[ProcedureVersion]:
        params = self.request.query_params
        agency_code = params.get("agency")
        agency_id = None
        if agency_code:
            agency_id = (
                Agency.objects.filter(code=agency_code).values_list("pk", flat=True).first() or -1
            )
        field = params.get("field", "")
        level = params.get("level")
        return selectors.procedure_search(
            day=timezone.localdate(),
            query=params.get("q", "")[:200],
            field_id=parse_id(field),
            level=level if level in Level.values else None,
            agency_id=agency_id,
        )

    def get_object(self) -> ProcedureVersion:
        return selectors.procedure_version_in_force(self.kwargs["code"], timezone.localdate())


class FindingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    severity = serializers.CharField()
    blocking = serializers.BooleanField()
    step = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    fix = serializers.CharField()


class ProcessAuditView(APIView):
    """The audit findings of one process the user may read (as of today)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FindingSerializer(many=True))
    def get(self, request: Request, process_id: int) -> Response:
        process = (
            scope_for(request.user)
            .filter_readable(Process.objects.all())
            .filter(pk=process_id)
            .first()
        )
        if process is None or not is_staff_member(request.user):
            raise NotFound
        findings = selectors.process_findings(process, on=timezone.localdate())
        return Response(
            {
                "process": process.pk,
                "blocking": any(finding.blocking for finding in findings),
                "findings": FindingSerializer(findings, many=True).data,
            }
        )

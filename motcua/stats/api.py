"""Statistics API: the official table and the headline KPIs, over the dossiers the user reads."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.org.access import check_staff_member
from motcua.stats.exports import as_json
from motcua.stats.selectors import GroupBy
from motcua.stats.services import resolve_period, table_for

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "period", OpenApiTypes.STR, description="2018, 2018-Q2, 2018-H1, 2018-9M, 2018-05"
    ),
    OpenApiParameter("from", OpenApiTypes.DATE),
    OpenApiParameter("to", OpenApiTypes.DATE),
    OpenApiParameter("unit", OpenApiTypes.STR, description="Agency or administrative unit code."),
]


class StatsRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # the output key "label"
    received = serializers.IntegerField()
    resolved = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    early_rate = serializers.FloatField(allow_null=True)


class StatsTableSerializer(serializers.Serializer[Any]):
    rows = StatsRowSerializer(many=True)
    total = StatsRowSerializer()


def _table(request: Request, group_by: str) -> dict[str, Any]:
    check_staff_member(request.user)
    params = request.query_params
    start, end = resolve_period(
        period=params.get("period"), start=params.get("from"), end=params.get("to")
    )
    table = table_for(
        request.user, start=start, end=end, group_by=group_by, under=params.get("unit")
    )
    return as_json(table)


class StatsTableView(APIView):
    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("group_by", OpenApiTypes.STR, enum=[g.value for g in GroupBy]),
        ],
        responses=StatsTableSerializer,
        tags=["statistics"],
    )
    def get(self, request: Request) -> Response:
        """The statistics table (form II.06a) for a period, one row per group and the total."""
        return Response(_table(request, request.query_params.get("group_by", "agency")))


class StatsKpiView(APIView):
    @extend_schema(parameters=PERIOD_PARAMETERS, responses=StatsRowSerializer, tags=["statistics"])
    def get(self, request: Request) -> Response:
        """The headline numbers for a period: received, resolved, on-time and early rates."""
        body = _table(request, "channel")
        return Response({**body["total"], "from": body["from"], "to": body["to"],
                         "targets": body["targets"]})  # fmt: skip

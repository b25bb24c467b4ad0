"""Decision 766 index API (staff): `GET /api/v1/indices/766?period=2026-Q3[&unit=CODE]`, the
JSON of `motcua index766`."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.indices.services import index_report, units_in
from motcua.org.access import check_staff_member
from motcua.stats.services import resolve_period


class Index766View(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, description="2026, 2026-Q3, 2026-05"),
            OpenApiParameter("unit", OpenApiTypes.STR, description="a unit's code (else all)"),
        ],
        responses=OpenApiTypes.OBJECT,
        tags=["indices"],
    )
    def get(self, request: Request) -> Response:
        """Each unit's index: groups, indicators explained, "no_data" where data is missing."""
        check_staff_member(request.user)
        start, end = resolve_period(
            period=request.query_params.get("period") or "", start=None, end=None
        )
        units = units_in(start, end, request.query_params.get("unit") or None)
        return Response(index_report(units, start=start, end=end))

"""PAR index API (staff): the criteria sets, a set's report — the same JSON as
`motcua par report` — and one unit's scorecard from it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import NotFound
from motcua.org.access import check_staff_member
from motcua.par.models import CriteriaSet
from motcua.par.services import par_report


class CriteriaSetSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    level = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the output key
    direct_max = serializers.FloatField()
    survey_max = serializers.FloatField()
    self_assessment_due = serializers.DateField(allow_null=True)


class CriterionLineSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    max = serializers.FloatField()
    self = serializers.FloatField(allow_null=True)
    appraised = serializers.FloatField(allow_null=True)
    automatic = serializers.FloatField(allow_null=True)
    measured = serializers.FloatField(allow_null=True)
    evidence = serializers.CharField()


class FieldLineSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    max = serializers.FloatField()
    points = serializers.FloatField()
    change = serializers.FloatField(allow_null=True)


class UnitScoreSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    total = serializers.FloatField()
    direct = serializers.FloatField()
    survey = serializers.FloatField()
    rank = serializers.IntegerField()
    classification = serializers.CharField()
    previous_total = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    fields = FieldLineSerializer(many=True)  # type: ignore[assignment]  # the output key
    criteria = CriterionLineSerializer(many=True)


class ParReportSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    level = serializers.CharField()
    criteria_set = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the output key
    direct_max = serializers.FloatField()
    survey_max = serializers.FloatField()
    units = UnitScoreSerializer(many=True)


def _report(set_id: int) -> dict[str, Any]:
    criteria_set = CriteriaSet.objects.filter(pk=set_id).first()
    if criteria_set is None:
        raise NotFound
    return par_report(year=criteria_set.year, level=criteria_set.level)


class CriteriaSetListView(APIView):
    @extend_schema(responses=CriteriaSetSerializer(many=True), tags=["par"])
    def get(self, request: Request) -> Response:
        """The PAR criteria sets, newest year first."""
        check_staff_member(request.user)
        return Response(
            [
                {
                    "id": s.pk, "year": s.year, "level": s.level, "name": s.name,
                    "source": s.source, "direct_max": float(s.direct_max),
                    "survey_max": float(s.survey_max),
                    "self_assessment_due": s.self_assessment_due,
                }
                for s in CriteriaSet.objects.all()
            ]
        )  # fmt: skip


class CriteriaSetReportView(APIView):
    @extend_schema(responses=ParReportSerializer, tags=["par"])
    def get(self, request: Request, set_id: int) -> Response:
        """Every unit's index, rank, class, fields and criteria (as `motcua par report`)."""
        check_staff_member(request.user)
        return Response(_report(set_id))


class UnitScorecardView(APIView):
    @extend_schema(responses=UnitScoreSerializer, tags=["par"])
    def get(self, request: Request, set_id: int, unit_code: str) -> Response:
        """One unit's scorecard: each criterion's self, appraised and automatic points."""
        check_staff_member(request.user)
        unit = next((u for u in _report(set_id)["units"] if u["code"] == unit_code), None)
        if unit is None:
            raise NotFound
        return Response(unit)

"""Calendar API: the year's special days, and due instants in working time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.workcal.calendar import VIETNAM, CalendarError
from motcua.workcal.services import FIRST_YEAR, LAST_YEAR, calendar_for


class HolidaysQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


class SpecialDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    kind = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the output key "source"
    reference = serializers.CharField()

    class Meta:
        ref_name = "CalendarSpecialDay"


class AddQuery(serializers.Serializer[Any]):
    start = serializers.DateTimeField(default_timezone=VIETNAM)
    workdays = serializers.IntegerField(min_value=0, required=False)
    hours = serializers.FloatField(min_value=0, required=False)
    agency = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("workdays" in attrs) == ("hours" in attrs):
            raise serializers.ValidationError("Give exactly one of workdays and hours.")
        return attrs


class CalendarHolidaysView(APIView):
    @extend_schema(
        parameters=[HolidaysQuery], responses=SpecialDaySerializer(many=True), tags=["calendar"]
    )
    def get(self, request: Request) -> Response:
        """Days off and working weekend days of a year, with their source."""
        query = HolidaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        specials = calendar_for().special_days(query.validated_data["year"])
        return Response(SpecialDaySerializer(specials, many=True).data)


class AddResult(serializers.Serializer[Any]):
    start = serializers.DateTimeField()
    due = serializers.DateTimeField()


class CalendarAddView(APIView):
    @extend_schema(
        parameters=[
            AddQuery,
            OpenApiParameter("start", str, description="ISO date-time; +07:00 when no offset"),
        ],
        responses=AddResult,
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        """The instant after N working days (close of day) or H working hours."""
        query = AddQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        calendar = calendar_for(data.get("agency"))
        start: datetime = data["start"]
        try:
            if "workdays" in data:
                due = calendar.add_working_days(start, data["workdays"])
            else:
                due = calendar.add_working_hours(start, data["hours"])
        except CalendarError as error:
            raise serializers.ValidationError({"start": [str(error)]}) from None
        return Response({"start": start.astimezone(VIETNAM).isoformat(), "due": due.isoformat()})

"""Satisfaction survey API (staff): the campaigns and a campaign's report, the same JSON as
`motcua survey report`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import NotFound
from motcua.org.access import check_staff_member
from motcua.surveys.models import Campaign
from motcua.surveys.reports import campaign_report


class CampaignSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    closes_on = serializers.DateField()
    status = serializers.CharField()


class FactorResultSerializer(serializers.Serializer[Any]):
    factor = serializers.IntegerField()
    name = serializers.CharField()
    n = serializers.IntegerField()
    satisfied_share = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    expectation = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


class UnitResultSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField()
    target = serializers.IntegerField()
    invited = serializers.IntegerField()
    n = serializers.IntegerField()
    enough = serializers.BooleanField()
    index = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    margin = serializers.FloatField()
    factors = FactorResultSerializer(many=True)


class SurveyReportSerializer(serializers.Serializer[Any]):
    campaign = serializers.CharField()
    status = serializers.CharField()
    seed = serializers.IntegerField()
    minimum_sample = serializers.IntegerField()
    units = UnitResultSerializer(many=True)


class CampaignListView(APIView):
    @extend_schema(responses=CampaignSerializer(many=True), tags=["surveys"])
    def get(self, request: Request) -> Response:
        """The satisfaction survey campaigns, newest first."""
        check_staff_member(request.user)
        return Response(
            [
                {"id": c.pk, "name": c.name, "start": c.start, "end": c.end,
                 "closes_on": c.closes_on, "status": c.status}
                for c in Campaign.objects.all()
            ]
        )  # fmt: skip


class CampaignReportView(APIView):
    @extend_schema(responses=SurveyReportSerializer, tags=["surveys"])
    def get(self, request: Request, campaign_id: int) -> Response:
        """Each unit's index with its interval and each factor's results."""
        check_staff_member(request.user)
        campaign = Campaign.objects.select_related("questionnaire").filter(pk=campaign_id).first()
        if campaign is None:
            raise NotFound
        return Response(campaign_report(campaign))

"""Reads of the survey for other modules."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.surveys.models import Campaign, CampaignStatus


def surveying(unit_id: int) -> QuerySet[Campaign]:
    """The campaigns (collecting or closed) that survey this unit, newest first."""
    return Campaign.objects.filter(units__unit_id=unit_id).exclude(status=CampaignStatus.DRAFT)

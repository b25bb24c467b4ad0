"""A campaign's results: per unit the sample, the response rate per channel, the index with its
confidence interval (or "under the minimum sample"), each factor's satisfied share, mean,
expectation and gap, the index per procedure, and the comments grouped by factor."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from motcua.surveys import method
from motcua.surveys.models import (
    Answer,
    Aspect,
    Campaign,
    Factor,
    Invitation,
    InvitationStatus,
    Response,
)

FACTORS = [factor.value for factor in Factor]


def _rounded(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _respondents(campaign: Campaign) -> dict[int, tuple[int, str, method.Respondent]]:
    """response id → (unit id, procedure code, what they answered on the scales)."""
    satisfaction: dict[int, dict[int, int]] = defaultdict(dict)
    expectation: dict[int, dict[int, int]] = defaultdict(dict)
    answers = Answer.objects.filter(
        response__campaign=campaign, value__isnull=False, question__factor__isnull=False
    ).values_list("response_id", "question__factor", "question__aspect", "value")
    for response_id, factor, aspect, value in answers:
        if factor is None or value is None:
            continue
        if aspect == Aspect.SATISFACTION:
            satisfaction[response_id][factor] = value
        elif aspect == Aspect.EXPECTATION:
            expectation[response_id][factor] = value
    return {
        pk: (unit_id, procedure, method.Respondent(satisfaction[pk], expectation[pk]))
        for pk, unit_id, procedure in Response.objects.filter(campaign=campaign).values_list(
            "pk", "unit_id", "procedure_code"
        )
    }


def _index_json(result: method.UnitIndex) -> dict[str, Any]:
    return {
        "n": result.n,
        "enough": result.enough,
        "index": _rounded(result.index) if result.enough else None,
        "ci_low": _rounded(result.ci[0]) if result.ci and result.enough else None,
        "ci_high": _rounded(result.ci[1]) if result.ci and result.enough else None,
    }


def campaign_report(campaign: Campaign) -> dict[str, Any]:
    minimum = campaign.questionnaire.minimum_sample
    z = float(campaign.z)
    people = _respondents(campaign)
    by_unit: dict[int, list[tuple[str, method.Respondent]]] = defaultdict(list)
    for unit_id, procedure, respondent in people.values():
        by_unit[unit_id].append((procedure, respondent))
    channels: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, channel, count in (
        Response.objects.filter(campaign=campaign)
        .values_list("unit_id", "channel")
        .annotate(count=Count("pk"))
    ):
        channels[unit_id][channel] = count
    invited = dict(
        Invitation.objects.filter(campaign=campaign)
        .exclude(status=InvitationStatus.REFUSED)
        .values_list("unit_id")
        .annotate(count=Count("pk"))
    )
    comments: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for unit_id, factor, text in (
        Answer.objects.filter(response__campaign=campaign, question__aspect=Aspect.OPEN)
        .exclude(text="")
        .values_list("response__unit_id", "question__factor", "text")
    ):
        comments[unit_id][str(factor or "other")].append(text)
    units = []
    for surveyed in campaign.units.select_related("unit").order_by("unit__code"):
        answered = by_unit.get(surveyed.unit_id, [])
        result = method.unit_index([r for _p, r in answered], factors=FACTORS, minimum=minimum, z=z)
        procedures = defaultdict(list)
        for procedure, respondent in answered:
            procedures[procedure].append(respondent)
        units.append(
            {
                "code": surveyed.unit.code,
                "name": surveyed.unit.name,
                "population": surveyed.population,
                "target": surveyed.target,
                "margin": _rounded(method.margin_of_error(result.n, surveyed.population, z=z)),
                "invited": invited.get(surveyed.unit_id, 0),
                "channels": channels.get(surveyed.unit_id, {}),
                **_index_json(result),
                "factors": [
                    {
                        "factor": factor.factor,
                        "name": str(Factor(factor.factor).label),
                        "n": factor.n,
                        "satisfied_share": _rounded(factor.satisfied_share),
                        "mean": _rounded(factor.mean),
                        "expectation": _rounded(factor.expectation),
                        "gap": _rounded(factor.gap),
                        "ci_low": _rounded(factor.ci[0]) if factor.n else None,
                        "ci_high": _rounded(factor.ci[1]) if factor.n else None,
                    }
                    for factor in result.factors
                ],
                "procedures": [
                    {
                        "code": code,
                        **_index_json(
                            method.unit_index(group, factors=FACTORS, minimum=minimum, z=z)
                        ),
                    }
                    for code, group in sorted(procedures.items())
                ],
                "comments": dict(comments.get(surveyed.unit_id, {})),
            }
        )
    return {
        "campaign": campaign.name,
        "period": [campaign.start.isoformat(), campaign.end.isoformat()],
        "status": campaign.status,
        "seed": campaign.seed,
        "minimum_sample": minimum,
        "units": units,
    }


def unit_trend(campaign: Campaign, report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """For each unit of the campaign: its index in every campaign that surveyed it up to this
    one (oldest first), or "too few answers"; `report` is this campaign's, already computed."""
    trend: dict[str, list[dict[str, Any]]] = defaultdict(list)
    codes = set(campaign.units.values_list("unit__code", flat=True))
    earlier = (
        Campaign.objects.filter(units__unit__code__in=codes, end__lte=campaign.end)
        .exclude(status="draft")
        .select_related("questionnaire")
        .distinct()
        .order_by("end", "pk")
    )
    for past in earlier:
        for unit in (report if past.pk == campaign.pk else campaign_report(past))["units"]:
            if unit["code"] in codes:
                trend[unit["code"]].append(
                    {"campaign": past.name, "end": past.end, "index": unit["index"]}
                )
    return dict(trend)

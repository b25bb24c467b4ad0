"""The demo's satisfaction survey: a campaign over the dossiers the district and today's commune
(Xã Bình Xuyên, Hương Canh's successor) returned in the last four months, its sample drawn from
a recorded seed, and SAMPLE answers (generated, marked so) from about seven in ten of those
invited — enough for an index."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.surveys.models import Aspect, Campaign, InvitationStatus
from motcua.surveys.services import (
    campaign_create,
    campaign_draw,
    questionnaire_default,
    response_submit,
)

SEED = 20260101
NAME = "Khảo sát sự hài lòng (MẪU)"
# How likely each score is for a SAMPLE respondent, by aspect (1..5).
WEIGHTS = {Aspect.PERCEPTION: [2, 4, 12, 50, 32], Aspect.SATISFACTION: [2, 5, 13, 48, 32],
           Aspect.EXPECTATION: [1, 3, 16, 45, 35]}  # fmt: skip


def load_demo(**_options: object) -> None:
    if Campaign.objects.filter(name=NAME).exists():
        return
    actor = User.objects.filter(username="admin").first()
    if actor is None:
        return
    today = timezone.localdate()
    campaign = campaign_create(
        actor=actor, name=NAME, questionnaire=questionnaire_default(today.year),
        start=today - timedelta(days=120), end=today, closes_on=today + timedelta(days=30),
        unit_codes=["251", "25.01"], seed=SEED,
    )  # fmt: skip
    campaign_draw(actor=actor, campaign_id=campaign.pk)
    rng = random.Random(SEED)  # noqa: S311 — sample data, the same at every load
    questions = list(campaign.questionnaire.questions.all())
    for invitation in campaign.invitations.filter(status=InvitationStatus.INVITED).order_by("pk"):
        if rng.random() > 0.7:
            continue  # not answered (yet)
        answers = {
            q.code: str(rng.choices(range(1, 6), WEIGHTS[Aspect(q.aspect)])[0])
            for q in questions
            if q.scaled
        }
        response_submit(token=invitation.token, answers=answers, channel="link")

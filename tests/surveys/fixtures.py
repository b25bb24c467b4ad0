"""Fixtures of the survey tests, loaded for every test by tests/conftest.py (browser tests too)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.dossiers.models import DossierStatus
from motcua.org.models import Role
from motcua.surveys.services import campaign_create, questionnaire_default
from tests.factories import staff


@pytest.fixture
def reform(world):
    return staff(Role.REFORM_OFFICER, world.district.committee)


@pytest.fixture
def make_campaign(world, reform):
    """A campaign over March 2019 (when the world's dossiers are returned) for Xã A and Xã B."""

    def make(*, returned: int = 0, margin: str = "0.05", seed: int = 7, minimum: int = 30):
        for _number in range(returned):
            world.dossier_in(DossierStatus.RETURNED)
        questionnaire = questionnaire_default(2019)
        questionnaire.minimum_sample = minimum
        questionnaire.save()
        return campaign_create(
            actor=reform, name="Khảo sát quý I/2019", questionnaire=questionnaire,
            start=date(2019, 3, 1), end=date(2019, 3, 31),
            closes_on=timezone.localdate() + timedelta(days=30),
            unit_codes=[world.district.desk_a.unit.code, world.district.desk_b.unit.code],
            seed=seed, margin=Decimal(margin),
        )  # fmt: skip

    return make


def full_answers(satisfaction: list[int], **others: str) -> dict[str, str]:
    """Every factor's satisfaction question answered, with any other answers given."""
    answers = {f"{factor}.HL": str(score) for factor, score in enumerate(satisfaction, 1)}
    return {**answers, **others}

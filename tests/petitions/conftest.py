"""The test district with a hotline office and its operator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from motcua.accounts.models import User
from motcua.org.models import Agency, Role
from tests.factories import AgencyFactory, staff


@dataclass
class Hotline:
    office: Agency
    operator: User
    specialist: User
    leader: User


@pytest.fixture
def hotline(district, staffed, settings) -> Hotline:
    office = AgencyFactory.create(
        name="Văn phòng HĐND và UBND huyện", kind="office", unit=district.committee.unit,
        parent=district.committee,
    )  # fmt: skip
    settings.MOTCUA_HOTLINE_OFFICE = office.code
    return Hotline(
        office=office,
        operator=staff(Role.HOTLINE_OPERATOR, office, full_name="Vũ Văn Nam"),
        specialist=staffed["specialist"],
        leader=staffed["leader"],
    )

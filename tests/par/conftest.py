from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.org.models import UnitKind
from motcua.par.models import Assessment, CriteriaSet, Criterion


@pytest.fixture
def commune_set(world):
    """A 70 + 30 commune set with one field and one criterion, and Xã A's open assessment."""
    criteria_set = CriteriaSet.objects.create(
        year=2026, level=UnitKind.COMMUNE, name="Bộ chỉ số CCHC cấp xã 2026 (thử)", source="thử",
        direct_max=Decimal(70), survey_max=Decimal(30), classes=[[90, "Xuất sắc"], [0, "Khác"]],
    )  # fmt: skip
    field = Criterion.objects.create(
        criteria_set=criteria_set, code="1", name="Công tác chỉ đạo", position=1,
        max_points=Decimal(70),
    )  # fmt: skip
    leaf = Criterion.objects.create(
        criteria_set=criteria_set, parent=field, code="1.1", name="Ban hành kế hoạch CCHC",
        position=2, max_points=Decimal(70),
    )  # fmt: skip
    unit = world.district.desk_a.unit
    assessment = Assessment.objects.create(
        criteria_set=criteria_set, unit=unit, survey_score=Decimal("25.5")
    )
    return criteria_set, leaf, assessment

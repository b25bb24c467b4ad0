"""Who may read a dossier is one rule written twice: as a filter for lists and searches
(`dossiers_for`) and for one loaded dossier before an action (`dossier_readable_by`, which
spares the engine a query). The two must never disagree, for any user and any state."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.selectors import dossier_readable_by, dossiers_for
from motcua.org.models import Role
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

# Every state a dossier can be walked to through the services (tests/worlds.py).
WALKED = (
    DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.NOT_RECEIVED,
    DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.AWAITING_SUPPLEMENT,
    DossierStatus.REFUSED, DossierStatus.APPROVED, DossierStatus.READY_TO_RETURN,
    DossierStatus.RETURNED, DossierStatus.WITHDRAWN, DossierStatus.CANCELLED,
)  # fmt: skip


def test_the_rule_for_one_dossier_is_the_rule_of_the_list(world):
    district = world.district
    walked = {status: world.dossier_in(status) for status in WALKED}
    users: list[User] = [
        world.admin, world.clerk, world.specialist, world.leader, world.chairman,
        world.other_leader,
        staff(Role.CLERK, district.desk_b),
        staff(Role.CENTRE_MANAGER, district.desk_a),
        staff(Role.INSPECTOR, district.committee),
        staff(Role.REFORM_OFFICER, district.committee),
        staff(Role.HOTLINE_OPERATOR, district.committee),
        UserFactory.create(),  # holds no position
    ]  # fmt: skip
    dossiers = list(Dossier.objects.select_related("current_step"))
    assert len(dossiers) == len(walked)
    disagreements = []
    readable_somewhere = set()
    for user in users:
        listed = set(dossiers_for(user).values_list("pk", flat=True))
        for dossier in dossiers:
            one = dossier_readable_by(user, dossier)
            if one != (dossier.pk in listed):
                disagreements.append((user.username, dossier.status, one))
            if one:
                readable_somewhere.add(dossier.status)
    assert disagreements == []
    # Not a vacuous agreement: every state but the applicant's draft is read by someone, and
    # someone without a position reads none.
    assert readable_somewhere == set(WALKED) - {DossierStatus.DRAFT}
    outsider = users[-1]
    assert not any(dossier_readable_by(outsider, dossier) for dossier in dossiers)

"""The staff dossier pages: scoped list with filters, and the dossier page with its timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_step_act
from motcua.org.models import Role
from tests.dossiers.conftest import vn
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_the_dossier_page_shows_the_process_and_the_timeline(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    dossier_step_act(actor=world.clerk, dossier_id=dossier.pk, action=Action.FORWARD,
                     at=vn(2019, 3, 4, 9))  # fmt: skip
    client.force_login(world.clerk)
    page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    for text in ("Nguyễn Văn An", "07/03/2019 17:00", "Thẩm định", "tiếp nhận", "chuyển tiếp",
                 "Chờ nhận xử lý"):  # fmt: skip
        assert text in page
    assert dossier.secret not in page  # the lookup secret is the applicant's, shown once


def test_the_list_is_scoped_and_searchable_without_accents(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.clerk)
    found = client.get(reverse("staff-dossiers"), {"q": "nguyen van an"}).content.decode()
    assert dossier.code in found
    client.force_login(staff(Role.CLERK, world.district.desk_b))
    assert dossier.code not in client.get(reverse("staff-dossiers")).content.decode()
    assert client.get(reverse("staff-dossier", args=[dossier.code])).status_code == 404

"""A dossier's save() writes the columns changed since it was loaded or saved — no more, and
never fewer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier
from tests.worlds import vn

pytestmark = pytest.mark.django_db


def test_a_column_changed_elsewhere_survives_a_save_that_did_not_touch_it(world):
    dossier = Dossier.objects.get(pk=world.receive(vn(2019, 3, 4, 8)).pk)
    Dossier.objects.filter(pk=dossier.pk).update(collected_by="Bình")  # another writer
    dossier.reason = "Lý do"
    with CaptureQueriesContext(connection) as captured:
        dossier.save()
    (update,) = [q["sql"] for q in captured if q["sql"].startswith("UPDATE")]
    assert "reason" in update
    assert "applicant_name" not in update
    dossier.refresh_from_db()
    assert (dossier.reason, dossier.collected_by) == ("Lý do", "Bình")


def test_a_change_left_out_of_an_explicit_save_is_written_by_the_next(world):
    dossier = Dossier.objects.get(pk=world.receive(vn(2019, 3, 4, 8)).pk)
    dossier.reason = "Lý do"
    dossier.components_count = 7
    dossier.save(update_fields=["components_count"])
    dossier.save()
    dossier.refresh_from_db()
    assert (dossier.reason, dossier.components_count) == ("Lý do", 7)


def test_a_list_changed_in_place_is_written_and_an_unchanged_dossier_writes_nothing(world):
    dossier = Dossier.objects.get(pk=world.receive(vn(2019, 3, 4, 8)).pk)
    dossier.missing_items.append("Bản sao sổ hộ khẩu")
    dossier.save()
    with CaptureQueriesContext(connection) as captured:
        dossier.save()
    assert not [q for q in captured if q["sql"].startswith("UPDATE")]
    assert Dossier.objects.get(pk=dossier.pk).missing_items == ["Bản sao sổ hộ khẩu"]

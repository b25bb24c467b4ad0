from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier, DossierStatus
from motcua.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    settings.MOTCUA_DEMO_DOSSIERS = 60


def test_the_demo_walks_dossiers_through_their_processes_and_they_verify():
    call_command("demo", stdout=StringIO())
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert DossierStatus.RETURNED in statuses
    assert statuses & {DossierStatus.IN_PROGRESS, DossierStatus.READY_TO_RETURN}
    online = Dossier.objects.filter(status=DossierStatus.SUBMITTED)
    assert online.count() == 4  # waiting for the desk's check, with their scans
    assert all(d.components.exclude(file="").exists() for d in online)
    resolved = Dossier.objects.exclude(resolved_at=None)
    assert set(resolved.values_list("timeliness", flat=True)) <= {"early", "on_time", "late"}
    out = StringIO()
    call_command("verify-dossiers", stdout=out)
    assert "0 differ" in out.getvalue()
    assert set(Petition.objects.values_list("status", flat=True)) == {
        "received", "assigned", "drafted", "answered",
    }  # fmt: skip
    made = Dossier.objects.count(), Petition.objects.count()
    call_command("demo", stdout=StringIO())  # idempotent
    assert (Dossier.objects.count(), Petition.objects.count()) == made

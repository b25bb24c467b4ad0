"""The test PKI (certomancer: root, signers, OCSP responder, timestamp authority on loopback)
and a SoftHSM2 token, made once per test session."""

from __future__ import annotations

import pytest

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_step_act
from tests.pki import softhsm_token, start_pki
from tests.worlds import vn


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    started = start_pki(tmp_path_factory.mktemp("pki"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def token(pki):
    return softhsm_token(pki.directory, pki)


@pytest.fixture
def trusted(settings, pki):
    """motcua configured with the test root and the test timestamp authority."""
    settings.MOTCUA_SIGNATURE_TRUST_ROOTS = [pki.root_pem()]
    settings.MOTCUA_TIMESTAMP_URL = pki.timestamp_url
    return pki


def at_signature(world):
    """A dossier received, processed and approved: waiting for the chairman's signature."""
    dossier = world.receive(vn(2026, 3, 2, 9))
    for actor, action in ((world.clerk, Action.FORWARD), (world.specialist, Action.FORWARD),
                          (world.leader, Action.APPROVE)):  # fmt: skip
        dossier = dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action,
                                   at=vn(2026, 3, 2, 10))  # fmt: skip
    return dossier

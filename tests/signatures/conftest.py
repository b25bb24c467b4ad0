"""A dossier waiting for its signature (the test PKI's fixtures are in tests/pki.py)."""

from __future__ import annotations

from motcua.dossiers.lifecycle import Action
from motcua.dossiers.services import dossier_step_act
from tests.worlds import vn


def at_signature(world):
    """A dossier received, processed and approved: waiting for the chairman's signature."""
    dossier = world.receive(vn(2026, 3, 2, 9))
    for actor, action in ((world.clerk, Action.FORWARD), (world.specialist, Action.FORWARD),
                          (world.leader, Action.APPROVE)):  # fmt: skip
        dossier = dossier_step_act(actor=actor, dossier_id=dossier.pk, action=action,
                                   at=vn(2026, 3, 2, 10))  # fmt: skip
    return dossier

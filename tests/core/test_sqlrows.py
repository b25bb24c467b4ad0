"""The engine's hand-written reads give the instances the ORM would: same values, same types,
on SQLite (text dates, integer booleans) and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.catalog.models import ProcessStep
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, DossierStatus, DossierStep
from motcua.dossiers.services.engine import action_reads, locked, process_step_after

pytestmark = pytest.mark.django_db


def columns_of(instance) -> dict[str, tuple[type, object]]:
    return {
        field.attname: (type(getattr(instance, field.attname)), getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
    }


def test_the_locked_dossier_and_its_step_are_the_orms(world):
    paused = world.dossier_in(DossierStatus.AWAITING_SUPPLEMENT)  # JSON lists, a pause, dates
    dossier = locked(paused.pk, reader=world.specialist)

    expected = Dossier.objects.get(pk=paused.pk)
    assert expected.missing_items or expected.supplement_requests  # not an empty dossier
    assert columns_of(dossier) == columns_of(expected)
    assert dossier.stored_values == expected.stored_values  # save() writes only what changes
    assert dossier.recorded_clock == expected.recorded_clock
    assert dossier.current_step is not None
    step = DossierStep.objects.select_related("process_step").get(pk=dossier.current_step.pk)
    assert columns_of(dossier.current_step) == columns_of(step)
    assert columns_of(dossier.current_step.process_step) == columns_of(step.process_step)
    assert dossier.last_event_sequence == expected.events.count()


def test_the_next_process_step_comes_with_its_agency(world):
    dossier = world.dossier_in(DossierStatus.IN_PROGRESS)
    step = DossierStep.objects.select_related("process_step").get(
        dossier=dossier, finished_at__isnull=True
    )
    following = process_step_after(step)

    expected = (
        ProcessStep.objects.filter(process_id=step.process_step.process_id,
                                   position__gt=step.position)
        .select_related("agency").order_by("position").first()
    )  # fmt: skip
    assert columns_of(following) == columns_of(expected)
    assert columns_of(following.agency) == columns_of(expected.agency)
    last = DossierStep(process_step=ProcessStep.objects.order_by("-position").first(), position=99)
    assert process_step_after(last) is None


def test_a_dossier_that_does_not_exist_is_not_found(world):
    with pytest.raises(NotFound):
        locked(10**9, reader=None)


def test_the_action_reads_lock_on_postgresql_and_not_on_sqlite():
    reads = action_reads(connection.alias)
    if connection.vendor == "postgresql":
        assert reads.dossier_sql.endswith(" FOR UPDATE")
        assert reads.step_sql.endswith(" FOR UPDATE OF s")
    else:
        assert "FOR UPDATE" not in reads.dossier_sql + reads.step_sql

"""The engine's hand-written reads give the instances the ORM would: same values, same types,
on SQLite (text dates, integer booleans) and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from motcua.catalog.models import ProcedureVersion, Process, ProcessStep
from motcua.catalog.selectors import procedure_version_in_force
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier, DossierStatus, DossierStep
from motcua.dossiers.services.engine import (
    action_reads,
    catalogue_in_force,
    in_force_process,
    locked,
    process_step_after,
    version_in_force,
)
from tests.worlds import publish

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


def test_the_intakes_catalogue_read_is_the_orms_on_every_day(world):
    """One statement for the version in force and the desk's process in force: the same
    answer as the two selectors, before, during and after each one's validity."""
    publish(world.admin, day=date(2021, 7, 1), fee_text="100.000 đồng")  # version 2
    desk, justice = world.district.desk_a, world.district.justice
    days = [date(2017, 12, 31), date(2018, 1, 1), date(2021, 6, 30), date(2021, 7, 1),
            date(2030, 1, 1)]  # fmt: skip
    seen: set[int | str] = set()
    for day in days:
        for agency in (desk, justice):
            for code in ("1.000894", " 1.000894 ", "9.999999"):
                expected: tuple[ProcedureVersion, Process] | DomainError
                found: tuple[ProcedureVersion, Process] | DomainError
                try:
                    version = version_in_force(code, day)
                    expected = (version, in_force_process(version, agency, day))
                except DomainError as refusal:
                    expected = refusal
                try:
                    found = catalogue_in_force(code, agency, day)
                except DomainError as refusal:
                    found = refusal
                if isinstance(expected, DomainError):
                    assert isinstance(found, DomainError)
                    assert (str(found), found.field) == (str(expected), expected.field)
                    seen.add(str(found)[:12])
                    continue
                assert not isinstance(found, DomainError), found
                (version, process), (orm_version, orm_process) = found, expected
                seen.add(version.number)
                assert columns_of(version) == columns_of(orm_version)
                assert columns_of(version.procedure) == columns_of(orm_version.procedure)
                assert columns_of(version.field) == columns_of(orm_version.field)
                assert [columns_of(c) for c in version.components.all()] == [
                    columns_of(c) for c in orm_version.components.all()
                ]
                assert columns_of(process) == columns_of(orm_process)
                assert columns_of(process.procedure_version) == columns_of(
                    orm_process.procedure_version
                )
                assert process.agency.pk == agency.pk
    assert {1, 2} <= seen  # both versions were met
    assert len(seen) == 4  # and both refusals


def test_the_intakes_catalogue_read_is_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the version and process, then the documents
        version, _process = catalogue_in_force("1.000894", world.district.desk_a, date(2024, 1, 1))
        assert len(version.components.all()) == 3
    assert version == procedure_version_in_force("1.000894", date(2024, 1, 1))

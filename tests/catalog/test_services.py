"""Versions, effective dates and publishing through the services."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.audit import FindingCode
from motcua.catalog.models import ProcedureVersion, Process, VersionStatus
from motcua.catalog.selectors import (
    procedure_version_in_force,
    process_audit_report,
    processes_in_force,
)
from motcua.catalog.services import (
    ProcessRejected,
    procedure_draft_save,
    procedure_version_publish,
    process_draft_save,
    process_publish,
)
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import procedure_data, publish, standard_steps

pytestmark = pytest.mark.django_db


def test_a_new_version_takes_over_on_its_date_and_the_old_one_stays(admin):
    first = publish(admin, day=date(2020, 1, 1))
    second = publish(admin, day=date(2021, 7, 1), fee_text="100.000 đồng")
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.superseded_on == date(2021, 7, 1)
    assert procedure_version_in_force("1.000894", date(2021, 6, 30)).pk == first.pk
    assert procedure_version_in_force("1.000894", date(2021, 7, 1)).pk == second.pk
    with pytest.raises(NotFound):
        procedure_version_in_force("1.000894", date(2019, 12, 31))
    # The old version is kept whole: history for dossiers received under it.
    assert first.fee_text == "Theo nghị quyết HĐND tỉnh"
    assert first.components.values_list("name", flat=True)[0] == "Tờ khai đăng ký kết hôn"


def test_a_version_cannot_take_effect_before_the_one_in_force(admin):
    publish(admin, day=date(2021, 1, 1))
    draft = procedure_draft_save(actor=admin, code="1.000894", data=procedure_data(name="Mới"))
    with pytest.raises(DomainError, match="01/01/2021"):
        procedure_version_publish(actor=admin, version=draft, effective_from=date(2021, 1, 1))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_published_again(admin):
    version = publish(admin)
    with pytest.raises(DomainError):
        procedure_version_publish(actor=admin, version=version, effective_from=date(2030, 1, 1))


def test_text_is_normalised_and_folded_for_search(admin):
    decomposed = unicodedata.normalize("NFD", "  Đăng  ký khai sinh ")
    version = publish(admin, code="1.001193", name=decomposed)
    assert version.name == unicodedata.normalize("NFC", "Đăng ký khai sinh")
    assert version.search_folded == "1.001193 dang ky khai sinh"


def test_invalid_data_names_the_field_and_writes_nothing(admin):
    with pytest.raises(DomainError) as error:
        procedure_draft_save(
            actor=admin,
            code="1.000894",
            data=procedure_data(time_limit_value=Decimal(3), time_limit_unit=None),
        )
    assert error.value.field == "time_limit_unit"
    assert not ProcedureVersion.objects.exists()
    with pytest.raises(DomainError) as bad_code:
        procedure_draft_save(actor=admin, code="mã sai!", data=procedure_data())
    assert bad_code.value.field == "code"


def test_only_an_administrator_edits_the_catalogue(district):
    clerk = staff(Role.CLERK, district.desk_a)
    with pytest.raises(PermissionDenied):
        procedure_draft_save(actor=clerk, code="1.000894", data=procedure_data())


def test_publishing_a_process_without_leader_approval_is_refused_with_the_findings(
    admin, district, staffed
):
    version = publish(admin)
    draft = process_draft_save(
        actor=staffed["manager"],
        procedure=version.procedure,
        agency=district.desk_a,
        steps=standard_steps(district, with_approval=False, process_hours="18"),
    )
    with pytest.raises(ProcessRejected) as rejected:
        process_publish(actor=staffed["manager"], process=draft, effective_from=date(2020, 2, 1))
    assert [f.code for f in rejected.value.findings] == [FindingCode.MISSING_LEADER_APPROVAL]
    assert "Phòng Tư pháp" in rejected.value.findings[0].message
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert not processes_in_force(date(2020, 3, 1)).exists()


def test_a_complete_process_is_published_and_supersedes_the_previous_one(admin, district, staffed):
    version = publish(admin)
    manager = staffed["manager"]
    first = process_draft_save(
        actor=manager, procedure=version.procedure, agency=district.desk_a,
        steps=standard_steps(district),
    )  # fmt: skip
    process_publish(actor=manager, process=first, effective_from=date(2020, 2, 1))
    second = process_draft_save(
        actor=manager, procedure=version.procedure, agency=district.desk_a,
        steps=standard_steps(district),
    )  # fmt: skip
    process_publish(actor=manager, process=second, effective_from=date(2020, 6, 1))
    assert list(processes_in_force(date(2020, 5, 31))) == [first]
    assert list(processes_in_force(date(2020, 6, 1))) == [second]
    assert second.number == 2


def test_a_clerk_cannot_change_processes_and_a_manager_only_in_his_agency(admin, district, staffed):
    version = publish(admin)
    with pytest.raises(PermissionDenied):
        process_draft_save(
            actor=staffed["clerk"], procedure=version.procedure, agency=district.desk_a,
            steps=standard_steps(district),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        process_draft_save(
            actor=staffed["manager"], procedure=version.procedure, agency=district.desk_b,
            steps=standard_steps(district),
        )  # fmt: skip
    assert not Process.objects.exists()


def test_only_an_administrator_carries_a_defective_process_over(admin, district, staffed):
    version = publish(admin)
    draft = process_draft_save(
        actor=staffed["manager"], procedure=version.procedure, agency=district.desk_a,
        steps=standard_steps(district, with_approval=False, process_hours="18"),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        process_publish(
            actor=staffed["manager"], process=draft, effective_from=date(2020, 2, 1),
            legacy_import=True,
        )  # fmt: skip
    process_publish(actor=admin, process=draft, effective_from=date(2020, 2, 1), legacy_import=True)
    report = process_audit_report(processes_in_force(date(2020, 3, 1)), on=date(2020, 3, 1))
    assert [f.code for f in report[0].findings] == [FindingCode.MISSING_LEADER_APPROVAL]


def test_the_audit_flags_a_process_left_on_a_superseded_version(admin, district, staffed):
    version = publish(admin)
    draft = process_draft_save(
        actor=admin, procedure=version.procedure, agency=district.desk_a,
        steps=standard_steps(district),
    )  # fmt: skip
    process_publish(actor=admin, process=draft, effective_from=date(2020, 2, 1))
    publish(admin, day=date(2022, 1, 1), fee_text="50.000 đồng")
    before = process_audit_report(processes_in_force(date(2021, 12, 31)), on=date(2021, 12, 31))
    after = process_audit_report(processes_in_force(date(2022, 1, 1)), on=date(2022, 1, 1))
    assert before == []
    assert [f.code for f in after[0].findings] == [FindingCode.SUPERSEDED_PROCEDURE_VERSION]
    assert "1" in after[0].findings[0].message


def test_the_audit_names_a_role_nobody_holds_in_that_agency(admin, district, staffed):
    version = publish(admin)
    draft = process_draft_save(
        actor=admin, procedure=version.procedure, agency=district.desk_a,
        steps=standard_steps(district),
    )  # fmt: skip
    process_publish(actor=admin, process=draft, effective_from=date(2020, 2, 1))
    staffed["leader"].positions.update(is_active=False)
    report = process_audit_report(processes_in_force(date(2020, 3, 1)), on=date(2020, 3, 1))
    [finding] = report[0].findings
    assert finding.code == FindingCode.ROLE_WITHOUT_STAFF
    assert finding.step == 3
    assert "Phòng Tư pháp" in finding.message

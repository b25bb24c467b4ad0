"""Units merge (the 2025 reform: districts abolished, communes merged): the merged units and
their agencies end and name their successors, staff carry over, and the statistics can be read
as the units were or mapped onto today's — the same total either way."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.core.errors import DomainError, PermissionDenied
from motcua.directives.models import Assignment
from motcua.directives.services import DirectiveData, TaskData, directive_issue
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import dossier_return_result, dossier_step_act
from motcua.org.access import scope_for
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Position, Role
from motcua.org.services import unit_merge
from motcua.petitions.models import Action as PetitionAction
from motcua.petitions.models import Status as PetitionStatus
from motcua.stats.services import table_for
from tests.factories import AgencyFactory, UnitFactory, staff
from tests.worlds import vn

MERGER = date(2025, 7, 1)


@pytest.fixture
def merged_world(world):
    """Dossiers of 2025 at both communes' desks, then the two communes merged on 01/07/2025."""
    district = world.district
    world.process_at(district.desk_b)
    Position.objects.create(user=world.clerk, agency=district.desk_b, role=Role.CLERK)
    world.receive(vn(2025, 3, 3, 9))
    world.receive(vn(2025, 3, 4, 9))
    world.receive(vn(2025, 3, 5, 9), agency=district.desk_b)
    new_unit = UnitFactory.create(name="Xã Hợp Nhất", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Hợp Nhất", unit=new_unit, valid_from=MERGER)
    new_desk = AgencyFactory.create(
        name="Một cửa xã Hợp Nhất", kind=AgencyKind.ONE_STOP_UNIT, unit=new_unit, valid_from=MERGER
    )
    a, b = district.desk_a.unit, district.desk_b.unit
    unit_merge(actor=world.admin, units=[a, b], into=new_unit, on=MERGER)
    return world, new_unit, new_desk


def test_the_merged_units_and_agencies_name_their_successors_and_staff_carry_over(merged_world):
    world, new_unit, new_desk = merged_world
    desk_a = world.district.desk_a
    desk_a.refresh_from_db()
    assert desk_a.valid_to == date(2025, 6, 30)
    assert desk_a.successor == new_desk
    assert desk_a.unit.successor == new_unit
    assert Position.objects.get(user=world.clerk, agency=new_desk, role=Role.CLERK).is_active
    # The old position stays: the clerk finishes desk A's open dossiers and reads its records.
    assert Position.objects.get(user=world.clerk, agency=desk_a).is_active


@pytest.mark.usefixtures("merged_world")
def test_the_statistics_of_2025_mapped_onto_today_equal_the_sum_of_the_parts(tmp_path):
    then = table_for(None, start=date(2025, 1, 1), end=date(2025, 12, 31), group_by="unit")
    today = table_for(
        None, start=date(2025, 1, 1), end=date(2025, 12, 31), group_by="unit", units_today=True
    )
    assert {row.label: row.counts.received for row in then.rows} == {"Xã A": 2, "Xã B": 1}
    assert [(row.label, row.counts.received) for row in today.rows] == [("Xã Hợp Nhất", 3)]
    assert today.rows[0].counts == then.rows[0].counts + then.rows[1].counts
    assert today.total == then.total
    out = io.StringIO()
    target = tmp_path / "report.json"
    call_command(
        "report", "--period", "2025", "--group-by", "unit", "--units", "today",
        "--format", "json", "-o", str(target), stdout=out,
    )  # fmt: skip
    rows = json.loads(target.read_text(encoding="utf-8"))["rows"]
    assert [row["label"] for row in rows] == ["Xã Hợp Nhất"]


def test_a_merge_that_leaves_an_agency_without_successor_is_refused_whole(world):
    lonely = UnitFactory.create(name="Xã Không Có Một Cửa", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Không Có Một Cửa", unit=lonely, valid_from=MERGER)
    unit_a = world.district.desk_a.unit
    with pytest.raises(DomainError, match="Một cửa xã A"):
        unit_merge(actor=world.admin, units=[unit_a], into=lonely, on=MERGER)
    unit_a.refresh_from_db()
    assert unit_a.valid_to is None  # nothing written: not the unit, not its committee
    assert (
        world.district.commune_a.__class__.objects.get(pk=world.district.commune_a.pk).valid_to
        is None
    )
    with pytest.raises(DomainError, match="vào chính nó"):
        unit_merge(actor=world.admin, units=[lonely], into=lonely, on=MERGER)
    with pytest.raises(PermissionDenied):
        unit_merge(actor=world.clerk, units=[unit_a], into=lonely, on=MERGER)
    assert not AdministrativeUnit.objects.filter(successor__isnull=False).exists()


def test_the_command_merges_and_names_what_is_wrong(world):
    new_unit = UnitFactory.create(name="Xã Mới", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Mới", unit=new_unit, valid_from=MERGER)
    AgencyFactory.create(
        name="Một cửa xã Mới", kind=AgencyKind.ONE_STOP_UNIT, unit=new_unit, valid_from=MERGER
    )
    unit_a = world.district.desk_a.unit
    with pytest.raises(CommandError, match="KHONG-CO"):
        call_command("merge-units", "KHONG-CO", "--into", new_unit.code, "--on", "2025-07-01",
                     "--as", world.admin.username)  # fmt: skip
    with pytest.raises(CommandError, match="--on"):
        call_command("merge-units", unit_a.code, "--into", new_unit.code, "--on", "1/7/2025",
                     "--as", world.admin.username)  # fmt: skip
    out = io.StringIO()
    call_command("merge-units", unit_a.code, "--into", new_unit.code, "--on", "2025-07-01",
                 "--as", world.admin.username, stdout=out)  # fmt: skip
    assert "1 units merged into Xã Mới" in out.getvalue()
    unit_a.refresh_from_db()
    assert unit_a.successor == new_unit


def test_the_statistics_page_offers_the_units_as_they_were_or_as_they_are(client, merged_world):
    world, _unit, _desk = merged_world
    client.force_login(world.clerk)
    params = {"year": "2025", "part": "", "group_by": "unit"}
    then = client.get(reverse("stats-statistics"), params).content.decode()
    today = client.get(reverse("stats-statistics"), {**params, "units": "today"}).content.decode()
    assert "quy về các đơn vị hiện nay" in then  # the choice is on the page
    assert "Xã A" in then.split("<tbody")[1]
    assert "Xã Hợp Nhất" not in then.split("<tbody")[1]
    assert "Xã Hợp Nhất" in today.split("<tbody")[1]


def test_the_successors_staff_read_the_records_of_the_agencies_merged_into_it(client, merged_world):
    world, _unit, new_desk = merged_world
    newcomer = staff(Role.CLERK, new_desk)  # joined after the merger: no old position
    elsewhere = AgencyFactory.create(
        name="Một cửa xã Khác", kind=AgencyKind.ONE_STOP_UNIT, unit=UnitFactory.create()
    )
    stranger = staff(Role.CLERK, elsewhere)
    old = Dossier.objects.filter(agency=world.district.desk_b).get()
    scope = scope_for(newcomer)
    assert scope.can_read(world.district.desk_a.pk)
    assert scope.can_read(world.district.desk_b.pk)
    assert not scope.can_write(world.district.desk_b.pk)  # reading, not acting for them
    client.force_login(newcomer)
    assert client.get(reverse("staff-dossier", args=[old.code])).status_code == 200
    client.force_login(stranger)
    assert client.get(reverse("staff-dossier", args=[old.code])).status_code == 404
    assert not scope_for(stranger).can_read(world.district.desk_b.pk)


def test_open_steps_go_to_the_successor_and_later_steps_start_there(world):
    """A dossier waiting at desk A's receiving step moves to the new desk on the merger; one
    signed after it has its return step opened at the new desk, where a newcomer returns it."""
    waiting = world.receive(vn(2025, 6, 25, 9))
    signing = world.receive(vn(2025, 6, 25, 10))
    for actor, action in ((world.clerk, Action.FORWARD), (world.specialist, Action.FORWARD),
                          (world.leader, Action.APPROVE)):  # fmt: skip
        dossier_step_act(actor=actor, dossier_id=signing.pk, action=action, at=vn(2025, 6, 26, 9))
    new_unit = UnitFactory.create(name="Xã Hợp Nhất", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Hợp Nhất", unit=new_unit, valid_from=MERGER)
    new_desk = AgencyFactory.create(
        name="Một cửa xã Hợp Nhất", kind=AgencyKind.ONE_STOP_UNIT, unit=new_unit, valid_from=MERGER
    )
    out = io.StringIO()
    call_command("merge-units", world.district.desk_a.unit.code, "--into", new_unit.code,
                 "--on", "2025-07-01", "--as", world.admin.username, stdout=out)  # fmt: skip
    assert "1 units merged into Xã Hợp Nhất" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.current_step.agency == new_desk
    assert waiting.current_step.assignee == world.clerk  # the clerk carried over, keeps it
    handed = waiting.events.get(action=Action.REASSIGN)
    assert "Một cửa xã A → Một cửa xã Hợp Nhất" in handed.comment
    # Signed after the merger: the return step opens at the successor, not at the ended desk.
    signed = dossier_step_act(
        actor=world.chairman, dossier_id=signing.pk, action=Action.SIGN, at=vn(2025, 7, 2, 9)
    )
    assert signed.current_step.agency == new_desk
    newcomer = staff(Role.CLERK, new_desk)
    returned = dossier_return_result(
        actor=newcomer, dossier_id=signing.pk, collected_by="An", at=vn(2025, 7, 2, 10)
    )
    assert returned.status == DossierStatus.RETURNED


def test_an_agency_that_could_go_to_several_must_be_named(world):
    new_unit = UnitFactory.create(name="Xã Hai Một Cửa", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Hai Một Cửa", unit=new_unit, valid_from=MERGER)
    _first, second = (
        AgencyFactory.create(
            name=f"Một cửa {n}", kind=AgencyKind.ONE_STOP_UNIT, unit=new_unit, valid_from=MERGER
        )
        for n in (1, 2)
    )
    unit_a = world.district.desk_a.unit
    with pytest.raises(DomainError, match="Một cửa 1, Một cửa 2"):
        unit_merge(actor=world.admin, units=[unit_a], into=new_unit, on=MERGER)
    with pytest.raises(DomainError, match="KHONG-CO"):
        unit_merge(
            actor=world.admin, units=[unit_a], into=new_unit, on=MERGER,
            successors={world.district.desk_a.code: "KHONG-CO"},
        )  # fmt: skip
    unit_merge(
        actor=world.admin, units=[unit_a], into=new_unit, on=MERGER,
        successors={world.district.desk_a.code: second.code},
    )  # fmt: skip
    world.district.desk_a.refresh_from_db()
    assert world.district.desk_a.successor == second


def test_open_petitions_follow_the_merged_agencies(hotline, world):
    """An assigned petition of the district's Justice office, triaged by its hotline office,
    goes to their successors with its deadline; a closed one stays where it was answered."""
    assigned = hotline.petition_in(PetitionStatus.ASSIGNED)
    closed = hotline.petition_in(PetitionStatus.CLOSED)
    district_unit = hotline.justice.unit
    new_unit = UnitFactory.create(name="Tỉnh Mới", valid_from=MERGER)
    twins = {
        agency.pk: AgencyFactory.create(
            name=f"{agency.name} (mới)", kind=agency.kind, unit=new_unit, valid_from=MERGER
        )
        for agency in Agency.objects.filter(unit=district_unit)
    }
    due = assigned.due_at
    unit_merge(actor=world.admin, units=[district_unit], into=new_unit, on=MERGER)
    assigned.refresh_from_db()
    assert assigned.agency == twins[hotline.justice.pk]
    assert assigned.office == twins[hotline.office.pk]
    assert assigned.due_at == due
    moved = assigned.events.get(action=PetitionAction.TRANSFER)
    assert moved.actor == world.admin
    assert moved.data["merger"]["agency"]["from"] == hotline.justice.pk
    closed.refresh_from_db()
    assert closed.agency == hotline.justice


def test_tasks_still_owed_by_a_merged_agency_go_to_its_successor(world):
    district = world.district
    directive_issue(actor=world.admin, data=DirectiveData(
        number="1/UBND-NV", issued_on=date(2025, 5, 5), issuing_agency_id=district.committee.pk,
        signer="A", signer_title="Chủ tịch", subject="Việc",
        tasks=(TaskData("Báo cáo", lead=(district.desk_a.pk,), due_on=date(2025, 9, 30)),),
    ))  # fmt: skip
    new_unit = UnitFactory.create(name="Xã Hợp Nhất", valid_from=MERGER)
    AgencyFactory.create(name="UBND xã Hợp Nhất", unit=new_unit, valid_from=MERGER)
    new_desk = AgencyFactory.create(
        name="Một cửa xã Hợp Nhất", kind=AgencyKind.ONE_STOP_UNIT, unit=new_unit, valid_from=MERGER
    )
    unit_merge(actor=world.admin, units=[district.desk_a.unit], into=new_unit, on=MERGER)
    moved = Assignment.objects.get()
    assert moved.agency == new_desk
    assert moved.due_at.date() == date(2025, 9, 30)
    assert moved.events.last().action == "transfer"

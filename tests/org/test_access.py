"""Who may see what: the one place in org/access.py, proven through pages and the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core.errors import NotFound, PermissionDenied
from motcua.org.access import access_agency, scope_for, visible_positions
from motcua.org.models import Position, Role
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_clerk_reads_only_their_own_agency(district):
    clerk_a = staff(Role.CLERK, district.commune_a)
    scope = scope_for(clerk_a)
    assert scope.can_read(district.commune_a.pk)
    assert not scope.can_read(district.commune_b.pk)
    assert not scope.can_read(district.desk_a.pk)  # a clerk does not reach child agencies
    assert scope.can_write(district.commune_a.pk)


def test_clerk_of_commune_a_cannot_open_commune_b_staff_page(district):
    clerk_a = staff(Role.CLERK, district.commune_a)
    staff(Role.SPECIALIST, district.commune_b, full_name="Người Xã Bê")
    client = logged_in(clerk_a)

    own = client.get(reverse("org-agency-detail", args=[district.commune_a.pk]))
    other = client.get(reverse("org-agency-detail", args=[district.commune_b.pk]))

    assert own.status_code == 200
    assert other.status_code == 404
    assert "Người Xã Bê" not in other.content.decode()


def test_clerk_of_commune_a_cannot_list_commune_b_staff_through_the_api(district):
    clerk_a = staff(Role.CLERK, district.commune_a, username="clerk-a")
    staff(Role.SPECIALIST, district.commune_b, username="specialist-b")
    client = logged_in(clerk_a)

    listed = client.get("/api/v1/org/staff/").json()["results"]
    other_id = (
        visible_positions(UserFactory.create(is_superuser=True))
        .get(user__username="specialist-b")
        .pk
    )
    detail = client.get(f"/api/v1/org/staff/{other_id}/")

    assert [row["username"] for row in listed] == ["clerk-a"]
    assert detail.status_code == 404


def test_leader_reads_their_agency_and_its_descendants_at_any_depth(district):
    chairman = staff(Role.SIGNING_AUTHORITY, district.committee)
    scope = scope_for(chairman)
    for agency in (district.committee, district.justice, district.commune_b, district.desk_b):
        assert scope.can_read(agency.pk)
        assert scope.can_write(agency.pk)


def test_department_leader_does_not_reach_sibling_departments(district):
    leader = staff(Role.DEPARTMENT_LEADER, district.justice)
    scope = scope_for(leader)
    assert scope.can_read(district.justice.pk)
    assert not scope.can_read(district.committee.pk)
    assert not scope.can_read(district.commune_a.pk)


def test_reform_officer_reads_everything_and_writes_nothing(district):
    reform = staff(Role.REFORM_OFFICER, district.justice)
    scope = scope_for(reform)
    assert scope.reads_everything
    assert all(
        not scope.can_write(agency.pk)
        for agency in (district.committee, district.justice, district.desk_b)
    )
    assert access_agency(reform, district.desk_b.pk) == district.desk_b
    with pytest.raises(PermissionDenied):
        access_agency(reform, district.desk_b.pk, for_write=True)
    page = logged_in(reform).get(reverse("org-agency-detail", args=[district.desk_b.pk]))
    assert page.status_code == 200


def test_inspector_reads_their_subtree_read_only(district):
    inspector = staff(Role.INSPECTOR, district.commune_a)
    scope = scope_for(inspector)
    assert scope.can_read(district.desk_a.pk)
    assert not scope.can_read(district.commune_b.pk)
    assert not scope.can_write(district.commune_a.pk)


def test_read_only_role_does_not_widen_a_writing_role(district):
    # A clerk of commune A who is also an inspector of the district writes only in commune A.
    user = staff(Role.CLERK, district.commune_a)
    Position.objects.create(user=user, agency=district.committee, role=Role.INSPECTOR)
    scope = scope_for(user)
    assert scope.can_read(district.commune_b.pk)
    assert scope.can_write(district.commune_a.pk)
    assert not scope.can_write(district.commune_b.pk)


def test_inactive_position_grants_nothing(district):
    clerk = staff(Role.CLERK, district.commune_a)
    clerk.positions.update(is_active=False)
    with pytest.raises(NotFound):
        access_agency(clerk, district.commune_a.pk)


def test_unknown_agency_and_forbidden_agency_look_the_same(district):
    clerk_a = staff(Role.CLERK, district.commune_a)
    client = logged_in(clerk_a)
    forbidden = client.get(reverse("org-agency-detail", args=[district.commune_b.pk]))
    missing = client.get(reverse("org-agency-detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert main_part(forbidden) == main_part(missing)


def main_part(response) -> str:
    html = response.content.decode()
    return html[html.index('id="main">') : html.index("</main>")]


def test_account_without_position_sees_no_staff_pages(district):
    nobody = UserFactory.create()
    response = logged_in(nobody).get(reverse("staff-dashboard"))
    assert response.status_code == 403
    assert "chưa giữ chức vụ" in response.content.decode()


def test_anonymous_users_are_sent_to_login_and_refused_by_the_api(district):
    page = Client().get(reverse("staff-dashboard"))
    api = Client().get("/api/v1/org/agencies/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))
    assert api.status_code in (401, 403)


def test_api_is_read_only(district):
    client = logged_in(staff(Role.CLERK, district.commune_a))
    response = client.post(
        "/api/v1/org/agencies/", {"code": "X", "name": "X"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert response.status_code == 405

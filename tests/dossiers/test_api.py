"""The dossier API: intake, scoped reads, actions answering 409 when illegal."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from motcua.org.models import Role
from tests.factories import log_in_with_second_factor, staff
from tests.worlds import vn

pytestmark = pytest.mark.django_db

INTAKE = {
    "agency": None,
    "procedure": "1.000894",
    "applicant": {"name": "Nguyễn Văn An", "id_number": "001090000001"},
    "components": [
        {"position": 1, "name": "Tờ khai", "originals": 1},
        {"position": 2, "name": "Giấy xác nhận tình trạng hôn nhân", "originals": 1},
    ],
}


def test_the_clerk_receives_through_the_api_and_gets_the_secret_once(client, world):
    client.force_login(world.clerk)
    response = client.post(
        "/api/v1/dossiers/", {**INTAKE, "agency": world.district.desk_a.code},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received"
    assert len(body["secret"]) == 8
    detail = client.get(f"/api/v1/dossiers/{body['code']}/").json()
    assert "secret" not in detail
    assert [event["action"] for event in detail["events"]] == ["receive"]


def test_invalid_intake_is_a_400_naming_the_field(client, world):
    client.force_login(world.clerk)
    incomplete = {**INTAKE, "agency": world.district.desk_a.code, "components": []}
    response = client.post("/api/v1/dossiers/", incomplete, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "components"
    nameless = {**INTAKE, "agency": world.district.desk_a.code, "applicant": {"name": ""}}
    response = client.post("/api/v1/dossiers/", nameless, content_type="application/json")
    assert (response.status_code, response.json()["field"]) == (400, "applicant.name")


def test_actions_answer_409_with_the_reason_when_illegal(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.clerk)
    url = f"/api/v1/dossiers/{dossier.code}/actions/"
    response = client.post(url + "sign/", {}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_action"
    response = client.post(url + "forward/", {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert client.post(url + "fly/", {}, content_type="application/json").status_code == 404


def test_lists_are_scoped_and_filter_without_accents(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.specialist)  # the Justice department: not yet on its desk
    assert client.get("/api/v1/dossiers/").json()["results"] == []
    client.force_login(world.clerk)
    found = client.get("/api/v1/dossiers/", {"q": "nguyen van an"}).json()["results"]
    assert [item["code"] for item in found] == [dossier.code]
    assert client.get("/api/v1/dossiers/", {"q": "tran"}).json()["results"] == []
    outsider = staff(Role.CLERK, world.district.desk_b)
    client.force_login(outsider)
    assert client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 404


def test_every_action_is_reachable_through_the_api(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    url = f"/api/v1/dossiers/{dossier.code}/actions/"

    def post(user, action, **body):
        log_in_with_second_factor(client, user)  # the chairman's role requires TOTP
        return client.post(url + f"{action}/", body, content_type="application/json")

    assert post(world.clerk, "forward").status_code == 200
    assert post(world.leader, "reassign", to_user=world.specialist.username,
                reason="Giao thụ lý").status_code == 200  # fmt: skip
    assert post(world.specialist, "comment", comment="Đang xác minh").status_code == 200
    response = post(world.specialist, "request_supplement", items=["Hộ chiếu"], reason="Thiếu")
    assert response.json()["status"] == "awaiting_supplement"
    assert post(world.clerk, "supply").json()["status"] == "in_progress"
    assert post(world.specialist, "forward").status_code == 200
    assert post(world.leader, "send_back", reason="Thẩm định lại").status_code == 200
    assert post(world.specialist, "forward").status_code == 200
    assert post(world.leader, "approve").json()["status"] == "approved"
    assert post(world.chairman, "sign").status_code == 403  # a signing authority needs TOTP
    TOTP.activate(world.chairman, generate_totp_secret())
    assert post(world.chairman, "sign").json()["status"] == "ready_to_return"
    body = post(world.clerk, "return_result", collected_by="Nguyễn Văn An").json()
    assert body["status"] == "returned"
    assert [e["action"] for e in body["events"]][-3:] == ["approve", "sign", "return_result"]


def test_the_admin_shows_dossiers_read_only(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    TOTP.activate(world.admin, generate_totp_secret())
    log_in_with_second_factor(client, world.admin)
    listing = client.get("/admin/dossiers/dossier/")
    assert listing.status_code == 200
    assert dossier.code in listing.content.decode()
    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/").content.decode()
    assert dossier.applicant_name in page
    assert 'name="_save"' not in page  # no way to edit a dossier behind the services' back


def test_a_validation_error_is_a_plain_message(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.clerk)
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/request_supplement/",
        {"items": [""], "reason": "Thiếu"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 400
    assert "ErrorDetail" not in body["detail"]
    assert body["detail"] == "Trường này không được bỏ trống."
    assert body["errors"] == {"items.0": ["Trường này không được bỏ trống."]}


def test_every_field_error_is_returned_at_once(client, world):
    client.force_login(world.clerk)
    response = client.post(
        "/api/v1/dossiers/",
        {"agency": "", "procedure": "", "channel": "fax",
         "applicant": {"name": "", "email": "không-phải-email"},
         "components": [{"name": "", "originals": -1}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {
        "agency", "procedure", "channel", "applicant.name", "applicant.email",
        "components.0.name", "components.0.originals",
    }  # fmt: skip
    assert all(isinstance(m, str) and "ErrorDetail" not in m for ms in errors.values() for m in ms)


def test_each_action_asks_for_what_it_needs_and_unknown_actions_are_not_found(client, world):
    dossier = world.receive(vn(2019, 3, 4, 8))
    client.force_login(world.clerk)
    base = f"/api/v1/dossiers/{dossier.code}/actions/"
    missing = client.post(base + "request_supplement/", {}, content_type="application/json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"items", "reason"}
    apology = client.post(base + "apologise/", {"reason": "Trễ"}, content_type="application/json")
    assert set(apology.json()["errors"]) == {"new_due_at"}
    assert client.post(base + "explode/", {}, content_type="application/json").status_code == 404

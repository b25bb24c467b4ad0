"""Odd input never makes a server error: NUL and control characters, odd Unicode, huge and
non-finite numbers, impossible dates — in every public page and form, Open311, and the staff
pages' parameters. Each answer is below 500; the Open311 feed stays well-formed XML."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.petitions.models import Channel, Kind, Open311Key
from motcua.petitions.open311 import key_hash
from motcua.petitions.services import PetitionData, petition_receive
from tests.factories import log_in_with_second_factor
from tests.worlds import World, vn

pytestmark = pytest.mark.django_db

ODD = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "²",
    "٣",
    "9" * 30,
    "-1",
    "0",
    "NaN",
    "-Infinity",
    "1e400",
    "9999-99-99",
    "0000-00-00",
    "99999-12-31",
    "0001-01-01",
    "2019-Q5",
    "2019-13",
    "\u200b\u200c\u200d",
    "\ufeff",
    "𝕏𝔂",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    "a" * 5000,
    "",
]
PARAMETERS = [
    "q", "field", "agency", "level", "page", "code", "s", "period", "start", "end", "unit",
    "group", "kind", "status", "tab", "format", "key", "column", "new", "lat", "long", "limit",
    "offset", "service_code", "start_date", "end_date", "service_request_id", "jurisdiction_id",
    "from", "to", "group_by", "procedure", "overdue", "all", "next", "received_from",
    "received_to",
]  # fmt: skip
# Parameters a page may read (and refuse) before the others: tried alone as well.
FIRST_READ = ["q", "code", "period", "start_date", "service_request_id", "from", "key"]
KEY = "fuzz-key-0123456789abcdef"


@pytest.fixture
def scene(district, admin, staffed, settings):
    settings.MOTCUA_PUBLIC_RATE_LIMIT = 100_000
    settings.MOTCUA_TRACK_TRIES_PER_CODE = 100_000
    world = World(district, admin, staffed)
    TOTP.activate(admin, generate_totp_secret())  # the administrator's role requires it
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
    dossier = world.receive(vn(2019, 3, 4, 8))
    Open311Key.objects.create(
        name="Fuzz", key_hash=key_hash(KEY), prefix=KEY[:8], requests_per_minute=100_000
    )
    return world, dossier


def fuzzed_gets(client: Client, paths: list[str]) -> list[tuple[str, int]]:
    """Each odd value in every parameter at once, then alone in the ones pages read first."""
    failures = []
    for path in paths:
        for value in ODD:
            queries = [dict.fromkeys(PARAMETERS, value), *({n: value} for n in FIRST_READ)]
            for query in queries:
                status = client.get(path, query).status_code
                if status >= 500:
                    failures.append((f"{path}?{list(query)[:3]}={value[:20]!r}", status))
    return failures


def test_public_pages_and_open311_answer_odd_parameters_without_a_server_error(scene):
    _world, dossier = scene
    client = Client(raise_request_exception=False)
    paths = [
        "/", "/procedures/", "/procedures/1.000894/", "/procedures/1.000894/submit/", "/track/",
        f"/track/{dossier.code}", f"/track/{dossier.code}/receipt.pdf", "/units/",
        "/petitions/new/", "/petitions/answers/", "/petitions/PA-1",
        "/open311/v2/discovery.xml", "/open311/v2/services.json", "/open311/v2/services/delay.xml",
        "/open311/v2/requests.xml", "/open311/v2/requests.json", "/open311/v2/requests/1.json",
    ]  # fmt: skip
    assert fuzzed_gets(client, paths) == []


def test_odd_paths_get_a_clear_answer(scene):
    client = Client(raise_request_exception=False)
    for value in ODD:
        for template in ("/track/{}", "/procedures/{}/", "/petitions/{}", "/staff/dossiers/{}/"):
            response = client.get(template.format(value.replace("/", "")))
            assert response.status_code < 500, (template, value)
    nul = client.get("/track/AB\x00CD")
    assert nul.status_code == 400
    assert "ký tự điều khiển" in nul.content.decode()


def test_public_forms_refuse_odd_fields_without_a_server_error(scene):
    client = Client(raise_request_exception=False)
    forms = {
        "/petitions/new/": {
            "title": "Phản ánh", "kind": "delay", "content": "Nội dung", "name": "An",
            "phone": "0912345678", "email": "an@example.vn", "location": "Xã A",
            "dossier_code": "", "address": "",
        },
        "/procedures/1.000894/submit/": {
            "agency": "1", "kind": "person", "name": "Phạm Thị Hoa", "id_number": "001190000123",
            "email": "hoa@example.vn", "phone": "0987654321", "address": "Thôn Đông",
        },
        "/open311/v2/requests.json": {
            "api_key": KEY, "service_code": "delay", "lat": "21.3", "long": "105.6",
            "description": "Đèn hỏng", "first_name": "An", "email": "an@example.vn",
            "address_string": "Xã A",
        },
    }  # fmt: skip
    failures = []
    for path, fields in forms.items():
        for name in fields:
            for value in ODD:
                status = client.post(path, {**fields, name: value}).status_code
                if status >= 500:
                    failures.append((path, name, value[:20], status))
    assert failures == []
    made = client.post("/open311/v2/requests.json", {**forms["/open311/v2/requests.json"],
                                                     "lat": "NaN"})  # fmt: skip
    assert made.status_code == 400
    assert made.json()[0]["code"] == 400


def test_a_control_character_stored_earlier_does_not_break_the_public_feed(scene, hotline):
    petition_receive(
        data=PetitionData(
            channel=Channel.WEB,
            kind=Kind.DELAY_OR_HARASSMENT,
            title="Đèn\x0b hỏng",
            content="Nội dung\x01",
            name="An",
            phone="0912345678",
            email="",
            address="Thôn\x0c Đông",
            location="Xã\x1f A",
            consent_to_publish=True,
        )
    )
    feed = Client().get("/open311/v2/requests.xml")
    assert feed.status_code == 200
    ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed; well-formed for everyone


def test_staff_pages_answer_odd_parameters_without_a_server_error(scene):
    world, dossier = scene
    for user in (world.admin,):  # reads everything: every branch that has data runs
        client = Client(raise_request_exception=False)
        log_in_with_second_factor(client, user)
        paths = [
            reverse("staff-dashboard"), reverse("staff-dossiers"), reverse("staff-work"),
            reverse("staff-approvals"), reverse("stats-statistics"), reverse("stats-cell"),
            reverse("catalog-catalogue"), reverse("catalog-audit"), reverse("org-agency-list"),
            reverse("petitions-list"), reverse("workcal-current-year"),
            reverse("staff-dossier", args=[dossier.code]), "/api/v1/dossiers/",
            "/api/v1/stats/table", "/api/v1/procedures/", "/api/v1/calendar/holidays",
        ]  # fmt: skip
        assert fuzzed_gets(client, paths) == []


def test_applicant_names_of_invisible_characters_are_refused(scene):
    client = Client(raise_request_exception=False)
    response = client.post(  # the page asking who submits
        "/procedures/1.000894/submit/who/",
        {"kind": "person", "name": "\u200b\u200b\u2060", "id_number": "001190000123"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "họ và tên" in response.content.decode().lower()
    assert not Dossier.objects.filter(applicant_name__contains="\u200b").exists()


def test_statistics_drill_down_keys_and_periods_are_parsed_strictly(scene):
    world, _dossier = scene
    client = Client(raise_request_exception=False)
    log_in_with_second_factor(client, world.admin)
    base = {"from": "2019-01-01", "to": "2019-12-31", "column": "received"}
    for group_by in ("agency", "procedure", "unit", "month", "channel"):
        for key in ("abc", "²", "9" * 30, "-1", "1.5", "\u200b"):
            response = client.get(reverse("stats-cell"), {**base, "group_by": group_by, "key": key})
            assert response.status_code < 500, (group_by, key)
    for start, end in (("0001-01-01", "9999-12-31"), ("2019-12-31", "2019-01-01")):
        response = client.get(reverse("stats-statistics"), {"from": start, "to": end})
        assert response.status_code == 400, (start, end)


def test_api_pages_are_bounded(scene):
    world, _dossier = scene
    client = Client()
    log_in_with_second_factor(client, world.clerk)
    for _n in range(3):
        world.receive(vn(2019, 3, 5, 8))
    page = client.get("/api/v1/dossiers/", {"limit": "1000000000", "offset": "1"}).json()
    assert page["count"] == 4
    assert page["previous"] is not None
    assert "limit=500" in page["previous"]  # what was asked was capped
    far = client.get("/api/v1/dossiers/", {"offset": "9" * 30})
    assert far.status_code == 200
    assert far.json()["results"] == []
    assert client.get("/api/v1/dossiers/", {"limit": "²"}).status_code == 200

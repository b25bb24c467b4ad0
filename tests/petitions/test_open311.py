"""Open311 GeoReport v2: every endpoint in XML and JSON, parsed and checked against the
specification's element names, types and error format; nothing personal leaves."""

from __future__ import annotations

import json
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from motcua.petitions.models import Kind, Open311Key, Petition
from motcua.petitions.open311 import key_hash
from motcua.petitions.services import (
    PetitionData,
    petition_approve_answer,
    petition_assign,
    petition_draft_answer,
    petition_receive,
)
from tests.worlds import vn

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"]  # fmt: skip
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]  # fmt: skip
KEY = "test-key-0123456789abcdef"
PRIVATE = ("Nguyễn Văn An", "0912345678", "0912 345 678", "an@example.vn", "Thôn Đông 12")


@pytest.fixture
def api_key(db) -> str:
    Open311Key.objects.create(name="Ứng dụng thử", key_hash=key_hash(KEY), prefix=KEY[:8])
    return KEY


def xml(response) -> Element:
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def url(name: str, fmt: str, **kwargs) -> str:
    return reverse(name, kwargs={"fmt": fmt, **kwargs})


def test_discovery_names_the_specification_and_both_formats(client, hotline):
    root = xml(client.get(url("open311-discovery", "xml")))
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url").endswith("/open311/v2")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]
    assert (
        json.loads(client.get(url("open311-discovery", "json")).content)["endpoints"][0]["type"]
        == "production"
    )


def test_services_are_the_petition_kinds(client, hotline):
    root = xml(client.get(url("open311-services", "xml")))
    assert root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == Kind.values
    assert [child.tag for child in services[0]] == SERVICE_FIELDS
    assert {s.findtext("metadata") for s in services} == {"false"}
    assert {s.findtext("type") for s in services} == {"realtime"}
    listed = json.loads(client.get(url("open311-services", "json")).content)
    assert listed[0]["metadata"] is False
    assert list(listed[0]) == SERVICE_FIELDS
    definition = xml(client.get(url("open311-service", "xml", service_code="delay")))
    assert definition.tag == "service_definition"
    assert definition.findtext("service_code") == "delay"
    missing = client.get(url("open311-service", "xml", service_code="nope"))
    assert missing.status_code == 404
    assert xml(missing).find("error").findtext("code") == "404"


def test_creating_needs_a_valid_key_and_a_location(client, hotline, api_key):
    post = {"service_code": "delay", "lat": "21.310000", "long": "105.650000",
            "description": "Hồ sơ chậm trả", "first_name": "Nguyễn Văn", "last_name": "An",
            "phone": "0912345678", "email": "an@example.vn"}  # fmt: skip
    denied = client.post(url("open311-requests", "xml"), {**post, "api_key": "wrong"})
    assert denied.status_code == 403
    error = xml(denied).find("error")
    assert (error.findtext("code"), error.findtext("description")) == (
        "403", "Invalid api_key received -- can't proceed with create_request.",
    )  # fmt: skip
    nowhere = client.post(url("open311-requests", "json"),
                          {**post, "api_key": api_key, "lat": "", "long": ""})  # fmt: skip
    assert nowhere.status_code == 400
    assert json.loads(nowhere.content)[0]["code"] == 400
    created = client.post(url("open311-requests", "xml"), {**post, "api_key": api_key})
    assert created.status_code == 200
    request_id = xml(created).find("request").findtext("service_request_id")
    petition = Petition.objects.get(code=request_id)
    assert (petition.channel, petition.kind, petition.petitioner_email) == (
        "open311", "delay", "an@example.vn",
    )  # fmt: skip
    token = xml(client.get(url("open311-token", "xml", token_id=request_id)))
    assert token.find("request").findtext("service_request_id") == request_id


def test_a_request_reads_back_open_then_closed_without_personal_data(client, hotline, district):
    petition = petition_receive(
        data=PetitionData(
            title="Chậm trả kết quả", kind=Kind.DELAY_OR_HARASSMENT, consent_to_publish=True,
            content="Tôi là Nguyễn Văn An (0912 345 678, an@example.vn), hồ sơ trễ hẹn.",
            name="Nguyễn Văn An", phone="0912345678", email="an@example.vn",
            address="Thôn Đông 12", location="Bộ phận một cửa xã A",
        ),
        at=vn(2019, 3, 4, 9),
    )  # fmt: skip
    detail = client.get(url("open311-request", "xml", request_id=petition.code))
    request = xml(detail).find("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("status") == "open"
    assert request.findtext("requested_datetime") == "2019-03-04T09:00:00+07:00"
    petition_assign(actor=hotline.operator, petition_id=petition.pk, agency=district.justice)
    petition_draft_answer(actor=hotline.specialist, petition_id=petition.pk, answer="Đã trả.")
    petition_approve_answer(
        actor=hotline.leader, petition_id=petition.pk,
        public_answer="Ông Nguyễn Văn An đã nhận kết quả; xin lỗi vì chậm trễ.",
    )  # fmt: skip
    detail = client.get(url("open311-request", "json", request_id=petition.code))
    [row] = json.loads(detail.content)
    assert row["status"] == "closed"
    assert row["agency_responsible"] == district.justice.name
    assert "xin lỗi vì chậm trễ" in row["status_notes"]
    listing = client.get(
        url("open311-requests", "xml"),
        {"start_date": "2019-03-01T00:00:00+07:00", "end_date": "2019-03-31T00:00:00+07:00"},
    )
    for body in (detail.content.decode(), listing.content.decode()):
        for private in PRIVATE:
            assert private not in body
    assert petition.code in listing.content.decode()


def test_the_list_filters_as_the_specification_says(client, hotline):
    calls = [
        petition_receive(
            data=PetitionData(title=f"Phản ánh {n}", content="Nội dung", kind=kind),
            at=vn(2019, 3, 4 + n, 9),
        )
        for n, kind in enumerate((Kind.DELAY_OR_HARASSMENT, Kind.QUESTION, Kind.QUESTION))
    ]
    window = {"start_date": "2019-03-01T00:00:00+07:00", "end_date": "2019-03-31T00:00:00+07:00"}

    def codes(**params) -> list[str]:
        response = client.get(url("open311-requests", "json"), {**window, **params})
        return sorted(row["service_request_id"] for row in json.loads(response.content))

    assert codes() == sorted(p.code for p in calls)
    assert codes(service_code="question") == sorted(p.code for p in calls[1:])
    assert codes(status="closed") == []
    assert codes(start_date="2019-03-05T12:00:00+07:00") == sorted(p.code for p in calls[2:])
    by_id = client.get(url("open311-requests", "xml"),
                       {"service_request_id": f"{calls[0].code},{calls[2].code}"})  # fmt: skip
    assert len(xml(by_id).findall("request")) == 2
    assert client.get(url("open311-requests", "xml"), {"status": "maybe"}).status_code == 400
    assert client.get(url("open311-requests", "xml"), {"start_date": "hôm qua"}).status_code == 400
    unknown = client.get("/open311/v2/requests.yaml")
    assert unknown.status_code == 404
    assert xml(unknown).tag == "errors"


def test_each_key_is_rate_limited(client, hotline, api_key, rate_window):
    Open311Key.objects.update(requests_per_minute=1)
    post = {"api_key": api_key, "service_code": "other", "address_string": "Xã A",
            "description": "Hỏi"}  # fmt: skip
    assert client.post(url("open311-requests", "json"), post).status_code == 200
    limited = client.post(url("open311-requests", "json"), post)
    assert limited.status_code == 429
    assert json.loads(limited.content)[0]["code"] == 429


def test_too_many_requests_are_answered_in_the_specifications_format(
    client, hotline, settings, rate_window
):
    settings.MOTCUA_PUBLIC_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get(url("open311-services", "json")).status_code == 200
    refused_json = client.get(url("open311-services", "json"))
    assert refused_json.status_code == 429
    assert refused_json["Retry-After"] == "60"
    assert refused_json.json()[0]["code"] == 429
    refused_xml = client.get(url("open311-services", "xml"))
    assert refused_xml.status_code == 429
    assert xml(refused_xml).find("error/code").text == "429"

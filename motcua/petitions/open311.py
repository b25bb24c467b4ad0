"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the petitions.

Services are the petition kinds; a service request is a petition (its id is the petition code);
Vietnamese statuses map to `open`/`closed`, the detail in `status_notes`. Every answer exists in
XML (the specification's required format) and JSON, chosen by the URL's extension; errors use
the specification's format and status codes (400, 403, 404). Creating a request needs an
`api_key` (administrators issue them); reads are public and rate-limited like every public page.

Nothing personal leaves through this API: no petitioner's name, phone, email or address; the
description is given only for petitions whose petitioner agreed to publication, scrubbed.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError
from motcua.core.parsing import EARLIEST_DATE, LATEST_DATE
from motcua.core.ratelimit import hit, public_rate_limit
from motcua.petitions.models import OPEN_STATUSES, Channel, Kind, Open311Key, Petition, Status
from motcua.petitions.services import PetitionData, petition_receive, scrub

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-28T00:00:00+07:00"  # when this endpoint last changed
LIST_DAYS = 90  # the specification's default window for GET requests
LIST_LIMIT = 1000
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
Row = dict[str, Any]


# --- formats ---------------------------------------------------------------------------------


def _document(top: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(top, encoding="utf-8"))


def _single(root: str, fmt: str, row: Row) -> HttpResponse:
    """A document that is one element, not a list (discovery, a service definition)."""
    if fmt == "json":
        return HttpResponse(json.dumps(row, ensure_ascii=False), content_type=FORMATS["json"])
    top = ET.Element(root)
    _fill(top, row)
    return HttpResponse(_document(top), content_type=FORMATS["xml"])


def _xml(root: str, item: str, rows: Iterable[Row]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        _fill(ET.SubElement(top, item), row)
    return _document(top)


def _fill(element: ET.Element, row: Row) -> None:
    for name, value in row.items():
        child = ET.SubElement(element, name)
        if isinstance(value, dict):
            _fill(child, value)
        elif isinstance(value, list):
            singular = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute",
                        "values": "value"}.get(name, "item")  # fmt: skip
            for entry in value:
                sub = ET.SubElement(child, singular)
                if isinstance(entry, dict):
                    _fill(sub, entry)
                else:
                    sub.text = _text(entry)
        else:
            child.text = _text(value)


# Characters XML 1.0 cannot carry: one stored before the edge refused them must not make the
# whole public feed malformed for every consumer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _w3c(value)
    return _NOT_XML.sub("", str(value))


def _w3c(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _w3c(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def _respond(fmt: str, root: str, item: str, rows: list[Row], status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, default=_json_default).encode()
    else:
        body = _xml(root, item, rows)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The specification's error list: `<errors><error><code/><description/></error></errors>`."""
    return _respond(fmt, "errors", "error", [{"code": status, "description": description}], status)


def edge_error(request: HttpRequest, status: int, description: str) -> HttpResponse:
    """An error decided before the view (bad characters, rate limit), in the request's format."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    response = error(fmt, status, description)
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _format_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse an unknown extension with a 404 in XML (the required format)."""

    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return error("xml", 404, "Unknown format: use .xml or .json")
        return view(request, *args, fmt=fmt, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- discovery and services ------------------------------------------------------------------


@require_GET
@public_rate_limit("open311")
@_format_view
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311-services", kwargs={"fmt": fmt}))
    row = {
        "changeset": CHANGESET,
        "contact": "Văn phòng HĐND và UBND — đường dây nóng",
        "key_service": "Khóa API do quản trị viên cấp (trang quản trị, mục Open311 keys).",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rsplit("/services.", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _single("discovery", fmt, row)


GROUPS = {
    Kind.DOSSIER_COMPLAINT: "Giải quyết hồ sơ",
    Kind.STAFF_ATTITUDE: "Giải quyết hồ sơ",
    Kind.QUESTION: "Khác",
    Kind.OTHER: "Khác",
}


def _service(kind: Kind) -> Row:
    return {
        "service_code": kind.value,
        "service_name": str(kind.label),
        "description": str(kind.label),
        "metadata": False,
        "type": "realtime",
        "keywords": "phản ánh, kiến nghị",
        "group": GROUPS.get(kind, "Quy định hành chính"),
    }


@require_GET
@public_rate_limit("open311")
@_format_view
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return _respond(fmt, "services", "service", [_service(kind) for kind in Kind])


@require_GET
@public_rate_limit("open311")
@_format_view
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """Our services take no extra attributes (`metadata` false): the definition is empty."""
    if service_code not in Kind.values:
        return error(fmt, 404, f"Unknown service_code: {service_code}")
    return _single("service_definition", fmt, {"service_code": service_code, "attributes": []})


# --- requests --------------------------------------------------------------------------------


def status_of(petition: Petition) -> str:
    return "open" if petition.status in OPEN_STATUSES else "closed"


def _request_row(petition: Petition) -> Row:
    notes = petition.get_status_display()
    if petition.status == Status.REJECTED and petition.reason:
        notes = f"{notes}: {petition.reason}"
    if petition.published_at and petition.public_answer:
        notes = f"{notes}. {petition.public_answer}"
    published = petition.consent_to_publish
    return {
        "service_request_id": petition.code,
        "status": status_of(petition),
        "status_notes": notes,
        "service_name": petition.get_kind_display(),
        "service_code": petition.kind,
        "description": scrub(petition.content, petition) if published else "",
        "agency_responsible": petition.agency.name if petition.agency else "",
        "service_notice": "",
        "requested_datetime": petition.received_at,
        "updated_datetime": petition.answered_at or petition.received_at,
        "expected_datetime": petition.due_at,
        "address": petition.location,
        "address_id": "",
        "zipcode": "",
        "lat": petition.latitude,
        "long": petition.longitude,
        "media_url": "",
    }


def _since(value: str | None) -> datetime | None:
    """A w3c datetime within the years people mean (1900–2200), or ValueError."""
    moment = parse_datetime(value) if value else None  # ValueError for 2019-02-30 too
    if value and moment is None:
        raise ValueError(value)
    if moment is None:
        return None
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise ValueError(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@csrf_exempt  # an API for applications: authenticated by api_key, not by a browser session
@require_http_methods(["GET", "POST"])
@public_rate_limit("open311")
@_format_view
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    try:
        start, end = _since(params.get("start_date")), _since(params.get("end_date"))
    except ValueError:
        return error(fmt, 400, "start_date and end_date are w3c datetimes")
    petitions = Petition.objects.select_related("agency").exclude(status=Status.MERGED)
    ids = [value for value in params.get("service_request_id", "").split(",") if value]
    if ids:
        petitions = petitions.filter(code__in=ids[:LIST_LIMIT])
    else:
        end = end or timezone.now()
        start = start or end - timedelta(days=LIST_DAYS)
        petitions = petitions.filter(received_at__gte=start, received_at__lte=end)
        codes = [code for code in params.get("service_code", "").split(",") if code]
        if codes:
            petitions = petitions.filter(kind__in=codes)
        status = params.get("status", "")
        if status == "open":
            petitions = petitions.filter(status__in=OPEN_STATUSES)
        elif status == "closed":
            petitions = petitions.exclude(status__in=OPEN_STATUSES)
        elif status:
            return error(fmt, 400, "status is open or closed")
    rows = [_request_row(p) for p in petitions.order_by("-received_at")[:LIST_LIMIT]]
    return _respond(fmt, "service_requests", "request", rows)


@require_GET
@public_rate_limit("open311")
@_format_view
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    petition = (
        Petition.objects.select_related("agency")
        .exclude(status=Status.MERGED)
        .filter(code=request_id)
        .first()
    )
    if petition is None:
        return error(fmt, 404, f"No service request {request_id}")
    return _respond(fmt, "service_requests", "request", [_request_row(petition)])


@require_GET
@public_rate_limit("open311")
@_format_view
def token(request: HttpRequest, token_id: str, fmt: str) -> HttpResponse:
    """Requests are created at once, so a token is the request's own id."""
    if not Petition.objects.filter(code=token_id).exists():
        return error(fmt, 404, f"No token {token_id}")
    return _respond(
        fmt, "service_requests", "request", [{"service_request_id": token_id, "token": token_id}]
    )


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(24)


def _decimal(value: str | None) -> Decimal | None:
    """A finite decimal (degrees) or None; "NaN", "Infinity" and 10**400 are refused."""
    try:
        number = Decimal(value) if value else None
    except InvalidOperation:
        raise ValueError(value) from None
    if number is not None and (not number.is_finite() or abs(number) > 1000):
        raise ValueError(value)
    return number


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    key = Open311Key.objects.filter(
        key_hash=key_hash(params.get("api_key", "")), is_active=True
    ).first()
    if key is None:
        return error(fmt, 403, "Invalid api_key received -- can't proceed with create_request.")
    if not hit(f"open311-key:{key.pk}", limit=key.requests_per_minute):
        return error(fmt, 429, "Too many requests for this api_key: wait a minute.")
    service_code = params.get("service_code", "")
    if service_code not in Kind.values:
        return error(fmt, 400, "service_code is missing or unknown")
    try:
        latitude, longitude = _decimal(params.get("lat")), _decimal(params.get("long"))
    except ValueError:
        return error(fmt, 400, "lat and long are decimal degrees (WGS84)")
    address = params.get("address_string", "").strip()
    if (latitude is None or longitude is None) and not address:
        return error(fmt, 400, "A location is required: lat and long, or address_string")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= (longitude or 0) <= 180):
        return error(fmt, 400, "lat and long are out of range")
    description = params.get("description", "").strip()
    name = " ".join(v for v in (params.get("first_name", ""), params.get("last_name", "")) if v)
    data = PetitionData(
        title=(description or str(Kind(service_code).label))[:120], content=description or "—",
        kind=Kind(service_code), channel=Channel.OPEN311, name=name.strip(),
        phone=params.get("phone", ""), email=params.get("email", ""), location=address,
        latitude=latitude, longitude=longitude,
    )  # fmt: skip
    try:
        petition = petition_receive(data=data)
    except DomainError as problem:
        return error(fmt, 400, str(problem.message))
    row = {
        "service_request_id": petition.code,
        "service_notice": f"Hạn phân loại: {_w3c(petition.due_at)}" if petition.due_at else "",
        "account_id": "",
    }
    return _respond(fmt, "service_requests", "request", [row])

"""The test district with its marriage procedure opened to online submission at desk A."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.portal.forms import ONLINE_STEPS
from tests.worlds import World

PDF = b"%PDF-1.4 ban scan"


@pytest.fixture
def world(district, admin, staffed) -> World:
    world = World(district, admin, staffed)
    ProcedureVersion.objects.filter(procedure__code="1.000894").update(accepts_online=True)
    return world


def scan(name: str = "to-khai.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def applicant_form(world, **overrides) -> dict[str, object]:
    data = {
        "agency": world.district.desk_a.pk, "kind": "person", "name": "Phạm Thị Hoa",
        "id_number": "001190000123", "email": "hoa@example.vn", "phone": "0987654321",
        "address": "Thôn Đông, xã Tam Hợp", "file-1": scan(), "file-2": scan("xac-nhan.pdf"),
    }  # fmt: skip
    data.update(overrides)
    return data


def fill_in(client, world, *, follow: Any = False, **overrides: Any):
    """Answer each page of the online submission (where, who, contact, documents) as a citizen
    would; the response of the first page that does not move on, else of the documents page.
    A value of None leaves that answer or file out."""
    data = {k: v for k, v in applicant_form(world, **overrides).items() if v is not None}
    start = client.get(reverse("portal-submit", args=["1.000894"]))
    page = start["Location"]
    while not page.endswith("/documents/"):
        step = page.rstrip("/").rsplit("/", 1)[1]
        answers = {name: data[name] for name in ONLINE_STEPS[step] if name in data}
        response = client.post(page, answers)
        if response.status_code != 302:
            return response
        page = response["Location"]
    files = {name: value for name, value in data.items() if name.startswith("file-")}
    return client.post(page, files, follow=follow)


def submit_online(client, world, **overrides) -> Dossier:
    """Fill the pages, ask for the code by email, type it: the dossier is submitted."""
    response = fill_in(client, world, **overrides)
    assert response.status_code == 302, response.content.decode()
    client.post(response["Location"], {"send": "email"})
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body)).group(1)
    done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302
    return Dossier.objects.get(reference=done["Location"].split("/track/")[1].split("?")[0])

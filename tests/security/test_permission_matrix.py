"""Who may do what, as one table: every role × every staff, API and download endpoint × the
user's own unit and a foreign one (docs/access.md). Each cell is the answer a person gets.

The "own" unit is commune A (desk A and its committee), where each role holds its position;
the "foreign" one is commune B, whose dossier, process and petition never touch commune A.
Read-only roles may read and not write; what may not be read is "not found" (404), never
"forbidden", so that its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import Process, StepKind
from motcua.catalog.services import StepData, process_draft_save, process_publish
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentReceived, dossier_receive
from motcua.org.models import Agency, Role
from motcua.petitions.models import Petition
from motcua.petitions.services import PetitionData, petition_assign, petition_receive
from tests.factories import AgencyFactory, log_in_with_second_factor, staff
from tests.worlds import APPLICANT, COMPLETE, World, vn

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 ban scan"
ROLES = [
    "anonymous", "clerk", "specialist", "hotline", "leader", "chairman", "manager", "inspector",
    "reform", "admin",
]  # fmt: skip
A = "own"
B = "foreign"


@dataclass
class Scene:
    dossier: dict[str, Dossier]
    process: dict[str, Process]
    petition: dict[str, Petition]
    agency: dict[str, Agency]
    users: dict[str, User]
    receive: Callable[[str], Dossier]  # a new dossier on that side, for a write to act on


def _foreign_process(world: World, version) -> Process:
    """Commune B's own process for the same procedure: it never reaches commune A."""
    district = world.district
    clerk_b = staff(Role.CLERK, district.desk_b)
    staff(Role.SPECIALIST, district.desk_b)
    draft = process_draft_save(
        actor=world.admin, procedure=version.procedure, agency=district.desk_b,
        steps=[
            StepData("Tiếp nhận", StepKind.RECEIVE, Role.CLERK, district.desk_b, Decimal(2)),
            StepData("Xử lý", StepKind.PROCESS, Role.SPECIALIST, district.desk_b, Decimal(8)),
            StepData("Trả", StepKind.RETURN, Role.CLERK, district.desk_b, Decimal(2)),
        ],
    )  # fmt: skip
    process_publish(actor=world.admin, process=draft, effective_from=date(2018, 1, 1))
    draft.clerk_b = clerk_b  # type: ignore[attr-defined]
    return draft


@pytest.fixture
def scene(district, admin, staffed, settings) -> Scene:
    world = World(district, admin, staffed)
    office = AgencyFactory.create(
        name="Văn phòng HĐND và UBND huyện", kind="office", unit=district.committee.unit,
        parent=district.committee,
    )  # fmt: skip
    settings.MOTCUA_HOTLINE_OFFICE = office.code
    users = {
        "clerk": staff(Role.CLERK, district.desk_a),
        "specialist": staff(Role.SPECIALIST, district.desk_a),
        "hotline": staff(Role.HOTLINE_OPERATOR, district.desk_a),
        "leader": staff(Role.DEPARTMENT_LEADER, district.commune_a),
        "chairman": staff(Role.SIGNING_AUTHORITY, district.commune_a),
        "manager": staff(Role.CENTRE_MANAGER, district.desk_a),
        "inspector": staff(Role.INSPECTOR, district.commune_a),
        "reform": staff(Role.REFORM_OFFICER, district.commune_b),
        "admin": staff(Role.SYSTEM_ADMIN, district.committee),
    }
    for name in ("chairman", "admin"):
        TOTP.activate(users[name], generate_totp_secret())
    operator = staff(Role.HOTLINE_OPERATOR, office)
    own_process = Process.objects.get(agency=district.desk_a)
    foreign_process = _foreign_process(world, own_process.procedure_version)

    # Received by the clerk whose position the matrix tests: the receive step is theirs.
    clerks = {A: users["clerk"], B: foreign_process.clerk_b}  # type: ignore[attr-defined]
    agencies = {A: district.desk_a, B: district.desk_b}

    def receive(side: str) -> Dossier:
        clerk, agency = clerks[side], agencies[side]
        scan = SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")
        first, *rest = COMPLETE
        components = [ComponentReceived(first.name, originals=1, required_position=1, file=scan)]
        return dossier_receive(
            actor=clerk, agency=agency, procedure_code="1.000894", applicant=APPLICANT,
            components=[*components, *rest], at=vn(2019, 3, 4, 8),
        )  # fmt: skip

    def petition(agency: Agency) -> Petition:
        filed = petition_receive(
            data=PetitionData(title="Chậm trả kết quả", content="Nội dung", name="An",
                              phone="0912345678")
        )  # fmt: skip
        return petition_assign(actor=operator, petition_id=filed.pk, agency=agency)

    return Scene(
        dossier={A: receive(A), B: receive(B)},
        process={A: own_process, B: foreign_process},
        petition={A: petition(district.desk_a), B: petition(district.desk_b)},
        agency={A: district.desk_a, B: district.desk_b},
        users=users,
        receive=receive,
    )


def _file_url(dossier: Dossier) -> str:
    component = dossier.components.exclude(file="").get()
    return reverse("staff-dossier-file", args=[dossier.code, "component", component.pk])


def _written(dossier: Dossier, call: Callable[[str], int]) -> object:
    """Ok when the write happened (an event was recorded), else the answer's status. Each
    write acts on a dossier of its own, so that one role's write never changes another's."""
    before = dossier.events.count()
    status = call(str(dossier.code))
    return "ok" if dossier.events.count() > before else status


# Each endpoint: how to call it for the own or the foreign side.
Call = Callable[[Client, Scene, str], object]
ENDPOINTS: dict[str, Call] = {
    "dossier": lambda c, s, side: (
        c.get(reverse("staff-dossier", args=[s.dossier[side].code])).status_code
    ),
    "scan": lambda c, s, side: c.get(_file_url(s.dossier[side])).status_code,
    "slip": lambda c, s, side: (
        c.get(
            reverse("staff-dossier-slip", args=[s.dossier[side].code, "receipt", "pdf"])
        ).status_code
    ),
    "forward": lambda c, s, side: _written(
        s.receive(side),
        lambda code: (
            c.post(reverse("staff-dossier-act", args=[code]), {"action": "forward"}).status_code
        ),
    ),
    "api-dossier": lambda c, s, side: (
        c.get(f"/api/v1/dossiers/{s.dossier[side].code}/").status_code
    ),
    "api-forward": lambda c, s, side: _written(
        s.receive(side),
        lambda code: (
            c.post(
                f"/api/v1/dossiers/{code}/actions/forward/", {}, content_type="application/json"
            ).status_code
        ),
    ),
    "process": lambda c, s, side: (
        c.get(reverse("catalog-process", args=[s.process[side].pk])).status_code
    ),
    "agency": lambda c, s, side: (
        c.get(reverse("org-agency-detail", args=[s.agency[side].pk])).status_code
    ),
    "petition": lambda c, s, side: (
        c.get(reverse("petitions-detail", args=[s.petition[side].code])).status_code
    ),
    "letter": lambda c, s, side: (
        c.get(reverse("petitions-letter", args=[s.petition[side].code])).status_code
    ),
    # Pages of one role (own/foreign does not apply: both columns are the same request).
    "desk": lambda c, s, side: c.get(reverse("staff-desk")).status_code,
    "hotline": lambda c, s, side: c.get(reverse("petitions-hotline")).status_code,
    "statistics": lambda c, s, side: c.get(reverse("stats-statistics")).status_code,
    "import": lambda c, s, side: c.post(reverse("catalog-import"), {}).status_code,
    "api-stats": lambda c, s, side: c.get("/api/v1/stats/table", {"period": "2019"}).status_code,
}

# Expected answers per role, "own/foreign"; → is the anonymous visitor sent to log in, "ok" a
# write that happened, 302 a page refusing a write with its message, 401/403 the API's refusals.
# Petitions go by the agency in charge itself (docs/petitions.md), not its parents: the commune
# leader does not see what is assigned to its one-stop unit. The letter exists once approved:
# before that its own specialist gets 400 ("no approved answer"), after the permission check;
# likewise the administrator's import without a file (400) where everyone else gets 403.
TABLE = """
endpoint     anon    clerk   special hotline leader  chair   manager inspect reform  admin
dossier      →/→     200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
scan         →/→     200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
slip         →/→     200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
forward      →/→     ok/404  302/404 302/404 302/404 302/404 302/404 302/404 302/302 302/302
api-dossier  403/403 200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
api-forward  403/403 ok/404  403/404 403/404 403/404 403/404 403/404 403/404 403/403 403/403
process      →/→     200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
agency       →/→     200/404 200/404 200/404 200/404 200/404 200/404 200/404 200/200 200/200
petition     →/→     404/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404 404/404
letter       →/→     404/404 400/404 404/404 404/404 404/404 404/404 404/404 404/404 404/404
desk         →/→     200/200 403/403 403/403 403/403 403/403 403/403 403/403 403/403 403/403
hotline      →/→     404/404 404/404 200/200 404/404 404/404 404/404 404/404 404/404 404/404
statistics   →/→     200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
import       →/→     403/403 403/403 403/403 403/403 403/403 403/403 403/403 403/403 400/400
api-stats    403/403 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
"""
L = "→"


def _cell(text: str) -> object:
    return text if text in (L, "ok") else int(text)


def expected() -> dict[str, dict[str, tuple[object, ...]]]:
    header, *lines = TABLE.strip().splitlines()
    assert len(header.split()) == len(ROLES) + 1
    return {
        endpoint: {
            role: tuple(_cell(part) for part in cell.split("/"))
            for role, cell in zip(ROLES, cells, strict=True)
        }
        for endpoint, *cells in (line.split() for line in lines)
    }


def _client(scene: Scene, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        log_in_with_second_factor(client, scene.users[role])
    return client


def _answer(status: object, role: str) -> object:
    return L if role == "anonymous" and status == 302 else status


def test_the_permission_matrix(scene):
    actual: dict[str, dict[str, tuple[object, object]]] = {}
    for role in ROLES:
        for endpoint, call in ENDPOINTS.items():
            cells = []
            for side in (A, B):
                client = _client(scene, role)
                cells.append(_answer(call(client, scene, side), role))
            actual.setdefault(endpoint, {})[role] = tuple(cells)  # type: ignore[assignment]
    matrix = expected()
    assert set(matrix) == set(ENDPOINTS)
    mismatches = [
        (endpoint, role, matrix[endpoint][role], actual[endpoint][role])
        for endpoint in ENDPOINTS
        for role in ROLES
        if matrix[endpoint][role] != actual[endpoint][role]
    ]
    assert mismatches == []

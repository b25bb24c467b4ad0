"""Digitised copies: the receiving clerk certifies a scan as a true copy; the same applicant's
later dossier reuses it instead of a new scan (another person's is refused); the 766 index
counts the dossiers that reused one (5.3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers.models import DossierComponent
from motcua.dossiers.selectors import digitised_copies
from motcua.dossiers.services import ApplicantData, component_certify
from motcua.indices.services import unit_index
from motcua.org.models import Role
from tests.factories import staff
from tests.worlds import APPLICANT, COMPLETE, vn

pytestmark = pytest.mark.django_db


def _scanned():
    return [replace(part, file=SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4 " + bytes([n]),
                                                  "application/pdf"))
            for n, part in enumerate(COMPLETE)]  # fmt: skip


def test_a_certified_copy_is_reused_by_the_same_applicant_only(client, world):
    first = world.receive(vn(2026, 3, 2, 9), components=_scanned())
    component = first.components.order_by("pk").first()
    with pytest.raises(PermissionDenied):
        component_certify(actor=staff(Role.SPECIALIST, world.district.desk_a),
                          dossier_id=first.pk, component_id=component.pk)  # fmt: skip
    client.force_login(world.clerk)
    answer = client.post(reverse("staff-dossier-certify", args=[first.code, component.pk]))
    assert answer.status_code == 302
    component.refresh_from_db()
    assert component.certified_by == world.clerk
    assert first.events.last().action == "certify_scan"
    with pytest.raises(DomainError, match="đã là bản số hóa"):
        component_certify(actor=world.clerk, dossier_id=first.pk, component_id=component.pk)
    [copy] = digitised_copies(APPLICANT.id_number)
    reusing = [replace(COMPLETE[0], reuse_of=copy.pk), replace(COMPLETE[1], file=SimpleUploadedFile(
        "b.pdf", b"%PDF-1.4 b", "application/pdf"))]  # fmt: skip
    second = world.receive(vn(2026, 3, 9, 9), components=reusing)
    reused = second.components.get(reused_from=copy)
    assert reused.file.name == copy.file.name  # the same stored scan, not asked for again
    assert (second.components_count, second.unscanned_count) == (2, 0)
    stranger = ApplicantData(name="Lê Văn Khác", id_number="001090000999", phone="0900000000")
    with pytest.raises(DomainError, match="không phải bản số hóa"):
        world.receive(vn(2026, 3, 10, 9), applicant=stranger, components=reusing)
    assert DossierComponent.objects.filter(reused_from=copy).count() == 1
    index = unit_index(world.district.desk_a.unit, start=date(2026, 3, 1), end=date(2026, 3, 31))
    reuse = next(i for g in index["groups"] for i in g["indicators"] if i["code"] == "5.3")
    assert (reuse["numerator"], reuse["denominator"]) == (1, 2)

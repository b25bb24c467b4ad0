"""Anyone checks a result: the public page and the API say who signed it, when, whether it is
intact and trusted and whether the registry holds it (and if it was revoked) — without the
holder's name."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from weasyprint import HTML

from motcua.core.errors import DomainError, PermissionDenied
from motcua.indices.services import unit_index
from motcua.signatures.models import Result
from motcua.signatures.pades import Appearance, Pkcs12Key, sign_pdf
from motcua.signatures.services import ResultData, result_revoke, result_sign
from tests.pki import PASSPHRASE
from tests.signatures.conftest import at_signature

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, url: str | None = None):
    return client.post(
        url or reverse("signatures-verify"),
        {"file": SimpleUploadedFile("ket-qua.pdf", content, "application/pdf")},
    )


def test_genuine_tampered_unknown_and_revoked_results(client, world, trusted):
    dossier = at_signature(world)
    result = result_sign(actor=world.chairman, dossier_id=dossier.pk,
                         key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
                         data=ResultData(number="15/GCN"))  # fmt: skip
    signed = result.attachment.file.read()
    page = _upload(client, signed).content.decode()
    assert "Hợp lệ: có chữ ký số, còn nguyên vẹn và có trong sổ kết quả" in page
    assert "15/GCN" in page
    assert dossier.applicant_name not in page  # no personal data on the public page
    api = _upload(client, signed, reverse("results-api-verify")).json()
    assert (api["verdict"], api["intact"], api["trusted"]) == ("genuine", True, True)
    assert api["registry"]["number"] == "15/GCN"
    tampered = bytearray(signed)
    tampered[400] ^= 0x01
    assert "Tệp đã bị sửa đổi sau khi ký" in _upload(client, bytes(tampered)).content.decode()
    assert _upload(client, bytes(tampered), reverse("results-api-verify")).json()[
        "verdict"] == "tampered"  # fmt: skip
    with Pkcs12Key(trusted.pkcs12(), PASSPHRASE).open() as signer:  # signed, not by motcua
        other = sign_pdf(_blank_pdf(), signer=signer,
                         appearance=Appearance("A", "B", "C", "D"))  # fmt: skip
    assert "không có trong sổ kết quả" in _upload(client, other).content.decode()
    result_revoke(actor=world.chairman, result_id=result.pk, reason="Cấp nhầm người")
    assert _upload(client, signed, reverse("results-api-verify")).json()["verdict"] == "revoked"
    reference = client.get(reverse("signatures-reference", args=[result.reference]))
    assert "Cấp nhầm người" in reference.content.decode()
    assert dossier.applicant_name not in reference.content.decode()
    refused = _upload(client, b"not a pdf")
    assert refused.status_code == 400
    assert "Tệp không phải PDF" in refused.content.decode()


def _blank_pdf() -> bytes:
    return bytes(HTML(string="<p>Một văn bản khác</p>").write_pdf())


def test_only_its_signer_revokes_a_result_with_a_reason(world, trusted):
    result = result_sign(actor=world.chairman, dossier_id=at_signature(world).pk,
                         key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
                         data=ResultData(number="16/GCN"))  # fmt: skip
    with pytest.raises(DomainError, match="lý do"):
        result_revoke(actor=world.chairman, result_id=result.pk, reason=" ")
    with pytest.raises(PermissionDenied):
        result_revoke(actor=world.leader, result_id=result.pk, reason="Sai")
    assert Result.objects.get(pk=result.pk).status == "valid"


def test_the_applicant_downloads_the_signed_result_and_the_index_counts_it(client, world,
                                                                           trusted):  # fmt: skip
    dossier = at_signature(world)
    result = result_sign(actor=world.chairman, dossier_id=dossier.pk,
                         key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
                         data=ResultData(number="17/GCN"))  # fmt: skip
    track = reverse("portal-track-dossier", args=[dossier.code])
    page = client.get(track, {"s": dossier.secret}).content.decode()
    assert reverse("portal-track-result", args=[dossier.code]) in page
    download = client.get(reverse("portal-track-result", args=[dossier.code]),
                          {"s": dossier.secret})  # fmt: skip
    assert b"".join(download.streaming_content) == result.attachment.file.read()
    wrong = client.get(reverse("portal-track-result", args=[dossier.code]), {"s": "sai"})
    assert wrong.status_code == 404
    client.force_login(world.clerk)  # the receiving desk reads the dossier
    staff_page = client.get(reverse("staff-dossier", args=[dossier.code])).content.decode()
    assert "17/GCN" in staff_page
    assert "được tin cậy, chưa bị thu hồi" in staff_page  # checked as the public page checks
    signed_in_march = unit_index(world.district.desk_a.unit, start=date(2026, 1, 1),
                                 end=date(2026, 12, 31))  # fmt: skip
    electronic = next(i for g in signed_in_march["groups"] for i in g["indicators"]
                      if i["code"] == "5.1")  # fmt: skip
    assert (electronic["numerator"], electronic["denominator"]) == (1, 1)


def test_staff_find_results_in_the_registry_and_the_signer_revokes_one(client, world, trusted):
    dossier = at_signature(world)
    result = result_sign(actor=world.chairman, dossier_id=dossier.pk,
                         key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
                         data=ResultData(number="18/GCN"))  # fmt: skip
    client.force_login(world.clerk)
    found = client.get(reverse("signatures-registry"), {"q": "nguyen van an"}).content.decode()
    assert "18/GCN" in found  # the holder found without accents
    assert "Thu hồi" not in found  # only the signer revokes
    assert (
        "18/GCN" not in client.get(reverse("signatures-registry"), {"q": "khac"}).content.decode()
    )
    refused = client.post(reverse("signatures-registry"), {"result": result.pk, "reason": "Sai"})
    assert refused.status_code == 400
    assert Result.objects.get(pk=result.pk).status == "valid"

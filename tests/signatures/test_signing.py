"""Signing a result with real keys — a PKCS#12 file and a SoftHSM2 token — with a timestamp from
the test TSA; pyHanko's validator accepts the result as intact and trusted against the test root
and refuses it after one byte is changed; a wrong PIN, a revoked or an expired certificate
refuse the signature and leave the dossier unsigned."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.core.errors import PermissionDenied
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.signatures import pades
from motcua.signatures.models import Result
from motcua.signatures.pades import Pkcs12Key
from motcua.signatures.services import ResultData, result_sign, results_sign_batch
from tests.factories import log_in_with_second_factor
from tests.pki import PASSPHRASE
from tests.signatures.conftest import at_signature

pytestmark = pytest.mark.django_db


def _validate(signed: bytes, pki) -> pades.Checked:
    return pades.check_pdf(signed, trust_roots=[pki.cert("root")], allow_fetching=True)


def test_the_command_signs_with_a_pkcs12_key_and_the_validator_accepts_it(world, trusted,
                                                                         tmp_path):  # fmt: skip
    dossier = at_signature(world)
    out = tmp_path / "signed.pdf"
    call_command("sign-result", dossier.code, "--as", world.chairman.username, "--pkcs12",
                 str(trusted.pkcs12()), "--passphrase", PASSPHRASE, "--number", "15/GCN",
                 "-o", str(out), stdout=io.StringIO())  # fmt: skip
    signed = out.read_bytes()
    checked = _validate(signed, trusted)
    assert (checked.intact, checked.valid, checked.trusted) == (True, True, True)
    assert checked.timestamped  # the test TSA's timestamp on the signature
    reader = PdfFileReader(io.BytesIO(signed))
    assert "/DSS" in reader.root  # B-LT: the certificates and OCSP answers embedded
    assert len(reader.embedded_signatures) == 2  # B-LTA: and a document timestamp over it all
    assert "Nguyễn Tuấn Anh" in checked.signer
    tampered = bytearray(signed)
    tampered[400] ^= 0x01  # one byte of the signed content
    assert not _validate(bytes(tampered), trusted).intact
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.READY_TO_RETURN
    assert dossier.events.last().actor == world.chairman  # the signing authority's action
    result = Result.objects.get(dossier=dossier)
    assert (result.number, result.sha256) == ("15/GCN", pades.sha256(signed))
    assert result.attachment.file.read() == signed


def test_a_pkcs11_token_signs_and_a_wrong_pin_signs_nothing(world, trusted, token, tmp_path):
    dossier = at_signature(world)
    out = tmp_path / "signed.pdf"
    common = [dossier.code, "--as", world.chairman.username, "--pkcs11-lib", token.library,
              "--token-label", token.label, "-o", str(out)]  # fmt: skip
    with pytest.raises(CommandError, match="Mã PIN không đúng"):
        call_command("sign-result", *common, "--pin", "000000", stdout=io.StringIO())
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.APPROVED
    assert not Result.objects.exists()
    call_command("sign-result", *common, "--pin", token.pin, stdout=io.StringIO())
    checked = _validate(out.read_bytes(), trusted)
    assert (checked.intact, checked.trusted) == (True, True)
    assert Result.objects.get().dossier == dossier


@pytest.mark.parametrize(("label", "message"), [("revoked", "thu hồi"), ("expired", "hết hạn")])
def test_a_revoked_or_expired_certificate_signs_nothing(world, trusted, label, message):
    dossier = at_signature(world)
    with pytest.raises(pades.SigningError, match=message):
        result_sign(actor=world.chairman, dossier_id=dossier.pk,
                    key=Pkcs12Key(trusted.pkcs12(label), PASSPHRASE),
                    data=ResultData(number="1/GCN"))  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.APPROVED
    assert not Result.objects.exists()


def test_only_the_signing_authority_signs_and_a_wrong_passphrase_signs_nothing(world, trusted):
    dossier = at_signature(world)
    key = Pkcs12Key(trusted.pkcs12(), PASSPHRASE)
    with pytest.raises(PermissionDenied, match="Lãnh đạo ký duyệt"):  # the clerk may not sign
        result_sign(actor=world.clerk, dossier_id=dossier.pk, key=key,
                    data=ResultData(number="1/GCN"))  # fmt: skip
    with pytest.raises(pades.SigningError, match="mật khẩu"):
        result_sign(
            actor=world.chairman,
            dossier_id=dossier.pk,
            key=Pkcs12Key(trusted.pkcs12(), "sai"),
            data=ResultData(number="1/GCN"),
        )
    assert not Result.objects.exists()


def test_a_batch_signs_many_results_with_one_opening_of_the_key(world, trusted):
    dossiers = [at_signature(world) for _ in range(3)]
    outcome = results_sign_batch(
        actor=world.chairman, key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
        items=[(d.pk, ResultData(number=f"{n}/GCN")) for n, d in enumerate(dossiers, 1)]
        + [(dossiers[0].pk, ResultData(number="9/GCN"))],  # already signed by then: refused
    )  # fmt: skip
    assert [r.number for r in outcome.signed] == ["1/GCN", "2/GCN", "3/GCN"]
    assert [dossier for dossier, _why in outcome.refused] == [dossiers[0].pk]


def test_the_signing_authority_signs_a_batch_from_the_queue_with_a_key_given_for_it(
    client, world, trusted
):
    first, second = at_signature(world), at_signature(world)
    TOTP.activate(world.chairman, generate_totp_secret())
    log_in_with_second_factor(client, world.chairman)
    url = reverse("signatures-sign")
    page = client.get(url).content.decode()
    assert first.code in page
    assert second.code in page
    key = trusted.pkcs12().read_bytes()
    wrong = client.post(url, {"dossier": [first.pk], "passphrase": "sai",
                              "key": SimpleUploadedFile("khoa.p12", key)})  # fmt: skip
    assert wrong.status_code == 400
    assert "Sai mật khẩu" in wrong.content.decode()
    assert not Result.objects.exists()
    done = client.post(url, {"dossier": [first.pk, second.pk], f"number-{first.pk}": "20/GCN",
                             "passphrase": PASSPHRASE,
                             "key": SimpleUploadedFile("khoa.p12", key)})  # fmt: skip
    assert done.status_code == 302
    assert sorted(Result.objects.values_list("number", flat=True)) == sorted(
        ["20/GCN", second.code])  # fmt: skip

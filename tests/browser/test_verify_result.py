"""The public verification page in the real Chromium: a genuine result, a tampered one and a
signed PDF that is not in the registry, each told apart in words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from weasyprint import HTML

from motcua.signatures.pades import Appearance, Pkcs12Key, sign_pdf
from motcua.signatures.services import ResultData, result_sign
from tests.pki import PASSPHRASE
from tests.signatures.conftest import at_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anyone_tells_a_genuine_result_from_a_tampered_or_unknown_one(
    live_server, page, world, trusted, tmp_path
):
    result = result_sign(actor=world.chairman, dossier_id=at_signature(world).pk,
                         key=Pkcs12Key(trusted.pkcs12(), PASSPHRASE),
                         data=ResultData(number="15/GCN"))  # fmt: skip
    genuine = tmp_path / "ket-qua.pdf"
    genuine.write_bytes(result.attachment.file.read())
    tampered = tmp_path / "ket-qua-sua.pdf"
    changed = bytearray(genuine.read_bytes())
    changed[400] ^= 0x01
    tampered.write_bytes(bytes(changed))
    unknown = tmp_path / "van-ban-khac.pdf"
    with Pkcs12Key(trusted.pkcs12(), PASSPHRASE).open() as signer:
        unknown.write_bytes(
            sign_pdf(
                HTML(string="<p>Văn bản khác</p>").write_pdf(),
                signer=signer,
                appearance=Appearance("A", "B", "C", "D"),
            )
        )
    for path, verdict in ((genuine, "Hợp lệ"), (tampered, "Tệp đã bị sửa đổi sau khi ký"),
                          (unknown, "không có trong sổ kết quả")):  # fmt: skip
        page.goto(f"{live_server.url}/verify/")
        page.get_by_label("Kết quả (tệp PDF)").set_input_files(str(path))
        page.get_by_role("button", name="Kiểm tra").click()
        expect(page.locator("#verdict")).to_contain_text(verdict)
    page.goto(f"{live_server.url}/verify/{result.reference}/")
    expect(page.locator("#result-status")).to_have_text("Còn hiệu lực")

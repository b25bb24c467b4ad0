"""Signing results in a batch: 20 result PDFs signed with one opening of the key (PAdES,
RSA 2048, a PKCS#12 key made for the run), against rendering the same 20 PDFs — the work the
signature adds on top of making the result. Prints documents per second and the ratio."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from tempfile import TemporaryDirectory

BATCH = 20


def _pkcs12(directory: Path, passphrase: bytes) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Chủ tịch (bench)")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    path = directory / "bench.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"bench", key, certificate, None, BestAvailableEncryption(passphrase)))  # fmt: skip
    return path


def main() -> None:
    from bench.catalogue_bench import setup_django

    setup_django()
    from motcua.documents.pdf import render_pdf
    from motcua.signatures.pades import Appearance, Pkcs12Key, sign_pdf

    def render(number: int) -> bytes:
        return render_pdf("signatures/result_pdf.html", {
            "dossier": None, "number": f"{number}/GCN", "title": "Giấy chứng nhận (bench)",
            "signer": "Chủ tịch", "url": "http://127.0.0.1:8000/verify/x/", "qr": "",
            "today": dt.datetime.now(dt.UTC).date(),
        })  # fmt: skip

    started = time.perf_counter()
    pdfs = [render(n) for n in range(BATCH)]
    rendering = time.perf_counter() - started
    with TemporaryDirectory() as folder:
        key = Pkcs12Key(_pkcs12(Path(folder), b"bench"), "bench")
        started = time.perf_counter()
        with key.open() as signer:  # one opening of the key for the batch
            signed = [sign_pdf(pdf, signer=signer, appearance=Appearance(
                "Chủ tịch", "Chủ tịch", "Ký số kết quả", "Bench")) for pdf in pdfs]  # fmt: skip
        signing = time.perf_counter() - started
    assert all(document.startswith(b"%PDF") for document in signed)
    print(f"\nSigned results, a batch of {BATCH} (PAdES, RSA 2048, one opening of the key)")
    print(f"  rendering the {BATCH} PDFs       {rendering * 1000:8.1f} ms")
    rate, ratio = BATCH / signing, signing / rendering
    print(f"  signing them                {signing * 1000:8.1f} ms   "
          f"{rate:6.1f} results/s   ratio {ratio:.2f} of rendering")  # fmt: skip


if __name__ == "__main__":
    main()

"""A test PKI made for each test session with certomancer: a root CA, a signing authority's
certificate (and a revoked one, and an expired one), an OCSP responder and a timestamp
authority served over HTTP on a loopback port (certomancer's aiohttp Animator in a thread) — so
signatures are made and checked with real keys, real timestamps and real revocation answers.
A SoftHSM2 token holds the signer's key for PKCS#11 signing."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.network import free_port

ARCH = "motcua-test"
KEYS = ("root", "signer", "revoked", "expired", "ocsp", "tsa")
PASSPHRASE = "mat-khau-thu"
PIN, SO_PIN = "123456", "65432100"
TOKEN = "motcua-test"


def _config(prefix: str) -> dict[str, Any]:
    def leaf(subject: str, **extra: Any) -> dict[str, Any]:
        return {
            "subject": subject, "issuer": "root",
            "validity": {"valid-from": "2020-01-01T00:00:00+0000",
                         "valid-to": "2045-01-01T00:00:00+0000"},
            "extensions": [
                {"id": "key_usage", "critical": True,
                 "smart-value": {"schema": "key-usage",
                                 "params": ["digital_signature", "non_repudiation"]}},
                {"id": "authority_information_access",
                 "smart-value": {"schema": "aia-urls",
                                 "params": {"ocsp-responder-names": ["root"]}}},
            ],
            **extra,
        }  # fmt: skip

    return {
        "external-url-prefix": prefix,
        "keysets": {ARCH: {"keys": {name: {"path": f"{name}.key.pem"} for name in KEYS}}},
        "pki-architectures": {ARCH: {
            "keyset": ARCH,
            "entity-defaults": {"country-name": "VN", "organization-name": "UBND huyện Thử"},
            "entities": {
                "root": {"common-name": "motcua Test Root CA"},
                "signer": {"common-name": "Nguyễn Tuấn Anh"},
                "revoked": {"common-name": "Trần Văn Thu Hồi"},
                "expired": {"common-name": "Lê Văn Hết Hạn"},
                "ocsp": {"common-name": "motcua Test OCSP"},
                "tsa": {"common-name": "motcua Test TSA"},
            },
            "certs": {
                "root": {
                    "subject": "root", "issuer": "root",
                    "validity": {"valid-from": "2020-01-01T00:00:00+0000",
                                 "valid-to": "2050-01-01T00:00:00+0000"},
                    "extensions": [
                        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                        {"id": "key_usage", "critical": True,
                         "smart-value": {"schema": "key-usage",
                                         "params": ["digital_signature", "key_cert_sign",
                                                    "crl_sign"]}},
                    ],
                },
                "signer": leaf("signer"),
                "revoked": leaf("revoked", revocation={"revoked-since": "2024-01-01T00:00:00+0000",
                                                       "reason": "key_compromise"}),
                "expired": {**leaf("expired"),
                            "validity": {"valid-from": "2020-01-01T00:00:00+0000",
                                         "valid-to": "2021-01-01T00:00:00+0000"}},
                "ocsp": {
                    "subject": "ocsp", "issuer": "root",
                    "validity": {"valid-from": "2020-01-01T00:00:00+0000",
                                 "valid-to": "2045-01-01T00:00:00+0000"},
                    "extensions": [
                        {"id": "extended_key_usage", "critical": True,
                         "value": ["ocsp_signing"]},
                        {"id": "ocsp_no_check"},
                    ],
                },
                "tsa": {
                    "subject": "tsa", "issuer": "root",
                    "validity": {"valid-from": "2020-01-01T00:00:00+0000",
                                 "valid-to": "2045-01-01T00:00:00+0000"},
                    "extensions": [
                        {"id": "extended_key_usage", "critical": True,
                         "value": ["time_stamping"]},
                    ],
                },
            },
            "services": {
                "ocsp": {"root": {"for-issuer": "root", "responder-cert": "ocsp",
                                  "signing-key": "ocsp"}},
                "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
            },
        }},
    }  # fmt: skip


@dataclass
class TestPki:
    directory: Path
    url: str
    arch: Any
    _loop: Any = None

    @property
    def timestamp_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def cert(self, label: str) -> Any:
        from certomancer.registry import CertLabel

        return self.arch.get_cert(CertLabel(label))

    def pkcs12(self, label: str = "signer", passphrase: str = PASSPHRASE) -> Path:
        from certomancer.registry import CertLabel

        path = self.directory / f"{label}.p12"
        if not path.exists():
            path.write_bytes(
                self.arch.package_pkcs12(CertLabel(label), password=passphrase.encode())
            )
        return path

    def root_pem(self) -> Path:
        path = self.directory / "root.cert.pem"
        path.write_bytes(
            b"-----BEGIN CERTIFICATE-----\n"
            + base64.encodebytes(self.cert("root").dump())
            + b"-----END CERTIFICATE-----\n"
        )
        return path

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)


def start_pki(directory: Path) -> TestPki:
    """Keys, certificates and the OCSP and timestamp services on a free loopback port."""
    from aiohttp import web
    from certomancer.integrations.aiohttp_animator import build_animator_app
    from certomancer.registry import ArchLabel, CertomancerConfig

    directory.mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (directory / f"{name}.key.pem").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = CertomancerConfig(_config(url), key_search_dir=str(directory))
    arch = config.get_pki_arch(ArchLabel(ARCH))
    app = build_animator_app({ArchLabel(ARCH): arch}, with_web_ui=False)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    threading.Thread(target=serve, daemon=True, name="test-pki").start()
    ready.wait(10)
    return TestPki(directory, url, arch, loop)


@dataclass(frozen=True)
class SoftToken:
    library: str
    label: str
    pin: str


SOFTHSM_LIBRARIES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


def softhsm_token(directory: Path, pki: TestPki, label: str = "signer") -> SoftToken:
    """A fresh SoftHSM2 token holding the signer's key and certificate under `label`."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    library = next((path for path in SOFTHSM_LIBRARIES if Path(path).exists()), None)
    assert library, "SoftHSM2 is installed by .ci/run (Debian package softhsm2)"
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = shutil.which("softhsm2-util") or "/usr/bin/softhsm2-util"
    # The arguments are the test's own constants and paths (S603: nothing untrusted).
    subprocess.run([util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN,  # noqa: S603
                    "--so-pin", SO_PIN], check=True, capture_output=True)  # fmt: skip
    subprocess.run([util, "--import", str(directory / f"{label}.key.pem"),  # noqa: S603
                    "--token", TOKEN, "--label", label, "--id", "01", "--pin", PIN],
                   check=True, capture_output=True)  # fmt: skip
    token = pkcs11.lib(library).get_token(token_label=TOKEN)
    with token.open(user_pin=PIN, rw=True) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: b"\x01",
            Attribute.SUBJECT: pki.cert(label).subject.dump(),
            Attribute.VALUE: pki.cert(label).dump(),
        })  # fmt: skip
    return SoftToken(library, TOKEN, PIN)


# --- fixtures (a plugin of the root conftest) ---------------------------------------------------


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    started = start_pki(tmp_path_factory.mktemp("pki"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def token(pki):
    return softhsm_token(pki.directory, pki)


@pytest.fixture
def trusted(settings, pki):
    """motcua configured with the test root and the test timestamp authority."""
    settings.MOTCUA_SIGNATURE_TRUST_ROOTS = [pki.root_pem()]
    settings.MOTCUA_TIMESTAMP_URL = pki.timestamp_url
    return pki

"""PAdES signatures with pyHanko: the keys (a PKCS#12 file, a PKCS#11 token such as the USB
tokens Vietnamese officials sign with, or a remote signing service behind the same interface),
signing a PDF with a visible appearance in Vietnamese and, where a timestamp authority is
configured, a timestamp (PAdES B-T), and validating a signed PDF against the trust roots.

pyHanko is imported where a signature is made or read, not at start-up."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

T = TypeVar("T")


def off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous functions, which run their own event loop: directly,
    or from a worker thread when this thread already runs one (a browser test's Playwright)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


class SigningError(DomainError):
    """The key could not sign: a wrong PIN or passphrase, a token absent, a certificate not
    valid now. Nothing is signed."""

    code = "signing_failed"
    http_status = 400


class KeySource(Protocol):
    """Where a signing key is: opened for one batch (one PIN entry, N documents)."""

    def open(self) -> Any:  # a context manager yielding a pyHanko Signer
        ...


@dataclass(frozen=True)
class Pkcs12Key:
    """A PKCS#12 file and its passphrase (tests, small offices)."""

    path: Path
    passphrase: str

    @contextmanager
    def open(self) -> Iterator[Any]:
        try:
            data = self.path.read_bytes()
        except OSError:
            raise SigningError(_("The key file cannot be read.")) from None
        with Pkcs12Upload(data, self.passphrase).open() as signer:
            yield signer


@dataclass(frozen=True)
class Pkcs12Upload:
    """A PKCS#12 key given for one batch from the browser (read in memory, never stored)."""

    data: bytes
    passphrase: str

    @contextmanager
    def open(self) -> Iterator[Any]:
        from pyhanko.sign import signers

        try:
            signer = signers.SimpleSigner.load_pkcs12_data(
                self.data, other_certs=[], passphrase=self.passphrase.encode()
            )
        except (ValueError, TypeError):
            signer = None
        if signer is None:
            raise SigningError(_("The passphrase is wrong, or the file is not a PKCS#12 key."))
        yield signer


@dataclass(frozen=True)
class Pkcs11Key:
    """A key on a PKCS#11 token: the vendor's library, the token's label and its PIN; the key
    and its certificate under one label on the token (the key label defaults to the first)."""

    library: str
    token_label: str
    pin: str
    key_label: str | None = None

    @contextmanager
    def open(self) -> Iterator[Any]:
        from pkcs11 import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        try:
            session = open_pkcs11_session(
                self.library, token_criteria=TokenCriteria(label=self.token_label),
                user_pin=self.pin,
            )  # fmt: skip
        except PKCS11Error as error:
            raise SigningError(_token_problem(error)) from None
        except Exception as error:  # the library missing, the token absent
            raise SigningError(
                _("The token %(label)s cannot be opened: %(problem)s")
                % {"label": self.token_label, "problem": error}
            ) from None
        try:
            label = self.key_label or _only_key_label(session)
            yield PKCS11Signer(session, cert_label=label, key_label=label)
        finally:
            session.close()


def _only_key_label(session: Any) -> str:
    from pkcs11 import Attribute, ObjectClass

    labels = [key[Attribute.LABEL] for key in session.get_objects(
        {Attribute.CLASS: ObjectClass.PRIVATE_KEY})]  # fmt: skip
    if len(labels) != 1:
        raise SigningError(_("Say which key of the token to sign with (its label)."))
    return str(labels[0])


def _token_problem(error: Exception) -> str:
    name = type(error).__name__
    if name in ("PinIncorrect", "PinLenRange", "PinInvalid"):
        return str(_("The PIN is wrong."))
    if name == "PinLocked":
        return str(_("The token is locked: too many wrong PINs."))
    if name in ("NoSuchToken", "TokenNotPresent", "DeviceRemoved"):
        return str(_("The token is not there."))
    return str(_("The token refused: %(problem)s") % {"problem": name})


@dataclass(frozen=True)
class Appearance:
    signer: str
    title: str
    reason: str
    location: str


FIELD_NAME = "ChuKySo"


def sign_pdf(
    pdf: bytes, *, signer: Any, appearance: Appearance, timestamp_url: str = "",
    validation: Any = None,
) -> bytes:  # fmt: skip
    """The PDF with a PAdES signature: visible on the last page (signer, title, time, reason in
    Vietnamese); timestamped (B-T) when a timestamp authority is given; with the validation
    data embedded (B-LT) when a validation context is given, and with both a document
    timestamp over it all (B-LTA) — the signature then stays verifiable after the certificate
    expires or the responders are gone."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.stamp import TextStampStyle

    try:
        last_page = int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"]) - 1
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except Exception:
        raise SigningError(_("The file is not a PDF that can be signed.")) from None
    stamp = TextStampStyle(
        stamp_text=(
            f"Ký bởi: {appearance.signer}\nChức vụ: {appearance.title}\n"
            "Thời gian: %(ts)s\n"
            f"Lý do: {appearance.reason}"
        ),
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, reason=appearance.reason, location=appearance.location,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=validation is not None, validation_context=validation,
        use_pades_lta=validation is not None and bool(timestamp_url),
    )  # fmt: skip
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=stamp,
        timestamper=timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=last_page,
                                           box=(330, 40, 570, 130)),
    )  # fmt: skip
    output = io.BytesIO()
    try:
        off_loop(pdf_signer.sign_pdf, writer, output=output)
    except HankoSigningError as error:
        raise SigningError(_("The signature could not be made: %(problem)s") % {
            "problem": error}) from None  # fmt: skip
    except Exception as error:
        if type(error).__module__.startswith("pkcs11"):
            raise SigningError(_token_problem(error)) from None
        raise
    return output.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Checked:
    """What a PDF's signature says, checked."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    valid: bool = False  # the cryptographic signature holds
    trusted: bool = False  # the certificate chains to a trust root and is not revoked
    signer: str = ""
    signed_at: datetime | None = None
    timestamped: bool = False
    problem: str = ""


def check_pdf(pdf: bytes, *, trust_roots: list[Any], allow_fetching: bool = False) -> Checked:
    """The first signature of the PDF validated against the trust roots (revocation checked
    online when `allow_fetching`: the OCSP responder named in the certificate)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
    except Exception:
        return Checked(signed=False, problem=str(_("The file is not a readable PDF.")))
    if not signatures:
        return Checked(signed=False, problem=str(_("The file carries no digital signature.")))
    embedded = signatures[0]
    context = ValidationContext(
        trust_roots=trust_roots, allow_fetching=allow_fetching,
        revocation_mode="hard-fail" if allow_fetching else "soft-fail",
    )  # fmt: skip
    try:
        status = off_loop(validate_pdf_signature, embedded, context)
    except Exception as error:
        return Checked(signed=True, problem=str(error))
    certificate = status.signing_cert
    return Checked(
        signed=True, intact=bool(status.intact), valid=bool(status.valid),
        trusted=bool(status.trusted and not getattr(status, "revoked", False)),
        signer=certificate.subject.human_friendly if certificate else "",
        signed_at=(status.timestamp_validity.timestamp if status.timestamp_validity
                   else status.signer_reported_dt),
        timestamped=status.timestamp_validity is not None,
    )  # fmt: skip

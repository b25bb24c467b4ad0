"""Signing a dossier's result and keeping it in the registry.

The signing authority's signature is the dossier's SIGN action: the result PDF (the draft
attached during processing, or one rendered from the dossier) is signed with the key first —
nothing is recorded if the key refuses —, then, in one transaction, the signed file is attached
to the signing step, the step is signed and the registry entry written. So no result is marked
signed unless its file is."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.core.text import normalize_text
from motcua.core.transactions import outermost
from motcua.core.uploads import removed_on_failure
from motcua.documents.pdf import render_pdf
from motcua.documents.qr import qr_data_uri
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_for
from motcua.dossiers.services import step_act_within
from motcua.dossiers.services.engine import step_for_action
from motcua.org.access import is_system_admin
from motcua.signatures import pades
from motcua.signatures.models import Result, ResultStatus

REASON = "Ký số kết quả giải quyết thủ tục hành chính"


@dataclass(frozen=True, slots=True)
class ResultData:
    number: str
    expires_on: date | None = None


def trust_roots() -> list[Any]:
    """The configured roots (MOTCUA_SIGNATURE_TRUST_ROOTS), as certificates."""
    from asn1crypto import pem, x509

    roots = []
    for path in settings.MOTCUA_SIGNATURE_TRUST_ROOTS:
        data = Path(path).read_bytes()
        if pem.detect(data):
            data = pem.unarmor(data)[2]
        roots.append(x509.Certificate.load(data))
    return roots


def verification_url(reference: str) -> str:
    return settings.MOTCUA_PUBLIC_URL + reverse("signatures-reference", args=[reference])


def _signable(actor: User, dossier_id: int) -> Dossier:
    """The dossier waiting for this actor's signature — refused before any key is opened."""
    dossier = (
        dossiers_for(actor)
        .select_related("current_step", "procedure_version", "agency")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise NotFound
    step_for_action(actor, dossier, Action.SIGN, None)  # raises the engine's own refusal
    return dossier


def _result_pdf(dossier: Dossier, data: ResultData, reference: str, signer: str) -> bytes:
    """The draft result the specialist attached (the latest PDF), or the result rendered from
    the dossier with its number and the QR code of its registry entry."""
    for attachment in dossier.attachments.order_by("-uploaded_at", "-pk"):
        with attachment.file.open("rb") as file:
            content = bytes(file.read())
        if content.startswith(b"%PDF-"):
            return content
    url = verification_url(reference)
    return render_pdf("signatures/result_pdf.html", {
        "dossier": dossier, "number": data.number, "expires_on": data.expires_on,
        "title": dossier.procedure_version.result, "signer": signer, "url": url,
        "qr": qr_data_uri(url), "today": timezone.localdate(),
    })  # fmt: skip


def long_term_context() -> Any:
    """With trust roots and a timestamp authority configured, the validation context whose
    answers (certificates, OCSP responses) are embedded in the signed file: PAdES B-LTA."""
    roots = trust_roots()
    if not roots or not settings.MOTCUA_TIMESTAMP_URL:
        return None
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=True)


def _check_certificate(signer: Any) -> None:
    """With trust roots configured, the key's certificate must chain to one, be valid now
    and not revoked (its OCSP responder asked): else nothing is signed."""
    roots = trust_roots()
    if not roots:
        return
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (
        ExpiredError,
        InvalidCertificateError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    context = ValidationContext(
        trust_roots=roots, other_certs=list(getattr(signer, "cert_registry", []) or []),
        allow_fetching=True, revocation_mode="hard-fail",
    )  # fmt: skip
    validator = CertificateValidator(signer.signing_cert, validation_context=context)
    try:
        pades.off_loop(asyncio.run, validator.async_validate_usage({"non_repudiation"}))  # type: ignore[no-untyped-call]
    except RevokedError:
        raise pades.SigningError(_("The certificate has been revoked.")) from None
    except ExpiredError:
        raise pades.SigningError(_("The certificate has expired.")) from None
    except (PathBuildingError, PathValidationError, InvalidCertificateError) as error:
        raise pades.SigningError(
            _("The certificate is not trusted: %(problem)s") % {"problem": error}
        ) from None


def _sign_one(
    actor: User, signer: Any, dossier_id: int, data: ResultData, at: datetime | None
) -> Result:
    number = normalize_text(data.number)
    if not number:
        raise DomainError(_("The result's number is required."), field="number")
    if data.expires_on is not None and data.expires_on <= timezone.localdate():
        raise DomainError(_("The expiry date must be after today."), field="expires_on")
    dossier = _signable(actor, dossier_id)
    reference = secrets.token_urlsafe(12)
    name = actor.get_full_name() or actor.get_username()
    title = _signing_title(actor, dossier)
    pdf = _result_pdf(dossier, ResultData(number, data.expires_on), reference, name)
    signed = pades.sign_pdf(
        pdf, signer=signer, timestamp_url=settings.MOTCUA_TIMESTAMP_URL,
        validation=long_term_context(),
        appearance=pades.Appearance(signer=name, title=title, reason=REASON,
                                    location=dossier.agency.name),
    )  # fmt: skip
    certificate = signer.signing_cert
    now = at or timezone.now()
    with removed_on_failure() as saved, outermost():
        dossier, attached = step_act_within(
            actor=actor, dossier_id=dossier.pk, action=Action.SIGN, step_id=None,
            comment=_("Signed digitally: result %(number)s") % {"number": number},
            attachments=[ContentFile(signed, name=f"ket-qua-{dossier.code}.pdf")], at=now,
            saved=saved,
        )  # fmt: skip
        return Result.objects.create(
            dossier=dossier, attachment=attached[0], number=number,
            title=dossier.procedure_version.result[:500], holder=dossier.applicant_name,
            issued_on=timezone.localdate(now), expires_on=data.expires_on,
            sha256=pades.sha256(signed), signer=certificate.subject.human_friendly[:500],
            certificate_serial=format(certificate.serial_number, "x"), signed_at=now,
            timestamped=bool(settings.MOTCUA_TIMESTAMP_URL), signed_by=actor,
            reference=reference,
        )  # fmt: skip


def _signing_title(actor: User, dossier: Dossier) -> str:
    step = dossier.current_step
    position = actor.positions.filter(agency_id=step.agency_id).first() if step else None
    return (position.title if position and position.title else "") or str(_("Signing authority"))


def result_sign(
    *, actor: User, dossier_id: int, key: pades.KeySource, data: ResultData,
    at: datetime | None = None,
) -> Result:  # fmt: skip
    """Sign one dossier's result with the key (see the module's docstring)."""
    _signable(actor, dossier_id)  # refused before the key is asked for its PIN
    with key.open() as signer:
        _check_certificate(signer)
        return _sign_one(actor, signer, dossier_id, data, at)


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    signed: list[Result]
    refused: list[tuple[int, str]]  # dossier id, why


def results_sign_batch(
    *, actor: User, key: pades.KeySource, items: Sequence[tuple[int, ResultData]]
) -> BatchOutcome:
    """Sign many results with one opening of the key (one PIN entry): each dossier in its own
    transaction; one refused (its state, its number) does not stop the others, a key that
    fails (a token removed) stops the batch — what was signed before stays signed."""
    signed, refused = [], []
    with key.open() as signer:
        _check_certificate(signer)
        for dossier_id, data in items:
            try:
                signed.append(_sign_one(actor, signer, dossier_id, data, None))
            except pades.SigningError:
                raise
            except DomainError as error:
                refused.append((dossier_id, str(error.message)))
    return BatchOutcome(signed, refused)


def result_revoke(
    *, actor: User, result_id: int, reason: str, replaced_by_id: int | None = None
) -> Result:
    """Revoke a result, or mark it replaced by a later one, with the reason (the signing
    authority of its agency, or an administrator)."""
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    with outermost():
        result = Result.objects.select_for_update().select_related("dossier").filter(
            pk=result_id).first()  # fmt: skip
        if result is None or not dossiers_for(actor).filter(pk=result.dossier_id).exists():
            raise NotFound
        if not (is_system_admin(actor) or result.signed_by_id == actor.pk):
            raise PermissionDenied(_("Only the signing authority who signed it may revoke it."))
        if result.status != ResultStatus.VALID:
            raise DomainError(_("This result is no longer valid."))
        replacement = None
        if replaced_by_id is not None:
            replacement = Result.objects.filter(
                pk=replaced_by_id, status=ResultStatus.VALID
            ).first()
            if replacement is None or replacement.pk == result.pk:
                raise DomainError(
                    _("Choose the valid result that replaces it."), field="replaced_by"
                )
        result.status = ResultStatus.REPLACED if replacement else ResultStatus.REVOKED
        result.replaced_by = replacement
        result.status_reason = reason.strip()
        result.status_changed_at = timezone.now()
        result.save()
    return result

"""Reading signed results: what a PDF's signature says, checked against the trust roots, and
whether it is a result the registry holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from motcua.core.text import fold
from motcua.dossiers.selectors import dossiers_for
from motcua.signatures import pades
from motcua.signatures.models import Result
from motcua.signatures.services import trust_roots


@dataclass(frozen=True)
class Verification:
    checked: pades.Checked
    result: Result | None  # the registry entry of exactly this file

    @property
    def verdict(self) -> str:
        """genuine, revoked (the registry's), tampered, untrusted, unknown, unsigned."""
        if not self.checked.signed:
            return "unsigned"
        if not (self.checked.intact and self.checked.valid):
            return "tampered"
        if self.result is None:
            return "unknown" if self.checked.trusted else "untrusted"
        if self.result.status != "valid":
            return "revoked"
        return "genuine" if self.checked.trusted else "untrusted"


def result_verify(pdf: bytes) -> Verification:
    """The PDF's signature checked against the trust roots and the registry entry of this
    exact file, by its hash."""
    # Nothing is fetched for a file anyone uploads: the addresses in its certificates are the
    # uploader's to choose (no request to them from here). A revoked result is the registry's
    # word; a certificate revoked before signing was refused then (services._check_certificate).
    checked = pades.check_pdf(pdf, trust_roots=trust_roots(), allow_fetching=False)
    result = (
        Result.objects.select_related("dossier__agency").filter(sha256=pades.sha256(pdf)).first()
    )
    return Verification(checked, result)


def result_by_reference(reference: str) -> Result | None:
    return (
        Result.objects.select_related("dossier__agency", "replaced_by")
        .filter(reference=reference)
        .first()
    )


def valid_result(dossier_id: int) -> Result | None:
    """The dossier's signed result still valid (the latest), for its applicant to download."""
    return (
        Result.objects.select_related("attachment")
        .filter(dossier_id=dossier_id, status="valid")
        .order_by("-signed_at")
        .first()
    )


def registry_for(user: Any, query: str = "") -> QuerySet[Result]:
    """The results of the dossiers the user reads, newest first, found by number, dossier code
    or holder (accents ignored for the holder)."""
    results = Result.objects.filter(dossier__in=dossiers_for(user)).select_related(
        "dossier__agency", "signed_by"
    )
    words = query.strip()
    if words:
        results = results.filter(
            Q(number__icontains=words)
            | Q(dossier__code__icontains=words)
            | Q(dossier__applicant_folded__contains=fold(words))
        )
    return results.order_by("-signed_at")

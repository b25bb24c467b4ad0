"""Anyone checks a signed result: upload the PDF (or open the QR code's link) and see who
signed it, when, whether it is intact and trusted, and whether the registry holds it — with
no personal data of its holder."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.core.parsing import parse_id
from motcua.core.ratelimit import public_rate_limit
from motcua.dossiers.selectors import awaiting_signature, work_queues
from motcua.org.guards import staff_required, staff_user
from motcua.signatures.pades import Pkcs12Upload
from motcua.signatures.selectors import (
    Verification,
    registry_for,
    result_by_reference,
    result_verify,
)
from motcua.signatures.services import ResultData, result_revoke, results_sign_batch

MAX_PDF_BYTES = 20 * 1024 * 1024


def verification_of_upload(request: Any) -> tuple[Verification | None, str]:
    upload = request.FILES.get("file")
    if upload is None or not upload.size:
        return None, _("Choose the PDF file of the result.")
    if upload.size > MAX_PDF_BYTES:
        return None, _("The file is larger than 20 MB.")
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        return None, _("The file is not a PDF.")
    return result_verify(content), ""


def public_result(verification: Verification) -> dict[str, Any]:
    """What the public page and API say: the signature and the registry entry, without the
    holder's name (personal data)."""
    checked, result = verification.checked, verification.result
    return {
        "verdict": verification.verdict,
        "signed": checked.signed,
        "intact": checked.intact and checked.valid,
        "trusted": checked.trusted,
        "signer": checked.signer,
        "signed_at": checked.signed_at.isoformat() if checked.signed_at else None,
        "timestamped": checked.timestamped,
        "registry": None if result is None else {
            "number": result.number, "title": result.title,
            "agency": result.dossier.agency.name, "issued_on": result.issued_on.isoformat(),
            "expires_on": result.expires_on.isoformat() if result.expires_on else None,
            "status": result.status, "reason": result.status_reason,
        },
    }  # fmt: skip


@public_rate_limit("verify")
@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    verification, problem = (None, "")
    if request.method == "POST":
        verification, problem = verification_of_upload(request)
    return render(
        request, "signatures/verify.html",
        {"shown": public_result(verification) if verification else None, "problem": problem},
        status=400 if problem else 200,
    )  # fmt: skip


@public_rate_limit("verify")
@require_http_methods(["GET"])
def reference_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The registry entry behind a result's QR code."""
    result = result_by_reference(reference)
    if result is None:
        raise Http404
    return render(request, "signatures/reference.html", {"result": result})


@staff_required
@require_http_methods(["GET", "POST"])
def registry_page(request: HttpRequest) -> HttpResponse:
    """The results registry: search, and revoke or replace a result with the reason."""
    user = staff_user(request)
    problem = ""
    if request.method == "POST":
        result_id = parse_id(request.POST.get("result"))
        try:
            result_revoke(actor=user, result_id=result_id or 0,
                          reason=request.POST.get("reason", ""),
                          replaced_by_id=parse_id(request.POST.get("replaced_by")))  # fmt: skip
        except DomainError as error:
            problem = str(error.message)
        else:
            messages.success(request, _("The result is revoked."))
            return redirect("signatures-registry")
    query = request.GET.get("q", "")[:100]
    page = Paginator(registry_for(user, query), 50).get_page(request.GET.get("page"))
    return render(request, "signatures/registry.html",
                  {"page": page, "query": query, "problem": problem, "user_id": user.pk},
                  status=400 if problem else 200)  # fmt: skip


MAX_KEY_BYTES = 64 * 1024


@staff_required
@require_http_methods(["GET", "POST"])
def sign_page(request: HttpRequest) -> HttpResponse:
    """The signing authority's queue signed in one batch with a PKCS#12 key given for the batch
    (read in memory, never stored): each ticked dossier's result, its number as typed."""
    user = staff_user(request)
    items = [item for item in awaiting_signature(work_queues(user)) if item.step.kind == "sign"]
    problem, outcome = "", None
    if request.method == "POST":
        chosen = {parse_id(value) for value in request.POST.getlist("dossier")} - {None}
        upload = request.FILES.get("key")
        if not chosen:
            problem = _("Tick the results to sign.")
        elif upload is None or not upload.size or upload.size > MAX_KEY_BYTES:
            problem = _("Choose the key file (.p12 or .pfx).")
        else:
            batch = [(item.step.dossier_id, ResultData(
                number=request.POST.get(f"number-{item.step.dossier_id}", "").strip()
                or item.step.dossier.code or "")) for item in items
                if item.step.dossier_id in chosen]  # fmt: skip
            try:
                outcome = results_sign_batch(
                    actor=user, items=batch,
                    key=Pkcs12Upload(upload.read(), request.POST.get("passphrase", "")),
                )  # fmt: skip
            except DomainError as error:
                problem = str(error.message)
            else:
                if outcome.signed:
                    messages.success(request, _("%(count)s results signed.")
                                     % {"count": len(outcome.signed)})  # fmt: skip
                for _dossier, why in outcome.refused:
                    messages.error(request, why)
                return redirect("signatures-sign")
    return render(request, "signatures/sign.html", {"items": items, "problem": problem},
                  status=400 if problem else 200)  # fmt: skip

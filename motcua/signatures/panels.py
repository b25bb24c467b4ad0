"""The staff dossier page's section on its signed results: each with what its signature says,
checked as the public verification page checks it."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.signatures.models import Result
from motcua.signatures.selectors import result_verify


def results_panel(dossier: Dossier, user: Any) -> tuple[str, dict[str, Any]] | None:
    del user  # the page already checked that the user reads the dossier
    results = list(Result.objects.filter(dossier=dossier).select_related("attachment"))
    if not results:
        return None
    checked = []
    for result in results:
        with result.attachment.file.open("rb") as file:
            checked.append((result, result_verify(file.read())))
    return "signatures/_dossier_results.html", {"results": checked}

"""`motcua slip <kind> <dossier code> -o file.pdf|file.docx`: print or export a dossier's slip.

`motcua slip <kind> --template -o kind.docx` writes the default Word template of the form, to be
edited and saved in MOTCUA_DOCX_TEMPLATE_DIR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.documents.docx import build_template
from motcua.dossiers.models import Dossier
from motcua.dossiers.slip_forms import FORMS
from motcua.dossiers.slips import TEMPLATES, Slip, SlipFormat, render_slip

# `guide` is the desk's name for the guidance slip.
ALIASES = {"guide": Slip.GUIDANCE}
FORMS_HELP = {
    Slip.RECEIPT: "receipt and appointment",
    Slip.GUIDANCE: "guidance to complete, at the desk (also: guide)",
    Slip.SUPPLEMENT: "supplementation request",
    Slip.REFUSAL: "refusal to receive or to resolve",
    Slip.APOLOGY: "apology and new appointment",
    Slip.STOP: "notice of stopping (2025 regime)",
    Slip.CONTROL: "process control slip",
    Slip.BOOK: "the tracking book's page of the dossier's day",
    Slip.HANDOVER: "result handover",
}


class Command(BaseCommand):
    help = (
        "Write a dossier's slip as PDF or DOCX in the forms of its legal regime, or a form's "
        "default Word template (--template). Forms: "
        + "; ".join(f"{slip.value}: {text}" for slip, text in FORMS_HELP.items())
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[*(slip.value for slip in Slip), *ALIASES])
        parser.add_argument("code", nargs="?", help="the dossier code (not with --template)")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--template", action="store_true", help="the empty Word template")

    def handle(
        self, *args: Any, kind: str, code: str | None, output: Path, template: bool, **options: Any
    ) -> None:
        translation.activate("vi")
        slip = ALIASES.get(kind) or Slip(kind)
        suffix = output.suffix.lower().lstrip(".")
        if template:
            if suffix != "docx":
                raise CommandError("A template is a Word file: -o name.docx")
            output.write_bytes(build_template(FORMS[TEMPLATES[slip]]))
            self.stdout.write(f"Written: {output}")
            return
        if suffix not in [fmt.value for fmt in SlipFormat]:
            raise CommandError("Write PDF or DOCX: -o file.pdf or -o file.docx")
        if not code:
            raise CommandError("Give the dossier code.")
        dossier = Dossier.objects.filter(code=code.strip().upper()).first()
        if dossier is None:
            raise CommandError(f"No dossier has the code {code}.")
        try:
            output.write_bytes(render_slip(dossier, slip, SlipFormat(suffix)))
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"Written: {output}")

"""`motcua slip receipt|control <dossier code> -o file.pdf`: print a dossier's slip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import Slip, slip_pdf


class Command(BaseCommand):
    help = "Write a dossier's slip (receipt and appointment, process control) as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[slip.value for slip in Slip])
        parser.add_argument("code")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, kind: str, code: str, output: Path, **options: Any) -> None:
        translation.activate("vi")
        dossier = Dossier.objects.filter(code=code.strip().upper()).first()
        if dossier is None:
            raise CommandError(f"No dossier has the code {code}.")
        if output.suffix.lower() != ".pdf":
            raise CommandError("Only PDF is written for now (-o file.pdf).")
        try:
            output.write_bytes(slip_pdf(dossier, Slip(kind)))
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"Written: {output}")

"""`motcua par report --year 2017 --level district --format json -o F`: the PAR index of every
unit of a year and level — totals, ranks, classes and each criterion's scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.org.models import UnitKind
from motcua.par.services import par_report


class Command(BaseCommand):
    help = "The PAR (CCHC) index: `report` writes every unit's scores, rank and class."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["report"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--level", required=True, choices=[kind.value for kind in UnitKind])
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        try:
            report = par_report(year=options["year"], level=options["level"])
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        options["output"].write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(f"{len(report['units'])} units written to {options['output']}")

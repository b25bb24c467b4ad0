"""The PAR (CCHC) index from the command line:

    motcua par report --year 2017 --level district --format json|xlsx|pdf -o F
    motcua par export-set --year 2026 --level commune -o criteria.xlsx
    motcua par import-set criteria.xlsx --user reform

`report` writes every unit's totals, rank, class, fields and criteria; the sets travel as the
spreadsheet a reform office fills in (an import refused lists every wrong row, nothing saved).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.spreadsheets import ImportRejected
from motcua.org.models import UnitKind
from motcua.par import exports
from motcua.par.models import CriteriaSet
from motcua.par.services import (
    criteria_set_export,
    criteria_set_import,
    par_report,
    ranking_heading,
)


class Command(BaseCommand):
    help = "The PAR (CCHC) index: report, export-set, import-set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["report", "export-set", "import-set"])
        parser.add_argument("file", nargs="?", type=Path, help="import-set: the spreadsheet")
        parser.add_argument("--year", type=int)
        parser.add_argument("--level", choices=[kind.value for kind in UnitKind])
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf"])
        parser.add_argument("-o", "--output", type=Path)
        parser.add_argument("--user", help="import-set: the reform officer who imports")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        try:
            if options["action"] == "import-set":
                self._import(options)
            else:
                self._write(options)
        except ImportRejected as rejected:
            lines = [str(rejected.message), *(str(error) for error in rejected.errors)]
            raise CommandError("\n".join(lines)) from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _write(self, options: dict[str, Any]) -> None:
        year, level, output = options["year"], options["level"], options["output"]
        if year is None or level is None or output is None:
            raise CommandError("--year, --level and -o are required.")
        if options["action"] == "export-set":
            criteria_set = CriteriaSet.objects.filter(year=year, level=level).first()
            if criteria_set is None:
                raise CommandError(f"No PAR criteria set for {year} and level {level}.")
            output.write_bytes(criteria_set_export(criteria_set))
            self.stdout.write(f"{criteria_set.criteria.count()} criteria written to {output}")
            return
        report = par_report(year=year, level=level)
        if options["format"] == "json":
            output.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            criteria_set = CriteriaSet.objects.get(year=year, level=level)
            heading = ranking_heading(criteria_set, day=timezone.localdate())
            write = exports.ranking_xlsx if options["format"] == "xlsx" else exports.ranking_pdf
            output.write_bytes(write(report, heading))
        self.stdout.write(f"{len(report['units'])} units written to {output}")

    def _import(self, options: dict[str, Any]) -> None:
        source, username = options["file"], options["user"]
        if source is None or not username:
            raise CommandError("import-set needs the spreadsheet and --user.")
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"No user {username}.")
        try:
            with source.open("rb") as handle:
                criteria_set = criteria_set_import(actor=actor, source=handle)
        except OSError as error:
            raise CommandError(f"{source}: {error.strerror}") from None
        self.stdout.write(
            f"{criteria_set.name}: {criteria_set.criteria.count()} criteria, "
            f"{criteria_set.assessments.count()} units"
        )

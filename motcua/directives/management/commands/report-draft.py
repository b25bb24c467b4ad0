"""`motcua report-draft --unit CODE --period 2018-Q2 -o draft.docx`: the periodic CCHC report of
an agency or administrative unit drafted from motcua's records (directives.reports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.directives.reports import report_draft
from motcua.stats.services import resolve_period


class Command(BaseCommand):
    help = "Draft the periodic CCHC report of a unit as a Word document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Agency or administrative unit code.")
        parser.add_argument("--period", required=True, help="2018, 2018-Q2, 2018-H1, 2018-9M")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        output: Path = options["output"]
        try:
            start, end = resolve_period(period=options["period"], start=None, end=None)
            content = report_draft(
                code=options["unit"], period=options["period"], start=start, end=end
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        except LookupError:
            raise CommandError(
                _("No agency or unit has the code %(code)s.") % {"code": options["unit"]}
            ) from None
        output.write_bytes(content)
        self.stdout.write(_("Draft report written to %(path)s") % {"path": output})

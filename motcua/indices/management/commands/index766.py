"""`motcua index766 [--unit CODE] --period 2026-Q3 --format json -o F`: the Decision 766 service
index of a unit (or of every unit of the period), each indicator explained, "no data" where
motcua does not hold what it needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.indices.services import index_report, units_in
from motcua.stats.services import resolve_period


class Command(BaseCommand):
    help = "The Decision 766 service index of a unit, or of every unit, for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="an administrative unit's code (default: every unit)")
        parser.add_argument("--period", required=True, help="2026, 2026-Q3, 2026-H1, 2026-05")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        try:
            start, end = resolve_period(period=options["period"], start=None, end=None)
            report = index_report(units_in(start, end, options["unit"]), start=start, end=end)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        options["output"].write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(f"{len(report['units'])} units written to {options['output']}")

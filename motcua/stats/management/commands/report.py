"""`motcua report --period 2018-Q2 [--unit CODE] --format xlsx|pdf|csv|json|book -o FILE`.

`--format book` writes the dossier tracking book (one line per dossier received) instead of the
statistics table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.stats.exports import as_csv, as_json, as_pdf, as_xlsx
from motcua.stats.selectors import GroupBy
from motcua.stats.services import book_for, report_heading, resolve_period, table_for


class Command(BaseCommand):
    help = "Write the statistics table for a period (for scheduled reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="2018, 2018-Q2, 2018-H1, 2018-9M or 2018-05")
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD (with --to)")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD")
        parser.add_argument("--unit", help="Only this agency or administrative unit (and below).")
        parser.add_argument("--group-by", default="agency", choices=[g.value for g in GroupBy])
        parser.add_argument(
            "--units",
            default="then",
            choices=["then", "today"],
            help="Units as they were at the time, or merged ones mapped onto today's successors.",
        )
        parser.add_argument(
            "--format", default="xlsx", choices=["xlsx", "pdf", "csv", "json", "book"]
        )
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        output: Path = options["output"]
        try:
            start, end = resolve_period(
                period=options["period"], start=options["start"], end=options["end"]
            )
            if options["format"] == "book":
                output.write_bytes(book_for(None, start=start, end=end, under=options["unit"]))
                self.stdout.write(f"Tracking book written to {output}")
                return
            table = table_for(
                None, start=start, end=end, group_by=options["group_by"], under=options["unit"],
                units_today=options["units"] == "today",
            )  # fmt: skip
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        if options["format"] == "json":
            output.write_text(json.dumps(as_json(table), ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            output.write_text(as_csv(table), encoding="utf-8-sig")  # Excel opens it in UTF-8
        else:
            title = translation.gettext("Statistics of administrative procedure dossiers")
            writer = as_pdf if options["format"] == "pdf" else as_xlsx
            heading = report_heading(None, under=options["unit"])
            output.write_bytes(writer(table, title=title, heading=heading))
        self.stdout.write(
            f"{len(table.rows)} rows, {table.total.received} dossiers received, written to {output}"
        )

"""`motcua catalogue import|export`: the catalogue as a spreadsheet (national layout) or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from motcua.accounts.models import User
from motcua.catalog import exchange
from motcua.core.spreadsheets import ImportRejected


class Command(BaseCommand):
    help = "Import or export the procedure catalogue (.xlsx or .json)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importing = commands.add_parser("import", help="All rows or none; errors listed by row.")
        importing.add_argument("file", type=Path)
        importing.add_argument(
            "--as", dest="username", required=True, help="The administrator recorded as author."
        )
        exporting = commands.add_parser("export", help="Versions in force and scheduled.")
        exporting.add_argument("-o", "--output", type=Path, required=True)
        exporting.add_argument("--all-versions", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        translation.activate("vi")
        if action == "export":
            self._export(options["output"], all_versions=options["all_versions"])
        else:
            self._import(options["file"], username=options["username"])

    def _export(self, output: Path, *, all_versions: bool) -> None:
        records = exchange.export_records(
            exchange.versions_for_export(day=timezone.localdate(), all_versions=all_versions)
        )
        writer = exchange.write_json if output.suffix == ".json" else exchange.write_xlsx
        output.write_bytes(writer(records))
        self.stdout.write(f"{len(records)} procedure versions written to {output}")

    def _import(self, path: Path, *, username: str) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user is called {username}.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        reader = exchange.read_json if path.suffix == ".json" else exchange.read_xlsx
        try:
            with path.open("rb") as source:
                report = exchange.catalogue_import(actor=actor, records=reader(source))
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(str(rejected.message)) from None
        self.stdout.write(
            f"{len(report.created)} new procedures, {len(report.new_versions)} new versions, "
            f"{len(report.unchanged)} unchanged, "
            f"{len(report.announced)} announcement decisions recorded."
        )

"""`motcua merge-units --into CODE --on YYYY-MM-DD CODE [CODE ...]`: merge administrative units
(e.g. the communes merged on 01/07/2025), as a system administrator (`--as USERNAME`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.core.parsing import parse_date
from motcua.org.models import AdministrativeUnit
from motcua.org.services import unit_merge


class Command(BaseCommand):
    help = (
        "Merge administrative units into another from a date: they and their agencies end the "
        "day before, name their successors, their staff carry over, and their open dossier "
        "steps and petitions go to the successors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("units", nargs="+", help="official codes of the units merged")
        parser.add_argument("--into", required=True, help="official code of the unit taking over")
        parser.add_argument("--on", required=True, help="the first day of the merged unit")
        parser.add_argument("--as", dest="username", required=True, help="a system administrator")
        parser.add_argument(
            "--successor",
            action="append",
            default=[],
            metavar="AGENCY=SUCCESSOR",
            help="an agency's successor by their codes, where its kind does not name one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        on = parse_date(options["on"])
        if on is None:
            raise CommandError(f"--on: expected YYYY-MM-DD, got {options['on']!r}")
        codes = [*options["units"], options["into"]]
        found = {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(f"No administrative unit has the code: {', '.join(missing)}")
        successors = {}
        for pair in options["successor"]:
            agency, sep, successor = pair.partition("=")
            if not sep or not agency.strip() or not successor.strip():
                raise CommandError(f"--successor: expected AGENCY=SUCCESSOR, got {pair!r}")
            successors[agency.strip()] = successor.strip()
        actor = get_user_model().objects.filter(username=options["username"]).first()
        if actor is None:
            raise CommandError(f"No user {options['username']!r}")
        try:
            merged = unit_merge(
                actor=actor, units=[found[code] for code in options["units"]],
                into=found[options["into"]], on=on, successors=successors,
            )  # fmt: skip
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            f"{len(merged)} units merged into {found[options['into']].name}; their open dossier "
            "steps and petitions now belong to the successors"
        )

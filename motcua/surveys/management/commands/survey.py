"""The satisfaction survey from the command line:

    motcua survey import --campaign 3 answers.csv [--check second-entry.csv] --user reform
    motcua survey report [--campaign 3] --format json -o report.json

`import` enters paper forms (CSV: unit, procedure, then one column per question code; with
`--check`, a second independent entry of the same forms must match cell for cell); `report`
writes each unit's index with its confidence interval and each factor's (the latest campaign
when none is named).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.spreadsheets import ImportRejected
from motcua.surveys.models import Campaign
from motcua.surveys.reports import campaign_report
from motcua.surveys.services import read_paper_csv, responses_import


class Command(BaseCommand):
    help = "Satisfaction surveys: import paper forms, report a campaign's index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "report"])
        parser.add_argument("file", nargs="?", type=Path, help="import: the answers (CSV)")
        parser.add_argument("--campaign", type=int, help="the campaign's number")
        parser.add_argument("--check", type=Path, help="import: the second entry (CSV)")
        parser.add_argument("--user", help="import: who enters the forms")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                self._report(options)
        except ImportRejected as rejected:
            lines = [str(rejected.message), *(str(error) for error in rejected.errors)]
            raise CommandError("\n".join(lines)) from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _campaign(self, number: int | None) -> Campaign:
        campaigns = Campaign.objects.select_related("questionnaire")
        campaign = campaigns.filter(pk=number).first() if number else campaigns.first()
        if campaign is None:
            raise CommandError(f"No campaign {number}." if number else "No campaign yet.")
        return campaign

    def _import(self, options: dict[str, Any]) -> None:
        source, check, username = options["file"], options["check"], options["user"]
        if source is None or not options["campaign"] or not username:
            raise CommandError("import needs the CSV file, --campaign and --user.")
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"No user {username}.")
        campaign = self._campaign(options["campaign"])
        try:
            with source.open("rb") as handle:
                first = read_paper_csv(handle, name=source.name)
            second = None
            if check is not None:
                with check.open("rb") as handle:
                    second = read_paper_csv(handle, name=check.name)
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from None
        count = responses_import(
            actor=actor, campaign_id=campaign.pk, first=first, second=second, name=source.name
        )
        self.stdout.write(f"{count} forms entered into {campaign.name}")

    def _report(self, options: dict[str, Any]) -> None:
        if options["output"] is None:
            raise CommandError("-o is required.")
        campaign = self._campaign(options["campaign"])
        report = campaign_report(campaign)
        options["output"].write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(f"{len(report['units'])} units written to {options['output']}")

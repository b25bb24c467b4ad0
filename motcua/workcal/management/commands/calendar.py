"""`motcua calendar …`: working-time answers for operators and scripts, in plain ISO output."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workcal.calendar import VIETNAM, CalendarError, DayKind
from motcua.workcal.services import calendar_for


def parse_instant(text: str) -> datetime:
    """ISO date or date-time; local Vietnamese time unless an offset is given."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"not an ISO date or date-time: {text!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def parse_number(text: str, *, whole: bool) -> float:
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise CommandError(f"{text!r} is not {kind}") from None
    if value < 0:
        raise CommandError("durations cannot be negative")
    return value


class Command(BaseCommand):
    help = "Working-time calendar: add-workdays, add-hours, between, holidays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", type=int, default=None, help="agency id (office hours)")
        commands = parser.add_subparsers(dest="action", required=True)
        add_days = commands.add_parser("add-workdays", help="due date after N working days")
        add_days.add_argument("start")
        add_days.add_argument("days")
        add_hours = commands.add_parser("add-hours", help="instant after H working hours")
        add_hours.add_argument("start")
        add_hours.add_argument("hours")
        between = commands.add_parser("between", help="working days after start up to end")
        between.add_argument("start")
        between.add_argument("end")
        year = commands.add_parser("holidays", help="days off of a year: date, name, source")
        year.add_argument("year", type=int)
        year.add_argument(
            "--all", action="store_true", help="also working weekend days and cancelled holidays"
        )

    def handle(self, *args: Any, action: str, agency: int | None, **options: Any) -> None:
        calendar = calendar_for(agency)
        try:
            if action == "add-workdays":
                start = parse_instant(options["start"])
                days = int(parse_number(options["days"], whole=True))
                self.stdout.write(calendar.add_working_days(start, days).date().isoformat())
            elif action == "add-hours":
                start = parse_instant(options["start"])
                hours = parse_number(options["hours"], whole=False)
                self.stdout.write(calendar.add_working_hours(start, hours).isoformat())
            elif action == "between":
                first, last = parse_date(options["start"]), parse_date(options["end"])
                self.stdout.write(str(calendar.working_days_between(first, last)))
            else:
                for special in calendar.special_days(options["year"]):
                    if special.kind is not DayKind.DAY_OFF and not options["all"]:
                        continue
                    source = special.source.value
                    if special.reference:
                        source = f"{source} {special.reference}"
                    kind = f"\t{special.kind.value}" if options["all"] else ""
                    self.stdout.write(f"{special.day.isoformat()}{kind}\t{special.name}\t{source}")
        except CalendarError as error:
            raise CommandError(str(error)) from None

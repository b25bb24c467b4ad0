"""`motcua simulate SCENARIO.json [...] [-o RESULT.json] [--check]`: legal scenarios as data.

Plays each scenario through the real services in a transaction rolled back at the end (the
configured data is never changed) and prints or writes the result. With `--check`, compares
the result with the scenario's "expect" object, prints every mismatch and exits 1 on any.
Format and the conformance suite: docs/conformance/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from motcua.simulation.checking import mismatches
from motcua.simulation.runner import simulate
from motcua.simulation.scenario import ScenarioError, parse
from motcua.stats.kpi import parse_period


class Command(BaseCommand):
    help = "Play legal scenarios (JSON) through the rules without keeping anything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenarios", nargs="+", type=Path, help="Scenario files (JSON).")
        parser.add_argument("-o", "--output", type=Path, help="Write the result here (one file).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare with each file's “expect”; exit 1 on any mismatch.",
        )
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        paths: list[Path] = options["scenarios"]
        if options["output"] and len(paths) > 1:
            raise CommandError(translation.gettext("-o takes one scenario at a time."))
        failed = 0
        for path in paths:
            scenario = self._read(path)
            try:
                result = simulate(scenario)
            except ScenarioError as error:
                raise CommandError(f"{path}:\n  " + "\n  ".join(error.problems)) from None
            text = json.dumps(result, ensure_ascii=False, indent=2)
            if options["output"]:
                options["output"].write_text(text + "\n", encoding="utf-8")
            elif not options["check"]:
                self.stdout.write(text)
            if options["check"]:
                if scenario.expect is None:
                    raise CommandError(
                        translation.gettext("%(path)s: no “expect” to check against.")
                        % {"path": path}
                    )
                found = mismatches(scenario.expect, result)
                if found:
                    failed += 1
                    self.stdout.write(self.style.ERROR(f"✗ {path}"))
                    for line in found:
                        self.stdout.write(f"    {line}")
                else:
                    self.stdout.write(self.style.SUCCESS(f"✓ {path}"))
        if failed:
            raise SystemExit(1)

    def _read(self, path: Path) -> Any:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                translation.gettext("%(path)s is not JSON: %(error)s")
                % {"path": path, "error": error}
            ) from None
        try:
            return parse(data, period_parser=parse_period)
        except ScenarioError as error:
            raise CommandError(f"{path}:\n  " + "\n  ".join(error.problems)) from None

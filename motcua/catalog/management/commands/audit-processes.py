"""`motcua audit-processes`: list every process in force that is defective, and how to fix it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from motcua.catalog.reports import severity_label, write_audit_xlsx
from motcua.catalog.selectors import process_audit_report, processes_in_force
from motcua.org.models import Agency
from motcua.org.selectors import agency_subtree_ids


class Command(BaseCommand):
    help = "Audit the internal processes in force; exit status 1 when a blocking finding exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="Only processes of this agency code and below.")
        parser.add_argument(
            "--on", type=date.fromisoformat, help="Audit as on this date (YYYY-MM-DD)."
        )
        parser.add_argument("--xlsx", type=Path, help="Also write the findings to this file.")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(
        self,
        *args: Any,
        agency: str | None,
        on: date | None,
        xlsx: Path | None,
        language: str,
        **options: Any,
    ) -> None:
        translation.activate(language)
        day = on or timezone.localdate()
        processes = processes_in_force(day)
        if agency:
            root = Agency.objects.filter(code=agency).first()
            if root is None:
                raise CommandError(f"No agency has the code {agency}.")
            processes = processes.filter(agency_id__in=agency_subtree_ids([root.pk]))
        audits = process_audit_report(processes, on=day)
        blocking = 0
        for audit in audits:
            process = audit.process
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"{process.procedure.code} {process.procedure_version.name} — "
                    f"{process.agency.code} v{process.number}"
                )
            )
            for finding in audit.findings:
                blocking += finding.blocking
                style = self.style.ERROR if finding.blocking else self.style.WARNING
                self.stdout.write(
                    style(f"  [{severity_label(finding.severity)}] {finding.message}")
                )
                self.stdout.write(f"      → {finding.fix}")
        total = processes.count()
        self.stdout.write(
            f"\n{total} processes in force on {day:%d/%m/%Y}; {len(audits)} with findings, "
            f"{blocking} blocking."
        )
        if xlsx:
            xlsx.write_bytes(write_audit_xlsx(audits, on=day))
            self.stdout.write(f"Written: {xlsx}")
        if blocking:
            raise SystemExit(1)

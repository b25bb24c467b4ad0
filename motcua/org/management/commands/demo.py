from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from motcua.org.demo import DEMO_ACCOUNTS, DEMO_COLLEAGUES, demo_is_loaded, demo_password


class Command(BaseCommand):
    help = "Load the demo district (idempotent) and print one account per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing but print the accounts when the demo is already loaded.",
        )
        parser.add_argument(
            "--history",
            type=int,
            default=0,
            metavar="N",
            help="Also insert N closed historical dossiers (bulk, for statistics at scale).",
        )

    def handle(self, *args: Any, if_empty: bool, history: int, **options: Any) -> None:
        password, password_is_new = demo_password(settings.VAR_DIR)
        if if_empty and demo_is_loaded() and not password_is_new:
            self.stdout.write("The demo district is already loaded.")
        else:
            # Each app adds its part, lower layers first (the org app cannot import the others).
            for loader in settings.MOTCUA_DEMO_LOADERS:
                import_string(loader)(password=password, reset_passwords=password_is_new)
            self.stdout.write(self.style.SUCCESS("Demo district loaded: Bình Xuyên (Vĩnh Phúc)."))
        if history:
            made = import_string(settings.MOTCUA_DEMO_HISTORY)(history)
            self.stdout.write(self.style.SUCCESS(f"{made:,} historical dossiers added."))
        self.stdout.write(f"\nDemo accounts (password for all: {password}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<16} {account.role.label} — {account.agency_code}"
            )
        self.stdout.write(
            f"  … and {len(DEMO_COLLEAGUES)} colleagues in the departments and communes"
            " (see /staff/org/)"
        )
        self.stdout.write(
            "  (signing authorities and admin set up a TOTP authenticator at first login)\n"
        )

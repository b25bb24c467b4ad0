"""`motcua backup -o DIR`: the database, uploaded files and secret key, consistent, in DIR."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.backup import BackupError, backup_create

logger = logging.getLogger("motcua.backup")


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL), the uploaded files and the secret key into "
        "a new folder, with a manifest of every file's SHA-256 written last."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="a new or empty folder")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        translation.activate("vi")
        folder = Path(output)
        try:
            summary = backup_create(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        logger.info("backup written: %s (%s, %d files)", folder, summary.engine, summary.files)
        self.stdout.write(
            _("Backup of the %(engine)s database written to %(folder)s: %(files)d files, "
              "%(size).1f MB.") % {"engine": summary.engine, "folder": folder,
                                   "files": summary.files, "size": summary.size / 1e6}
        )  # fmt: skip

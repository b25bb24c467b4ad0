"""`motcua restore DIR`: put a backup made by `motcua backup` back, after checking all of it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.backup import BackupError, backup_restore

logger = logging.getLogger("motcua.backup")


class Command(BaseCommand):
    help = (
        "Restore a backup: every file is checked against the manifest first; then the database, "
        "the uploaded files and the secret key are replaced. Stop the server before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a folder written by motcua backup")
        parser.add_argument(
            "--replace", action="store_true",
            help="replace a database that is not empty (everything in it is lost)",
        )  # fmt: skip

    def handle(self, *args: Any, folder: str, replace: bool, **options: Any) -> None:
        translation.activate("vi")
        try:
            manifest = backup_restore(Path(folder), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        logger.info("backup restored: %s (made %s)", folder, manifest["created_at"])
        self.stdout.write(
            _("Restored the backup of %(created)s: %(files)d files. Run motcua migrate if this "
              "version is newer than the backup's.") % {"created": manifest["created_at"],
                                                         "files": len(manifest["files"])}
        )  # fmt: skip

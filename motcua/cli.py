"""The `motcua` command: Django's management commands, with start-up checks first.

motcua serve            web server and background worker on http://127.0.0.1:8000
motcua demo             load the demo district (idempotent) and print its accounts
motcua migrate          apply database migrations
motcua <any Django management command>
"""

from __future__ import annotations

import os
import sys

# Commands that must work without a reachable database or Redis.
NO_PREFLIGHT = frozenset(
    {"help", "--help", "-h", "version", "--version", "check", "makemigrations"}
)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    from motcua.config import ConfigError
    from motcua.core.preflight import run_preflight

    command = args[0] if args else "help"
    if command not in NO_PREFLIGHT:
        try:
            run_preflight()
        except ConfigError as error:
            sys.exit(f"motcua: configuration error: {error}")
    execute_from_command_line(["motcua", *args])


if __name__ == "__main__":
    main()

"""`motcua sign-result CODE --as USER (--pkcs12 F --passphrase P | --pkcs11-lib L --token-label T
--pin P [--key-label K]) [--number N] [--expires YYYY-MM-DD] -o signed.pdf`: the signing authority
signs the result of a dossier waiting for its signature; the signed PDF is written and kept in
the registry."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.signatures.pades import KeySource, Pkcs11Key, Pkcs12Key
from motcua.signatures.services import ResultData, result_sign


class Command(BaseCommand):
    help = "Sign a dossier's result with a PKCS#12 key or a PKCS#11 token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="The dossier's code.")
        parser.add_argument("--as", dest="username", required=True,
                            help="The signing authority's user name.")  # fmt: skip
        parser.add_argument("--number", help="The result's number (default: the dossier code).")
        parser.add_argument("--expires", help="YYYY-MM-DD, when the result expires.")
        parser.add_argument("--pkcs12", type=Path)
        parser.add_argument("--passphrase", default="")
        parser.add_argument("--pkcs11-lib", dest="library")
        parser.add_argument("--token-label")
        parser.add_argument("--pin", default="")
        parser.add_argument("--key-label")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def _key(self, options: dict[str, Any]) -> KeySource:
        if options["pkcs12"] and not options["library"]:
            return Pkcs12Key(options["pkcs12"], options["passphrase"])
        if options["library"] and options["token_label"] and not options["pkcs12"]:
            return Pkcs11Key(options["library"], options["token_label"], options["pin"],
                             options["key_label"])  # fmt: skip
        raise CommandError(
            _(
                "Give a key: --pkcs12 FILE --passphrase P, or --pkcs11-lib LIB --token-label T "
                "--pin P."
            )
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        key = self._key(options)
        actor = get_user_model().objects.filter(username=options["username"]).first()
        dossier = Dossier.objects.filter(code=options["code"]).first()
        if actor is None or dossier is None:
            raise CommandError(_("No such user or dossier."))
        try:
            expires = date.fromisoformat(options["expires"]) if options["expires"] else None
        except ValueError:
            raise CommandError(_("--expires is a date: YYYY-MM-DD.")) from None
        try:
            result = result_sign(
                actor=actor, dossier_id=dossier.pk, key=key,
                data=ResultData(number=options["number"] or dossier.code or "", expires_on=expires),
            )  # fmt: skip
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        options["output"].write_bytes(result.attachment.file.open("rb").read())
        self.stdout.write(
            _("Result %(number)s signed; written to %(path)s")
            % {"number": result.number, "path": options["output"]}
        )

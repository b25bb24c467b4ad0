"""The login-security screens (django-allauth's, styled by motcua) speak Vietnamese: every text
their templates translate has a Vietnamese translation (motcua/locale_vendor or the project's)."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest
from django.utils import translation
from django.utils.translation.template import templatize

ALLAUTH = Path(allauth.__file__).parent / "templates"
# The screens a motcua official meets: confirming access, the second factor, recovery codes,
# logging out and resetting or changing the password (signup and social login are off).
SCREENS = [
    "account/base_reauthenticate.html", "account/reauthenticate.html", "account/logout.html",
    "account/password_change.html",
    "account/password_reset.html", "account/password_reset_done.html",
    "account/password_reset_from_key.html", "account/password_reset_from_key_done.html",
    "mfa/authenticate.html", "mfa/index.html", "mfa/reauthenticate.html",
    "mfa/totp/activate_form.html", "mfa/totp/deactivate_form.html",
    "mfa/recovery_codes/index.html", "mfa/recovery_codes/generate.html",
]  # fmt: skip
MOTCUA = Path(__file__).resolve().parents[2] / "motcua" / "templates"
GETTEXT = re.compile(r"gettext\(u'((?:[^'\\]|\\.)*)'\)")


def texts(screen: str) -> list[str]:
    # motcua's own version of a screen, where it has one, is the one shown.
    path = MOTCUA / screen if (MOTCUA / screen).exists() else ALLAUTH / screen
    found = GETTEXT.findall(templatize(path.read_text()))
    return [text.encode().decode("unicode_escape").encode("latin-1").decode() for text in found]


@pytest.mark.parametrize("screen", SCREENS)
def test_every_text_of_the_screen_is_vietnamese(screen):
    assert texts(screen)  # the screen's texts were found
    with translation.override("vi"):
        untranslated = [text for text in texts(screen) if translation.gettext(text) == text]
    assert untranslated == []

"""Vietnamese first: every string the interface shows has its Vietnamese translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

LOCALE_FILES = sorted(
    Path(__file__).resolve().parent.parent.glob("motcua/locale*/vi/LC_MESSAGES/django.po")
)


def untranslated(po_text: str) -> list[str]:
    missing = []
    for entry in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', entry, re.MULTILINE)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        if msgid and (not msgstr or "#, fuzzy" in entry):
            missing.append(msgid)
    missing.extend(re.findall(r'^msgid_plural "(.*)"\nmsgstr\[0\] ""$', po_text, re.MULTILINE))
    return missing


@pytest.mark.parametrize("po_file", LOCALE_FILES, ids=lambda path: str(path.parent.parent.parent))
def test_every_message_has_a_vietnamese_translation(po_file):
    assert untranslated(po_file.read_text(encoding="utf-8")) == []


def test_interface_is_vietnamese_by_default_and_english_on_request(db):
    # Whatever the browser asks for: English only when chosen (the language link's cookie).
    vietnamese = Client(headers={"accept-language": "en"}).get("/accounts/login/").content.decode()
    chooser = Client()
    chooser.get("/i18n/en/", {"next": "/accounts/login/"})
    english = chooser.get("/accounts/login/").content.decode()
    assert "Đăng nhập cán bộ" in vietnamese
    assert "Staff login" in english


def test_vietnamese_date_and_money_formats():
    from django.utils import formats

    from motcua.core.money import format_vnd

    with translation.override("vi"):
        import datetime

        assert formats.date_format(datetime.date(2018, 5, 11), "SHORT_DATE_FORMAT") == "11/05/2018"
        assert formats.number_format(1250000, force_grouping=True) == "1.250.000"
    assert format_vnd(1_250_000) == "1.250.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_vnd(-5_000) == "-5.000 đ"

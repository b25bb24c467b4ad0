"""Text helpers: NFC normalisation on input and a folded copy for accent-free search."""

from __future__ import annotations

import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def visible(value: str) -> str:
    """Without invisible format characters (zero-width spaces and joiners, BOM, bidi marks):
    nobody types them, and a name made only of them would look empty but count as given."""
    return "".join(char for char in value if unicodedata.category(char) != "Cf")


def normalize_text(value: str) -> str:
    """NFC, without invisible characters, surrounding and repeated inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", visible(value)).split())


def fold(value: str) -> str:
    """Search key: marks stripped, đ→d, casefolded ("Đăng ký khai sinh" → "dang ky khai sinh")."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


# The Vietnamese alphabet's order (with the Latin letters it lacks in their places), and the
# tones' order after it: level, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SHAPES = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese dictionary order ("Đất đai" after "Dân số", before "Hộ tịch"):
    letters first by the alphabet (ă and â after a, đ after d…), then by tone."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", value).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        shape = "".join(mark for mark in decomposed[1:] if mark in _SHAPES)
        tone = next((_TONES[mark] for mark in decomposed[1:] if mark in _TONES), 0)
        letter = unicodedata.normalize("NFC", base + shape)
        if letter in _RANK:
            letters.append(1000 + _RANK[letter])
        elif base.isdigit():
            letters.append(500 + int(base))
        else:
            letters.append(0 if base.isspace() else 100 + min(ord(base), 399))
        tones.append(tone)
    return tuple(letters), tuple(tones), value

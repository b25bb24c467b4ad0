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

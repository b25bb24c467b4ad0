"""Money is an integer number of đồng; shown the Vietnamese way: 1.250.000 đ, and in words on the
legal forms ("Một triệu hai trăm năm mươi nghìn đồng")."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Groups of three digits, from the right; after "tỷ" the names repeat (nghìn tỷ, triệu tỷ).
_GROUPS = ("", "nghìn", "triệu")


def format_vnd(amount: int) -> str:
    grouped = f"{abs(amount):,}".replace(",", ".")
    sign = "-" if amount < 0 else ""
    return f"{sign}{grouped} đ"


def _below_thousand(number: int, *, leading: bool) -> list[str]:
    """Read 0–999; a group that is not the leading one reads its zero hundreds and "linh"."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")  # 105 → một trăm linh năm
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")  # 21 → hai mươi mốt
        elif units == 5 and tens >= 1:
            words.append("lăm")  # 15 → mười lăm, 25 → hai mươi lăm
        elif units == 4 and tens >= 2:
            words.append("tư")  # 24 → hai mươi tư
        else:
            words.append(_DIGITS[units])
    return words


def _read(number: int) -> list[str]:
    """Read a positive whole number; billions nest (1.000.000.000.000 = một nghìn tỷ)."""
    billions, below = divmod(number, 1_000_000_000)
    words = [*_read(billions), "tỷ"] if billions else []
    groups = [(below // 1000**power) % 1000 for power in (2, 1, 0)]
    for power, group in zip((2, 1, 0), groups, strict=True):
        if group == 0:
            continue
        leading = not words
        words += _below_thousand(group, leading=leading)
        if _GROUPS[power]:
            words.append(_GROUPS[power])
    return words


def vnd_in_words(amount: int) -> str:
    """The amount as written on a receipt: capitalised, ending in "đồng"."""
    if amount == 0:
        return "Không đồng"
    words = _read(abs(amount))
    text = " ".join(["âm", *words] if amount < 0 else words) + " đồng"
    return text[0].upper() + text[1:]

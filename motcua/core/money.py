"""Money is an integer number of đồng; shown the Vietnamese way: 1.250.000 đ."""

from __future__ import annotations


def format_vnd(amount: int) -> str:
    grouped = f"{abs(amount):,}".replace(",", ".")
    sign = "-" if amount < 0 else ""
    return f"{sign}{grouped} đ"

"""Amounts in words as the legal forms and receipts write them (checked by hand)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from motcua.core.money import format_vnd, vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (2_050_000_000, "Hai tỷ không trăm năm mươi triệu đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (-30_000, "Âm ba mươi nghìn đồng"),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert vnd_in_words(amount) == words


def test_amount_in_figures() -> None:
    assert format_vnd(1_250_000) == "1.250.000 đ"
    assert format_vnd(-500) == "-500 đ"


def test_counts_shown_to_people_are_grouped_and_ids_are_not():
    rendered = Template("{% load numbers %}{{ count|grouped }} {{ pk }}").render(
        Context({"count": 12345, "pk": 1418})
    )
    assert rendered == "12.345 1418"

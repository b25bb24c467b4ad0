"""Search that forgives: everyday words, no accents, typos, the synonym list as data."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.catalog.demo import load_demo_catalogue
from motcua.catalog.models import SearchSynonym
from motcua.catalog.ranking import Index, synonym, variant, words
from motcua.catalog.selectors import procedure_search
from motcua.org.demo import load_demo_organisation
from motcua.org.models import Position

QUERIES = Path(__file__).parents[2] / "bench" / "data" / "search_queries.json"


@pytest.fixture
def demo_catalogue(db):
    load_demo_organisation(password=secrets.token_urlsafe(), reset_passwords=False)
    load_demo_catalogue(actor=Position.objects.get(user__username="admin").user)


def found(query: str) -> list[str]:
    return [v.name for v in procedure_search(day=timezone.localdate(), query=query)]


@pytest.mark.parametrize("query", ["giấy khai sinh", "dang ki khai sinh", "khai sinh cho con"])
def test_the_queries_that_found_nothing_find_the_birth_registration_first(demo_catalogue, query):
    assert found(query)[0] == "Đăng ký khai sinh"


def test_words_in_the_catalogues_order_rank_first(demo_catalogue):
    results = found("đăng ký khai sinh")
    assert results.index("Đăng ký khai sinh") < results.index("Đăng ký lại khai sinh")


def test_a_typo_and_an_everyday_name_still_find_the_procedure(demo_catalogue):
    assert found("dang ky khai sinhh")[0] == "Đăng ký khai sinh"
    assert found("làm sổ đỏ")[0] == "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
    assert found("xin phép xây nhà")[0] == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert found("khong co thu tuc nay") == []


def test_the_reform_office_extends_the_synonym_list(demo_catalogue):
    assert found("mở tiệm tạp hóa") == []
    SearchSynonym.objects.create(phrase="mở tiệm", means="thành lập hộ kinh doanh")
    assert found("mở tiệm tạp hóa")[0] == "Đăng ký thành lập hộ kinh doanh"


def test_nine_in_ten_everyday_queries_find_their_procedure_in_the_first_three(demo_catalogue):
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    assert len(queries) >= 50
    missed = [q["q"] for q in queries if q["expect"] not in found(q["q"])[:3]]
    assert len(missed) <= len(queries) // 10, missed


def test_spelling_variants_and_fillers():
    assert [variant(w) for w in ("ky", "ly", "my", "quy", "hay", "thuy")] == [
        "ki", "li", "mi", "quy", "hay", "thuy",
    ]  # fmt: skip
    assert words("Đăng Ký KHAI SINH 1.000894") == ["dang", "ki", "khai", "sinh", "1.000894"]
    index = Index([(1, "1.000894", "Đăng ký khai sinh"), (2, "1.000895", "Đăng ký khai tử")])
    assert index.correct("khaii") == "khai"
    assert index.correct("xyzw") == "xyzw"  # nothing near: left as typed
    assert index.search("1.000894") == [1]
    assert index.search("dang ky khai tu")[0] == 2
    assert index.search("bao tu", [synonym("báo tử", "khai tử")]) == [2]


def test_the_field_filter_lists_fields_in_vietnamese_order(demo_catalogue, client):
    page = client.get("/procedures/").content.decode()
    names = [name for name in ("Bảo trợ xã hội", "Chứng thực", "Đất đai", "Giáo dục", "Hộ tịch",
                               "Xây dựng") if name in page]  # fmt: skip
    positions = [page.index(f">{name}</option>") for name in names]
    assert len(names) == 6
    assert positions == sorted(positions)  # "Đất đai" after "Chứng thực", not last

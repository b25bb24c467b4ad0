from motcua.core.text import fold, normalize_text


def test_fold_makes_search_accent_free():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("  ĐĂNG   KÝ ") == "dang ky"
    assert fold("Hương Canh") == fold("huong canh")


def test_normalize_text_composes_and_trims():
    decomposed = "Thu\u0309 tu\u0323c"  # combining marks, as some keyboards type them
    assert normalize_text(f"  {decomposed}   hành  chính ") == "Thủ tục hành chính"


def test_lists_sort_in_vietnamese_dictionary_order():
    from motcua.core.text import vietnamese_sort_key

    fields = ["Xây dựng", "Đất đai", "Hộ tịch", "Dân số", "Chứng thực", "Đường bộ", "Bảo trợ"]
    assert sorted(fields, key=vietnamese_sort_key) == [
        "Bảo trợ", "Chứng thực", "Dân số", "Đất đai", "Đường bộ", "Hộ tịch", "Xây dựng",
    ]  # fmt: skip
    tones = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(tones, key=vietnamese_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["ban", "ân", "ăn", "an"], key=vietnamese_sort_key) == ["an", "ăn", "ân", "ban"]
    assert sorted(["ơn", "ôm", "ong"], key=vietnamese_sort_key) == ["ong", "ôm", "ơn"]

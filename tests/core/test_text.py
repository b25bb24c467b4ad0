from motcua.core.text import fold, normalize_text


def test_fold_makes_search_accent_free():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("  ĐĂNG   KÝ ") == "dang ky"
    assert fold("Hương Canh") == fold("huong canh")


def test_normalize_text_composes_and_trims():
    decomposed = "Thu\u0309 tu\u0323c"  # combining marks, as some keyboards type them
    assert normalize_text(f"  {decomposed}   hành  chính ") == "Thủ tục hành chính"

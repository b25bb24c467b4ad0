"""The PAR index's arithmetic on the seed's own numbers: Bình Xuyên 2017, 45 appraised direct
points + 43.37 survey points = 88.37, 4th of the province's 9 districts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.par.scoring import (
    Band,
    CriteriaSet,
    Criterion,
    Rule,
    Score,
    ScoringError,
    check_set,
    classify,
    criterion_points,
    measured_points,
    ranks,
    unit_total,
)

D = Decimal
ON_TIME = Criterion(
    "2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", D(10), Rule.BANDED,
    bands=(Band(Fraction(1), D(10)), Band(Fraction(95, 100), D(7)), Band(Fraction(90, 100), D(4))),
)  # fmt: skip
ONLINE = Criterion(
    "3.1", "Tỷ lệ hồ sơ nộp trực tuyến", D(10), Rule.RATIO, threshold=Fraction(50, 100)
)
# A sample district set of the seed's province (50 direct + 50 survey); SAMPLE criteria.
DISTRICTS_2017 = CriteriaSet(
    direct_max=D(50),
    survey_max=D(50),
    fields=(
        Criterion("1", "Công tác chỉ đạo, điều hành", D(10)),
        Criterion("2", "Cải cách thủ tục hành chính", D(20), children=(
            ON_TIME, Criterion("2.2", "Công khai thủ tục hành chính", D(10)),
        )),
        Criterion("3", "Hiện đại hóa hành chính", D(20), children=(
            ONLINE, Criterion("3.2", "Ứng dụng công nghệ thông tin", D(10)),
        )),
        Criterion("4", "Điểm trừ", D(0), children=(
            Criterion("4.1", "Để hồ sơ quá hạn không xin lỗi", D(5), Rule.DEDUCTION),
        )),
    ),
    classes=(
        (D(90), "Xuất sắc"), (D(80), "Tốt"), (D(70), "Khá"), (D(50), "Trung bình"), (D(0), "Yếu"),
    ),
)  # fmt: skip


def test_binh_xuyen_2017_is_88_37_and_fourth_of_nine():
    check_set(DISTRICTS_2017)
    binh_xuyen = {
        "1": Score(self_score=D(10), appraised=D(10)),
        "2.1": Score(measured=Fraction(96, 100)),  # 96 % on time: the 95 % band, 7 points
        "2.2": Score(self_score=D(10)),
        "3.1": Score(measured=Fraction(45, 100)),  # 45/50 × 10 = 9.00
        "3.2": Score(self_score=D(10), appraised=D(9)),  # the council took one point off
    }
    total = unit_total(DISTRICTS_2017, binh_xuyen, survey=D("43.37"))
    assert (total.direct, total.survey, total.total) == (D(45), D("43.37"), D("88.37"))
    others = {  # SAMPLE totals of the other eight districts
        "Vĩnh Yên": D("93.10"), "Phúc Yên": D("91.42"), "Yên Lạc": D("89.05"),
        "Tam Dương": D("87.90"), "Vĩnh Tường": D("86.12"), "Lập Thạch": D("84.60"),
        "Sông Lô": D("83.33"), "Tam Đảo": D("82.75"),
    }  # fmt: skip
    placed = ranks({**others, "Bình Xuyên": total.total})
    assert placed["Bình Xuyên"] == 4
    assert len(placed) == 9
    assert classify(total.total, DISTRICTS_2017.classes) == "Tốt"


def test_the_rules_give_their_points():
    assert measured_points(ON_TIME, Fraction(1)) == D(10)
    assert measured_points(ON_TIME, Fraction(94, 100)) == D(4)
    assert measured_points(ON_TIME, Fraction(80, 100)) == D(0)
    assert measured_points(ONLINE, Fraction(60, 100)) == D(10)
    assert measured_points(ONLINE, Fraction(1, 3)) == D("6.67")
    deduction = Criterion("4.1", "Điểm trừ", D(5), Rule.DEDUCTION)
    assert criterion_points(deduction, Score(appraised=D(2))) == D(-2)
    assert ranks({"a": D(90), "b": D(85), "c": D(85), "d": D(80)}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (CriteriaSet(D(50), D(40), ()), "100 points"),
        (CriteriaSet(D(50), D(50), (Criterion("1", "x", D(40)),)), "make 40"),
        (
            CriteriaSet(D(50), D(50), (Criterion("1", "x", D(50), children=(
                Criterion("1.1", "y", D(20)), Criterion("1.2", "z", D(20)),
            )),)),
            "parts make 40",
        ),
        (
            CriteriaSet(D(50), D(50), (Criterion("1", "x", D(25)), Criterion("1", "y", D(25)))),
            "used twice",
        ),
        (
            CriteriaSet(D(50), D(50), (Criterion("1", "x", D(50), Rule.BANDED, bands=(
                Band(Fraction(9, 10), D(20)), Band(Fraction(1), D(50)),
            )),)),
            "highest threshold down",
        ),
    ],
)  # fmt: skip
def test_a_set_whose_maxima_do_not_add_up_is_refused(broken, message):
    with pytest.raises(ScoringError, match=message):
        check_set(broken)


def test_a_score_above_its_maximum_is_refused():
    with pytest.raises(ScoringError, match="outside 0–10"):
        criterion_points(Criterion("1", "x", D(10)), Score(self_score=D("10.5")))
    with pytest.raises(ScoringError, match="survey"):
        unit_total(DISTRICTS_2017, {}, survey=D(51))

"""Phrase rules: direction words, rates, shares, zero budgets, rounding, number formats."""

from decimal import Decimal as D

import pytest

from generator import narrative, numbering
from generator.money import percent, round_money, round_rate


def test_increase_reads_zengjia_zengzhang() -> None:
    c = narrative.change(D("1687.12"), D("1349.11"))
    assert (c.verb, c.trend, c.amount, c.rate) == ("增加", "增长", D("338.01"), D("25.05"))
    assert not c.flat


def test_decrease_reads_jianshao_xiajiang() -> None:
    c = narrative.change(D("43.23"), D("52.99"))
    assert (c.verb, c.trend, c.amount, c.rate) == ("减少", "下降", D("9.76"), D("18.42"))


def test_equal_years_are_flat() -> None:
    c = narrative.change(D("10.00"), D("10.00"))
    assert c.flat and c.verb == "持平" and c.rate == D("0.00")


def test_growth_from_zero_has_no_rate() -> None:
    c = narrative.change(D("5.00"), D("0.00"))
    assert c.verb == "增加" and c.rate is None


def test_zero_budget_has_no_completion_rate() -> None:
    assert narrative.completion(D("4.94"), D("0")).rate is None
    assert narrative.completion(D("0"), D("0")).rate is None
    done = narrative.completion(D("673.46"), D("646.50"))
    assert (done.rate, done.differs) == (D("104.17"), True)
    assert not narrative.completion(D("5"), D("5")).differs


def test_share_of_zero_whole_is_none() -> None:
    assert narrative.share("x", D("1"), D("0")).rate is None
    assert narrative.share("基本支出", D("691.78"), D("1687.12")) == narrative.Share(
        "基本支出", D("691.78"), D("41.00"))


def test_percent_decimals_follow_the_profile() -> None:
    assert narrative.share("", D("1"), D("3"), places=1).rate == D("33.3")
    assert narrative.format_percent(D("33.3")) == "33.3%"
    assert narrative.change(D("148.14"), D("100"), places=1).rate == D("48.1")
    assert narrative.compare(D("5"), None).change is None


@pytest.mark.parametrize(("value", "expected"), [
    (D("0.125"), D("0.13")),   # half-up, not banker's rounding (would give 0.12)
    (D("0.135"), D("0.14")),
    (D("2.445"), D("2.45")),
    (D("-0.125"), D("-0.13")),
])
def test_rounding_is_half_up(value: D, expected: D) -> None:
    assert round_money(value) == expected
    assert round_rate(value) == expected


def test_percent_rounds_half_up() -> None:
    # 1 / 8 = 12.5 % exactly; 1 / 16 = 6.25 %; 1 / 160 = 0.625 % → 0.63 (half-up)
    assert percent(D("1"), D("160")) == D("0.63")


def test_formats() -> None:
    assert narrative.format_amount(D("6804.64")) == "6,804.64"
    assert narrative.format_amount(D("6804.64"), thousands=False) == "6804.64"
    assert narrative.format_amount(D("3.9")) == "3.90"
    assert narrative.format_cell(D("0")) == ""
    assert narrative.format_cell(D("0"), zero="0.00") == "0.00"
    assert narrative.format_cell(D("1664.9")) == "1,664.90"
    assert narrative.format_percent(D("25.05")) == "25.05%"
    assert narrative.format_percent(None) == ""


def test_chinese_numbers() -> None:
    assert [numbering.chinese_number(n) for n in (1, 10, 11, 20, 26)] == [
        "一", "十", "十一", "二十", "二十六"]
    assert numbering.chinese_year(2024) == "二〇二四"
    assert (numbering.part_number(3), numbering.paren_number(2)) == ("第三部分", "（二）")
    with pytest.raises(ValueError):
        numbering.chinese_number(100)


def test_class_label_and_sentence() -> None:
    assert narrative.class_label("一般公共服务支出") == "一般公共服务"
    assert narrative.class_label("其他支出") == "其他"
    assert narrative.sentence("按需支出") == "按需支出。"
    assert narrative.sentence("按需支出。") == "按需支出。"
    assert narrative.sentence(None) == ""

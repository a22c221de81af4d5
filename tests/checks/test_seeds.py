"""The seed errors the checker must catch, and the examples it must pass."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support import EXAMPLES, findings_for, report_for

from generator import api
from generator.findings import Finding, Severity

HERE = Path(__file__).parent


def _check(path: Path) -> list[Finding]:
    return api.check(api.load_report(path))


def test_seed_002_health_40_44_vs_40_43() -> None:
    """公开01表 第40行 prints 40.44 where 公开03表 prints 40.43 for 卫生健康支出."""
    findings = _check(HERE / "fixtures" / "seed002-health.yaml")
    (error,) = [f for f in findings if f.severity is Severity.ERROR]
    assert (error.rule, error.position.line) == ("X-SUMMARY-EXPENDITURE-CLASS", 31)
    assert "公开01表 第40行“卫生健康支出” 40.44" in error.message
    assert "公开03表 210“卫生健康支出”行 第1栏（本年支出合计） 40.43" in error.message
    assert "相差 0.01" in error.message


def test_seed_002_items_entered_as_printed_totals(tmp_path: Path) -> None:
    """With the 项 lines entered as their printed totals (add up to 40.43) and only 公开01表
    published, the 0.01 is within the tail of four items: the report prints 40.44 there and
    in 公开03表, and says so once, as information."""
    text = (HERE / "fixtures" / "seed002-health.yaml").read_text(encoding="utf-8")
    text = text.replace("    基本支出: 24.13\n    项目支出: 1.15\n", "    基本支出: 25.27\n")
    text = text[: text.index("  公开02表:")]
    (finding,) = [f for f in findings_for(tmp_path, text) if "PUB" in f.rule]
    assert (finding.rule, finding.severity) == ("PUBLISHED-ROUNDING", Severity.INFO)
    assert "公开01表 第40行“卫生健康支出” 40.44（按数据计算 40.43）" in finding.message
    tables = report_for(tmp_path, text).tables
    assert tables["summary"].cell("40", 2).value == Decimal("40.44")
    assert tables["expenditure"].cell("210", 1).value == Decimal("40.44")  # the same figure


def test_seed_003_social_security_65_27_vs_65_28() -> None:
    """公开01表 第39行 and 公开04表 第40行 print 65.27; 公开02/03/05表 print 65.28."""
    findings = _check(HERE / "fixtures" / "seed003-social.yaml")
    errors = {f.rule: f for f in findings if f.severity is Severity.ERROR}
    assert set(errors) == {"X-SUMMARY-EXPENDITURE-CLASS", "X-GENERAL-BUDGET-FISCAL"}
    summary = errors["X-SUMMARY-EXPENDITURE-CLASS"].message
    assert "公开01表 第39行“社会保障和就业支出” 65.27" in summary
    assert "65.28（公布数，第 38 行）" in summary
    assert "公开05表 208“社会保障和就业支出”行 第1栏（本年支出小计） 65.28" \
        in errors["X-GENERAL-BUDGET-FISCAL"].message


#: Everything check says of the examples (rule, line): the rounding tails of the finance
#: systems' published totals, and of seed 004's economic items against its lines — all
#: information, no error — and the warnings of seeds 000 and 001 the seeds cannot resolve.
EXAMPLE_WARNINGS = {
    # rounding tails of seed 004: its own totals (公布数, summed in yuan) against the sums
    # of its 2-decimal lines
    "xinxiang-zhengwu-2023": {("BASIC-ECONOMIC-LINES", 152), ("PUBLISHED-ROUNDING", 623)},
    # seed 000's own slip: 预算绩效 says 自评结果为77.29分, its 自评表 totals 96.80
    "zhengzhou-shuzhi-2023": {("PUBLISHED-ROUNDING", 205), ("TEXT-NUMBER", 140)},
    # seed 003: 472.39 / 332.70 / 328.20 / 328.73 summed in yuan (公布数)
    "dawa-zhihui-2023": {("PUBLISHED-ROUNDING", 479)},
    # 上海: its 公布数 summed in yuan; 公开06表 items against the lines; 年初预算 10210.34
    # given for the 13 项 budgets that sum to 10210.33
    "putuo-guihua-2024": {("BASIC-ECONOMIC-LINES", 173), ("BUDGET-TOTAL", 298),
                          ("PUBLISHED-ROUNDING", 306)},
    # 湖北: 4345.99 and the other totals summed in yuan
    "qingshan-dashuju-2023": {("PUBLISHED-ROUNDING", 378)},
    # seed 001 (预算): 552.6 / 1619.4 / 6828.4 rounded from yuan (公布数); the seed prints no
    # 经济分类 of its projects (表七 is missing), so 支出经济分类汇总表 has an unclassified row
    "zhengzhou-zhihui-2024": {("PROJECT-ECONOMIC-MISSING", 74), ("PUBLISHED-ROUNDING", 220)},
}

#: The warnings an example is known to carry (the rest of EXAMPLE_WARNINGS is information).
KNOWN_WARNINGS = {"PROJECT-ECONOMIC-MISSING", "TEXT-NUMBER"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_have_no_error(path: Path) -> None:
    findings = _check(path)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert {f.rule for f in findings if f.severity is Severity.WARNING} <= KNOWN_WARNINGS
    assert {(f.rule, f.position.line) for f in findings} == EXAMPLE_WARNINGS[path.stem]


def _with_seed_figures(path: Path, tmp_path: Path, restored: dict[str, str]) -> Path:
    """The example with the figures its seed printed wrongly put back under 公布数."""
    text = path.read_text(encoding="utf-8")
    for commented, line in restored.items():
        assert text.count(commented) == 1, commented
        text = text.replace(commented, line)
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize(("stem", "restored", "printed"), [
    ("putuo-guihua-2024", {
        '    # "40": 236.63 (九、卫生健康支出) left out: SEED ERROR, tables 02/03/05 print 236.64':
            '    "40": 236.63',
        '    # "42": 3845.25 (十一、城乡社区支出) left out: SEED ERROR, table 03 prints 3845.24':
            '    "42": 3845.25',
        '    # "41": [236.63, 236.63, 0, 0] left out: the same SEED ERROR as 表一 "40"':
            '    "41": [236.63, 236.63, 0, 0]'},
     ["收入支出决算总表 第40行“卫生健康支出” 236.63",
      "收入支出决算总表 第42行“城乡社区支出” 3845.25",
      "财政拨款收入支出决算总表 第41行“卫生健康支出”"]),
    ("dawa-zhihui-2023", {
        '    # "39": 65.27 printed by the seed is left out: SEED ERROR (its 项 lines, 款 rows and':
            '    "39": 65.27  #',
        '    # "40": [65.27, 65.27, 0, 0] left out: the same SEED ERROR as 公开01表 行39.':
            '    "40": [65.27, 65.27, 0, 0]'},
     ["公开01表 第39行“社会保障和就业支出” 65.27", "公开04表 第40行“社会保障和就业支出”"]),
])
def test_the_seeds_own_table_errors_are_caught(tmp_path: Path, stem: str,
                                               restored: dict[str, str],
                                               printed: list[str]) -> None:
    """Put back the figures a seed printed wrongly (one figure printed twice with two
    values): check stops the build with an error naming each, and its correct twin."""
    path = next(example for example in EXAMPLES if example.stem == stem)
    errors = [f for f in _check(_with_seed_figures(path, tmp_path, restored))
              if f.severity is Severity.ERROR]
    assert errors
    messages = "\n".join(f.message for f in errors)
    for figure in printed:
        assert figure in messages, (figure, messages)

"""The seed errors the checker must catch, and the examples it must pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import findings_for

from generator import api
from generator.checks import check
from generator.findings import Finding, Severity

HERE = Path(__file__).parent
EXAMPLES = sorted(HERE.parents[1].joinpath("data", "examples").glob("*.yaml"))


def _check(path: Path) -> list[Finding]:
    return check(api.load_report(path))


def test_seed_002_health_40_44_vs_40_43() -> None:
    """公开01表 第40行 prints 40.44 where 公开03表 prints 40.43 for 卫生健康支出."""
    findings = _check(HERE / "fixtures" / "seed002-health.yaml")
    (error,) = [f for f in findings if f.severity is Severity.ERROR]
    assert (error.rule, error.position.line) == ("X-01-03-CLASS", 31)
    assert "公开01表 第40行“卫生健康支出” 40.44" in error.message
    assert "公开03表 210“卫生健康支出”行 第1栏（本年支出合计） 40.43" in error.message
    assert "相差 0.01" in error.message


def test_seed_002_items_entered_as_printed_totals(tmp_path: Path) -> None:
    """With the 项 lines entered as their printed totals (add up to 40.43) and only 公开01表
    published, the 0.01 is within the tail of four items: a warning naming both numbers."""
    text = (HERE / "fixtures" / "seed002-health.yaml").read_text(encoding="utf-8")
    text = text.replace("    基本支出: 24.13\n    项目支出: 1.15\n", "    基本支出: 25.27\n")
    text = text[: text.index("  公开02表:")]
    (finding,) = [f for f in findings_for(tmp_path, text) if f.rule.startswith("PUB")]
    assert (finding.rule, finding.severity) == ("PUB-01", Severity.WARNING)
    assert "公开01表 第40行“卫生健康支出”：公布数 40.44，按数据计算 40.43，相差 0.01" \
        in finding.message


def test_seed_003_social_security_65_27_vs_65_28() -> None:
    """公开01表 第39行 and 公开04表 第40行 print 65.27; 公开02/03/05表 print 65.28."""
    findings = _check(HERE / "fixtures" / "seed003-social.yaml")
    errors = {f.rule: f for f in findings if f.severity is Severity.ERROR}
    assert set(errors) == {"X-01-03-CLASS", "X-05-04"}
    assert "公开01表 第39行“社会保障和就业支出” 65.27" in errors["X-01-03-CLASS"].message
    assert "65.28（公布数，第 38 行）" in errors["X-01-03-CLASS"].message
    assert "公开05表 208“社会保障和就业支出”行 第1栏（本年支出小计） 65.28" \
        in errors["X-05-04"].message


#: Every warning the examples give (rule, line): rounding tails the seeds print.
EXAMPLE_WARNINGS = {
    # rounding tails of seed 004: its own totals (公布数, summed in yuan) against the sums
    # of its 2-decimal lines
    "xinxiang-zhengwu-2023": {("T06-BASIC", 152), ("OFFICE-OPERATION", 216),
                              ("PUB-01", 619), ("PUB-01", 620), ("PUB-03", 622),
                              ("PUB-05", 624), ("T05-ROW", 624), ("PUB-06", 626),
                              ("PUB-06", 627), ("PUB-06", 628)},
    "zhengzhou-shuzhi-2023": set(),
}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_have_no_error(path: Path) -> None:
    findings = _check(path)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert {(f.rule, f.position.line) for f in findings} == EXAMPLE_WARNINGS[path.stem]

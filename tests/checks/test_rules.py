"""Facts entered separately that must agree: each rule fires on a small inconsistent
department and stays quiet on the consistent one (conftest.BASE)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import BASE, edit, findings_for

from generator import free_text, narrative
from generator.findings import Finding, Severity
from generator.kinds.final_accounts import KIND
from generator.kinds.final_accounts.identities import IDENTITY_RULES

RULES = KIND.rulebook.rules

Run = Callable[..., list[Finding]]

ANNEX = """\
附件:
  - 类型: 项目支出绩效自评表
    项目名称: 测试项目
    资金:
      财政拨款: [20, 20, 20]
    资金分值: 10
    资金得分: {fund_score}
    绩效指标:
      - [产出指标, 数量指标, 完成数量, 1个, 1个, {weight}, {score}, "0.00", ""]
      - ["", "", 完成质量, 合格, 合格, 40, 40, "0.00", ""]
"""

VEHICLES = "国有资产:\n  车辆:\n    其他用车: 2\n公布数:\n  国有资产:\n    车辆合计: {}\n"
PRIOR = ("上年:\n  收支总计: {}\n  收支总计变动原因: 新增项目。\n  财政拨款收支总计: {}\n"
         "  财政拨款收支总计变动原因: 新增项目。\n")

#: rule → (fire: extra YAML, replacements of BASE; severity; text the message must hold;
#:          quiet: extra YAML, replacements)
CASES: dict[str, tuple[tuple[str, dict[str, str]], Severity, str, tuple[str, dict[str, str]]]] = {
    "BASIC-ECONOMIC-LINES": (("", {'"30101": 70.00': '"30101": 71.00'}), Severity.ERROR,
                  "基本支出经济分类之和 111.00，"
                  "支出明细中一般公共预算财政拨款的基本支出之和 110.00，相差 1.00",
                  ("", {})),
    "OFFICE-OPERATION": (("机关运行经费:\n  本年: 30.50\n", {}), Severity.ERROR,
                         "本年 30.50，公开06表 公用经费合计 30.00，超出 0.50",
                         ("机关运行经费:\n  本年: 12.00\n", {})),
    "TP-ECONOMIC": (("", {"    决算: 0.20\n": "    决算: 0.10\n"}), Severity.ERROR,
                    "公开06表 30217 0.20，三公经费.公务接待.决算 0.10，超出 0.10",
                    ("", {"    预算: 0.20\n    决算: 0.20\n": "    预算: 0.30\n    决算: 0.30\n"})),
    "TP-RECEPTION": (("", {"    国内接待:": "    外宾接待:\n      支出: 0.30\n      团组数: 1\n"
                                            "      人次: 2\n    国内接待:"}),
                     Severity.ERROR, "外宾接待支出 0.30，公务接待决算 0.20，超出 0.10",
                     ("", {"    国内接待:": "    外宾接待:\n      支出: 0.10\n      团组数: 1\n"
                                             "      人次: 2\n    国内接待:"})),
    "TP-VISITS": (("", {"人次: 5": "人次: 0"}), Severity.ERROR, "团组数 1 个、人次 0 人次不一致",
                  ("", {"人次: 5": "人次: 1"})),
    "TP-PURCHASE": (("", {"三公经费:\n": "三公经费:\n  公务用车购置:\n    购置车辆数: 1\n"}),
                    Severity.WARNING, "公务用车购置费决算 0.00 万元，购置车辆数 1 辆",
                    ("", {"三公经费:\n": "三公经费:\n  公务用车购置:\n    预算: 20\n    决算: 20\n"
                                         "    购置车辆数: 1\n  差异原因: 无。\n"})),
    "TP-REASON": (("", {"    预算: 0.20\n": "    预算: 0.30\n"}), Severity.WARNING,
                  "“三公”经费预算 0.30，决算 0.20，没有写差异原因",
                  ("", {"    预算: 0.20\n": "    预算: 0.30\n",
                        "三公经费:\n": "三公经费:\n  差异原因: 按需支出。\n"})),
    "PROC-SME": (("政府采购:\n  服务: 10\n  授予中小企业: 12\n", {}), Severity.ERROR,
                 "授予中小企业 12.00，采购总额（货物+工程+服务） 10.00，超出 2.00",
                 ("政府采购:\n  服务: 10\n  授予中小企业: 10\n", {})),
    "PROC-SMALL": (("政府采购:\n  服务: 10\n  授予中小企业: 5\n  授予小微企业: 6\n", {}),
                   Severity.ERROR, "授予小微企业 6.00，授予中小企业 5.00，超出 1.00",
                   ("政府采购:\n  服务: 10\n  授予中小企业: 5\n  授予小微企业: 5\n", {})),
    "ASSET-VEHICLES": ((VEHICLES.format(3), {}), Severity.ERROR,
                       "车辆合计：公布数 3 辆，“国有资产.车辆”各类之和 2 辆",
                       (VEHICLES.format(2), {})),
    "PRIOR-TOTALS": ((PRIOR.format(100, 120), {}), Severity.ERROR,
                     "财政拨款收支总计 120.00，收支总计 100.00，超出 20.00",
                     (PRIOR.format(120, 100), {})),
    # (a reason the completeness ledger requires is LEDGER-MISSING's: tests/checks/test_ledger.py)
    "PRIOR-REASON": (("", {"    决算: 0.20\n": "    决算: 0.20\n    上年: 0.50\n"}),
                     Severity.WARNING,
                     "“三公经费.公务接待.上年”为 0.50，本年为 0.20，减少 0.30，没有写变动原因："
                     "请补上“三公经费.公务接待.变动原因”",
                     ("", {"    决算: 0.20\n": "    决算: 0.20\n    上年: 0.20\n"})),
    "BUDGET-REASON": (("", {"年初预算: 120.00": "年初预算: 140.00"}), Severity.WARNING,
                      "科目 2010301（行政运行，一般公共预算财政拨款）年初预算 140.00，决算 120.00，"
                      "相差 20.00（超过年初预算的 10%），没有写差异原因：请在“支出明细[1]”补上"
                      "“差异原因”",
                      ("", {"年初预算: 120.00": "年初预算: 140.00\n    差异原因: 压减开支。"})),
    "BUDGET-REASON-UNUSED": (
        ("样式设置:\n  差异原因资金: [一般公共预算财政拨款]\n",
         {"    年初预算: 50.00\n": "    年初预算: 40.00\n    差异原因: 年中追加。\n"}),
        Severity.WARNING, "“支出明细[4].差异原因”不会印出",
        ("", {"    年初预算: 50.00\n": "    年初预算: 40.00\n    差异原因: 年中追加。\n"})),
    "BUDGET-TOTAL": (("预算总额:\n  一般公共预算财政拨款:\n    年初预算: 161.00\n", {}),
                     Severity.ERROR, "预算总额 161.00，支出明细各行之和 160.00，相差 1.00",
                     ("预算总额:\n  一般公共预算财政拨款:\n    年初预算: 160.00\n", {})),
    "ANNEX-SCORE-LIMIT": ((ANNEX.format(fund_score=10, weight=50, score=51), {}), Severity.ERROR,
                    "绩效指标第 1 行“完成数量”：得分 51 超过分值 50",
                    (ANNEX.format(fund_score=10, weight=50, score=50), {})),
    "ANNEX-WEIGHT": ((ANNEX.format(fund_score=10, weight=40, score=40), {}), Severity.WARNING,
                     "各项分值合计为 90.00，不是 100",
                     (ANNEX.format(fund_score=9.5, weight=50, score=48), {})),
    "CLOSING-NEGATIVE": (("", {"本年收入: 60.00": "本年收入: 40.00"}), Severity.ERROR,
                         "公开04表 第60行“年末财政拨款结转和结余” 第4栏（政府性基金预算财政拨款）"
                         "为 -5.00", ("", {"本年收入: 60.00": "本年收入: 45.00"})),
    "CLASS-LINE": (('科目名称补充:\n  "230": 转移性支出\n  "23001": 返还性支出\n'
                    '  "2300101": 所得税基数返还支出\n', {'"2010301"': '"2300101"'}),
                   Severity.ERROR, "科目编码 2300101 属于 230 类", ("", {})),
    "DATE-ORDER": (("", {"编制日期: 2024-09": "编制日期: 2023-12"}), Severity.WARNING,
                   "编制日期 2023 年 12 月不晚于报告年度 2023 年", ("", {})),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(run: Run, rule: str) -> None:
    (extra, replace), severity, text, _ = CASES[rule]
    found = [f for f in run(extra, replace) if f.rule == rule]
    assert len(found) == 1, found
    assert found[0].severity is severity
    assert text in found[0].message, found[0].message
    assert found[0].position.line > 1


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_stays_quiet(run: Run, rule: str) -> None:
    _, _, _, (extra, replace) = CASES[rule]
    assert run(extra, replace) == []


def test_basic_economic_within_the_tail_is_information(run: Run) -> None:
    (finding,) = run("", {'"30101": 70.00': '"30101": 70.01'})
    assert (finding.rule, finding.severity) == ("BASIC-ECONOMIC-LINES", Severity.INFO)
    assert "相差 0.01（4 个四舍五入数，尾差容许 0.04）" in finding.message


def test_basic_economic_points_at_its_section(run: Run, tmp_path: Path) -> None:
    (finding,) = run("", {'"30101": 70.00': '"30101": 71.00'})
    text = (tmp_path / "dept.yaml").read_text(encoding="utf-8").splitlines()
    assert text[finding.position.line - 1].startswith("基本支出经济分类:")


def test_share_sum_guards_the_percentages(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads the very shares the report prints: a wrong share is caught."""
    assert run() == []
    monkeypatch.setattr(narrative, "percent",
                        lambda part, whole, places=2: part * 101 / whole if whole else None)
    found = [f for f in run() if f.rule == "SHARE-SUM"]
    assert found and all(f.severity is Severity.ERROR for f in found)
    assert "各部分占比之和为" in found[0].message


def test_every_rule_has_a_test() -> None:
    from test_identities import PUBLISHED_CELLS

    tested = (set(CASES) | set(IDENTITY_RULES) | set(PUBLISHED_CELLS)
              | {"SHARE-SUM", "PUBLISHED-ROUNDING"}
              | {"BUDGET-SOURCE", "BUDGET-SOURCE-UNUSED"}  # tests/budget/test_budget_source.py
              | {"ANNEX-TOTALS"}
              | set(free_text.RULES)  # tests/unit/test_free_text.py
              | {"LEDGER-MISSING"})  # tests/checks/test_ledger.py
    assert set(RULES) == tested


def test_rules_are_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in docs]
    assert not missing, missing


def test_check_sorts_by_position(run: Run) -> None:
    findings = run("上年:\n  收支总计: 100\n", {'"30101": 70.00': '"30101": 71.00',
                                                "编制日期: 2024-09": "编制日期: 2023-12"})
    assert [f.position.line for f in findings] == sorted(f.position.line for f in findings)


def test_messages_name_sections_as_the_report_numbers_them(run: Run) -> None:
    """Where 情况说明 comes second (Liaoning), a message says 第二部分, not 第三部分."""
    office = "机关运行经费:\n  本年: 30.50\n"
    (henan,) = run(office)
    assert henan.message.startswith("第三部分 十 机关运行经费")
    order = "样式设置:\n  部分顺序: [overview, explanation, tables, glossary, annex]\n"
    (liaoning,) = run(office + order)
    assert liaoning.message.startswith("第二部分 十 机关运行经费")


def test_budget_reason_points_at_the_line_of_its_fund(run: Run) -> None:
    """2010302 is a 一般公共预算 line and a 国有资本经营 line: each warning at its own."""
    budget = {"    项目支出: 8.00\n    年初预算: 8.00\n":
              "    项目支出: 8.00\n    年初预算: 9.00\n"}
    (finding,) = [f for f in run("", budget) if f.rule == "BUDGET-REASON"]
    lines = BASE.splitlines()
    assert lines[finding.position.line - 1].strip() == '- 科目编码: "2010302"'
    assert "国有资本经营" in lines[finding.position.line]


@pytest.mark.parametrize(("old", "new", "text"), [
    ("财政拨款: [2237.78, 1720.46, 1687.12]", "财政拨款: [2237.78, 1720.46, 1787.12]",
     "全年执行数 1787.12，公开04表 本年支出合计 1687.12，相差 100.00"),
    ("财政拨款: [2237.78, 1720.46, 1687.12]", "财政拨款: [2337.78, 1720.46, 1687.12]",
     "年初预算数 2337.78，支出明细 财政拨款各行年初预算之和 2237.80，相差 99.98"),
])
def test_annex_totals_compare_the_figures_entered_twice(tmp_path: Path, old: str, new: str,
                                                        text: str) -> None:
    """Seed 000's 部门整体支出绩效自评表 repeats the year's 财政拨款 figures: changing one of
    them (or a line, and not the annex) is caught; as published they agree."""
    example = (Path(__file__).parents[2] / "data" / "examples" / "zhengzhou-shuzhi-2023.yaml"
               ).read_text(encoding="utf-8")
    assert not [f for f in findings_for(tmp_path, example) if f.rule == "ANNEX-TOTALS"]
    (finding,) = [f for f in findings_for(tmp_path, edit(example, {old: new}))
                  if f.rule == "ANNEX-TOTALS"]
    assert finding.severity is Severity.ERROR
    assert text in finding.message

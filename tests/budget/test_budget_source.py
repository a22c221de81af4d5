"""预算来源: a 决算 takes its 年初预算 from its department's 预算 file of the same year, and
``check`` reports where the two disagree."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support import BASE, edit, findings_for, report_for, write

from generator.findings import InputError, Severity

#: The 预算 of BASE's department for 2023: the same 年初预算 BASE types line by line
#: (2010301 120 = basic 100 + project 20; 2010302 30 and 8 from two funds; 2080505 10;
#: 2290402 50) and the 三公 budget (公务接待 0.2).
BUDGET = """\
文档类型: 预算
地区样式: 河南
年度: 2023
部门名称: 测试部门
部门编码: "101"
预算单位:
  - 单位编码: "101001"
    单位名称: 测试部门
基本支出:
  - 科目编码: "2010301"
    资金来源: 一般公共预算
    经济分类:
      "30101": 70.0
      "30201": 29.8
      "30217": 0.2
  - 科目编码: "2080505"
    资金来源: 一般公共预算
    经济分类:
      "30302": 10.0
项目:
  - 项目代码: "10100123000000000001"
    项目名称: 项目一
    项目类型: 特定目标类
    科目编码: "2010301"
    资金: {一般公共预算: 20.0}
  - 项目代码: "10100123000000000002"
    项目名称: 项目二
    项目类型: 特定目标类
    科目编码: "2010302"
    资金: {一般公共预算: 30.0}
  - 项目代码: "10100123000000000003"
    项目名称: 基金项目
    项目类型: 特定目标类
    科目编码: "2290402"
    资金: {政府性基金预算: 50.0}
  - 项目代码: "10100123000000000004"
    项目名称: 国资项目
    项目类型: 特定目标类
    科目编码: "2010302"
    资金: {国有资本经营预算: 8.0}
三公经费:
  公务接待: {预算: 0.2}
"""

#: BASE's 年初预算 lines, and its 三公 预算, removed: they come from the 预算.
UNTYPED = {"    年初预算: 120.00\n": "", "    年初预算: 30.00\n": "", "    年初预算: 10.00\n": "",
           "    年初预算: 50.00\n": "", "    年初预算: 8.00\n": "", "    预算: 0.20\n": ""}


def linked(folder: Path, decision: str = BASE, budget: str = BUDGET) -> str:
    """``decision`` naming ``budget`` (written beside it) as its 预算来源."""
    write(folder, budget, "budget.yaml")
    return decision + "预算来源: budget.yaml\n"


def test_the_budget_fills_what_the_final_accounts_leave_out(tmp_path: Path) -> None:
    (tmp_path / "typed").mkdir()
    typed = report_for(tmp_path / "typed", BASE)
    text = linked(tmp_path, edit(BASE, UNTYPED))
    assert findings_for(tmp_path, text) == []
    taken = report_for(tmp_path, text)
    assert ([line.budget for line in taken.department.lines]
            == [line.budget for line in typed.department.lines])
    assert taken.department.three_public.reception.budget == Decimal("0.2")
    fund = taken.facts.general_budget_fund
    assert [(item.code, item.initial) for item in fund.items] == [
        (item.code, item.initial) for item in typed.facts.general_budget_fund.items]
    assert fund.initial == Decimal("160.0")
    assert taken.facts.gov_fund.initial == Decimal("50.0")


def test_a_typed_budget_stays_and_a_disagreement_is_reported(tmp_path: Path) -> None:
    text = linked(tmp_path, edit(BASE, {"    年初预算: 30.00\n": "    年初预算: 31.00\n"}))
    found = findings_for(tmp_path, text)
    (finding,) = [f for f in found if f.rule == "BUDGET-SOURCE"]
    assert finding.severity is Severity.WARNING
    assert ("支出明细第 2 项（2010302，一般公共预算财政拨款）年初预算 31.00，预算来源 "
            in finding.message)
    assert "为 30.0，相差 1.00" in finding.message
    assert text.splitlines()[finding.position.line - 1].strip() == "年初预算: 31.00"
    assert report_for(tmp_path, text).department.lines[1].budget == Decimal("31.00")


def test_rounding_of_the_budget_is_no_disagreement(tmp_path: Path) -> None:
    """The 预算 prints one decimal: 29.98 typed in the 决算 is its 30.0."""
    text = linked(tmp_path, edit(BASE, {"    年初预算: 30.00\n": "    年初预算: 29.98\n"}))
    assert [f.rule for f in findings_for(tmp_path, text)
            if f.rule.startswith("BUDGET-SOURCE")] == []


def test_three_public_disagreement(tmp_path: Path) -> None:
    text = linked(tmp_path, BASE, edit(BUDGET, {"公务接待: {预算: 0.2}": "公务接待: {预算: 0.5}"}))
    (finding,) = [f for f in findings_for(tmp_path, text) if f.rule == "BUDGET-SOURCE"]
    assert "“三公经费.公务接待.预算” 0.20，预算来源" in finding.message
    assert "“三公”经费预算为 0.5，相差 0.30" in finding.message


def test_budget_without_a_line_is_reported(tmp_path: Path) -> None:
    extra = ('  - 项目代码: "10100123000000000005"\n    项目名称: 新项目\n'
             '    项目类型: 特定目标类\n    科目编码: "2010399"\n    资金: {一般公共预算: 5.0}\n'
             "三公经费:")
    text = linked(tmp_path, BASE, edit(BUDGET, {"三公经费:": extra}))
    (finding,) = [f for f in findings_for(tmp_path, text) if f.rule == "BUDGET-SOURCE-UNUSED"]
    assert "2010399（一般公共预算财政拨款）安排了预算 5.0" in finding.message
    assert text.splitlines()[finding.position.line - 1].startswith("预算来源:")


@pytest.mark.parametrize(("budget", "rule", "text"), [
    (edit(BUDGET, {"年度: 2023": "年度: 2024"}), "BUDGET-SOURCE-MATCH",
     "是“测试部门” 2024 年的预算，本文件是“测试部门” 2023 年的决算"),
    (edit(BUDGET, {"部门名称: 测试部门\n": "部门名称: 别的部门\n"}), "BUDGET-SOURCE-MATCH",
     "是“别的部门” 2023 年的预算"),
    (BASE, "BUDGET-SOURCE-KIND", "是决算文件，不是预算"),
])
def test_another_departments_or_years_file_is_refused(tmp_path: Path, budget: str, rule: str,
                                                     text: str) -> None:
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, linked(tmp_path, BASE, budget))
    (finding,) = raised.value.findings
    assert (finding.rule, finding.severity) == (rule, Severity.ERROR)
    assert text in finding.message
    assert finding.position.line == BASE.count("\n") + 1


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, BASE + "预算来源: 没有这个文件.yaml\n")
    (finding,) = raised.value.findings
    assert finding.rule == "BUDGET-SOURCE-FILE"
    assert "没有这个文件.yaml 不存在" in finding.message


def test_an_error_in_the_budget_file_names_that_file(tmp_path: Path) -> None:
    budget = edit(BUDGET, {'"30302": 10.0': '"30302": 十'})
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, linked(tmp_path, BASE, budget))
    (finding,) = raised.value.findings
    assert finding.position.file.endswith("budget.yaml")
    assert finding.position.line == budget.splitlines().index('      "30302": 十') + 1


def test_a_line_with_only_a_budget_takes_it_and_counts(tmp_path: Path) -> None:
    """The advice of BUDGET-SOURCE-UNUSED works: a 支出明细 line with nothing spent takes
    the 预算's figure, and the fund's 年初预算 and 五（三） count it (0% completed)."""
    extra = ('  - 项目代码: "10100123000000000005"\n    项目名称: 新项目\n'
             '    项目类型: 特定目标类\n    科目编码: "2010399"\n    资金: {一般公共预算: 5.0}\n'
             "三公经费:")
    line = ('  - 科目编码: "2010399"\n    资金来源: 一般公共预算财政拨款\n'
            "    差异原因: 项目未实施。\n结转结余:\n")
    text = linked(tmp_path, edit(BASE, {"结转结余:\n": line}), edit(BUDGET, {"三公经费:": extra}))
    assert findings_for(tmp_path, text) == []
    fund = report_for(tmp_path, text).facts.general_budget_fund
    assert fund.initial == Decimal("165.00")
    (item,) = [item for item in fund.items if item.code == "2010399"]
    assert (item.initial, item.completion.actual, item.completion.rate) == (
        Decimal("5.0"), Decimal("0"), Decimal("0.00"))

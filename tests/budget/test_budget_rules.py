"""The 预算 rules: each fires on a small inconsistent department and stays quiet on the
consistent one (support.BUDGET_BASE); bad input stops at its line with a Chinese message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import BUDGET_BASE, edit, findings_for

from generator import free_text, narrative
from generator.findings import Finding, InputError, Severity
from generator.kinds.budget.identities import IDENTITY_RULES
from generator.kinds.budget.rules import PUBLISHED_RULES, RULEBOOK

Run = Callable[..., list[Finding]]

SECOND_UNIT = '预算单位:\n  - 单位编码: "101002"\n    单位名称: 测试中心\n'
NO_PROJECT_ITEMS = {'    经济分类:\n      "30227": 30.0\n': ""}


@pytest.fixture
def budget_run(tmp_path: Path) -> Run:
    """``budget_run(extra, replace)`` checks BUDGET_BASE edited by ``replace`` with
    ``extra`` appended."""
    def _run(extra: str = "", replace: dict[str, str] | None = None) -> list[Finding]:
        return findings_for(tmp_path, edit(BUDGET_BASE, replace or {}) + extra)
    return _run


#: rule → (fire: extra YAML, replacements; severity; text the message must hold;
#:          quiet: extra YAML, replacements)
CASES: dict[str, tuple[tuple[str, dict[str, str]], Severity, str, tuple[str, dict[str, str]]]] = {
    "PUB-EXPENDITURE": (
        ("公布数:\n  部门支出总体情况表:\n    合计: [175.5]\n", {}), Severity.ERROR,
        "部门支出总体情况表 合计行 第1栏（合计）：公布数 175.5，按数据计算 174.5，相差 1.0",
        ("公布数:\n  部门支出总体情况表:\n    合计: [174.5]\n", {})),
    "PROJECT-ECONOMIC": (
        ("", {'"30227": 30.0': '"30227": 31.0'}), Severity.ERROR,
        "项目“信息化运维”：经济分类之和 31.0，资金之和 30.0，相差 1.0",
        ("", {'"30227": 30.0': '"30227": 20.0\n      "30201": 10.0'})),
    "PROJECT-ECONOMIC-MISSING": (
        ("", NO_PROJECT_ITEMS), Severity.WARNING,
        "支出经济分类汇总表把这些项目的 30.0 万元列为“未列经济分类的项目支出”", ("", {})),
    "PROJECT-TARGETS": (
        ("", {'    绩效目标:\n      产出指标:\n        - [系统运行时间, "≥99%"]\n': ""}),
        Severity.WARNING, "项目“信息化运维”没有绩效目标", ("", {})),
    "PROJECT-EMPTY": (
        ("", {"一般公共预算: 30.0": "一般公共预算: 0", '"30227": 30.0': '"30227": 0'}),
        Severity.WARNING, "项目“信息化运维”的资金合计为 0", ("", {})),
    "TP-ECONOMIC": (
        ("", {"公务接待: {预算: 0.5, 上年预算: 0.5}": "公务接待: {预算: 0.4, 上年预算: 0.4}"}),
        Severity.ERROR, "一般公共预算安排的 30217 0.5，三公经费.公务接待.预算 0.4，超出 0.1",
        ("", {"公务接待: {预算: 0.5, 上年预算: 0.5}": "公务接待: {预算: 0.6, 上年预算: 0.6}"})),
    "OFFICE-OPERATION": (
        ("机关运行经费:\n  本年: 21\n", {}), Severity.ERROR,
        "机关运行经费：本年 21.0，一般公共预算基本支出表 公用经费 20.5，超出 0.5",
        ("机关运行经费:\n  本年: 20.5\n", {})),
    # (the reasons the completeness ledger requires are LEDGER-MISSING's)
    "PRIOR-REASON": (
        ("", {"  政府性基金收支: 20.0\n": "  政府性基金收支: 20.0\n  国有资本经营收支: 5.0\n"}),
        Severity.WARNING,
        "“上年.国有资本经营收支”上年预算 5.0，本年 0.0，有增减但没有写变动原因",
        ("", {"  政府性基金收支: 20.0\n": "  政府性基金收支: 20.0\n  国有资本经营收支: 0\n"})),
    "DATE-ORDER": (
        ("编制日期: 2025-02\n", {}), Severity.WARNING, "编制日期 2025 年 2 月晚于预算年度 2024 年",
        ("编制日期: 2024-02\n", {})),
    "CLASS-LINE": (
        ("", {"年度: 2024": "年度: 2019", '科目编码: "2010150"': '科目编码: "2340101"',
              "上年:": ('科目名称补充:\n  "23401": 基础设施建设\n'
                       '  "2340101": 公共卫生体系建设\n上年:')}),
        Severity.ERROR, "科目编码 2340101 属于 234 类，2019 年的部门收支总体情况表没有这一类",
        ("", {"年度: 2024": "年度: 2019"})),
    "UNIT-UNUSED": (
        ("", {"预算单位:\n": SECOND_UNIT, "    资金来源: 一般公共预算\n":
              '    资金来源: 一般公共预算\n    单位: "101001"\n',
              "    项目类型: 特定目标类\n": '    项目类型: 特定目标类\n    单位: "101001"\n',
              "    项目类型: 其他运转类\n": '    项目类型: 其他运转类\n    单位: "101001"\n'}),
        Severity.WARNING, "预算单位 101002（测试中心）没有任何基本支出或项目",
        ("", {"预算单位:\n": SECOND_UNIT, "    资金来源: 一般公共预算\n":
              '    资金来源: 一般公共预算\n    单位: "101001"\n',
              "    项目类型: 特定目标类\n": '    项目类型: 特定目标类\n    单位: "101002"\n',
              "    项目类型: 其他运转类\n": '    项目类型: 其他运转类\n    单位: "101002"\n'})),
    "DEPARTMENT-TARGETS": (
        ("", {"  年度履职目标: 完成年度工作。\n": ""}), Severity.WARNING,
        "部门（单位）整体绩效目标表缺少“年度履职目标”", ("", {})),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(budget_run: Run, rule: str) -> None:
    (extra, replace), severity, text, _ = CASES[rule]
    found = [finding for finding in budget_run(extra, replace) if finding.rule == rule]
    assert len(found) == 1, found
    assert found[0].severity is severity
    assert text in found[0].message, found[0].message
    assert found[0].position.line > 1


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_stays_quiet(budget_run: Run, rule: str) -> None:
    _, _, _, (extra, replace) = CASES[rule]
    assert budget_run(extra, replace) == []


def test_the_base_is_consistent(budget_run: Run) -> None:
    assert budget_run() == []


def test_published_within_the_tail_is_printed(budget_run: Run) -> None:
    """174.6 for a computed 174.5 is one rounding unit at one decimal: information, and no
    share guard trips over the published total (the shares are of the printed total)."""
    (finding,) = budget_run("公布数:\n  部门支出总体情况表:\n    合计: [174.6]\n")
    assert (finding.rule, finding.severity) == ("PUBLISHED-ROUNDING", Severity.INFO)
    assert "部门支出总体情况表 合计行 第1栏（合计） 174.6（按数据计算 174.5）" in finding.message


def test_published_identity_between_tables(budget_run: Run) -> None:
    """Two 公布数 that must be the same figure (表一 本年支出合计, 表三 合计) disagree."""
    found = budget_run("公布数:\n  部门收支总体情况表:\n    本年支出合计: 160.0\n"
                       "  部门支出总体情况表:\n    合计: [150.0]\n")
    rules = {finding.rule for finding in found if finding.severity is Severity.ERROR}
    assert {"PUB-SUMMARY", "PUB-EXPENDITURE"} <= rules
    assert "X-SUMMARY-EXPENDITURE-TABLE" in rules


def test_share_sum_guards_the_percentages(budget_run: Run,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(narrative, "percent",
                        lambda part, whole, places=2: part * 101 / whole if whole else None)
    found = [f for f in budget_run() if f.rule == "SHARE-SUM"]
    assert found and all(f.severity is Severity.ERROR for f in found)
    assert "各部分占比之和为" in found[0].message


def test_every_rule_has_a_test() -> None:
    """Each rule is fired above, or is a 公布数 rule of a table or identity (their cells
    are exercised by tests/budget/test_budget_identities.py)."""
    tested = (set(CASES) | {"PUBLISHED-ROUNDING", "SHARE-SUM"} | set(PUBLISHED_RULES.values())
              | set(IDENTITY_RULES) | set(free_text.RULES)  # tests/unit/test_free_text.py
              | {"LEDGER-MISSING"})  # tests/checks/test_ledger.py
    assert set(RULEBOOK.rules) == tested


# --- bad input --------------------------------------------------------------------------

BAD_INPUT: dict[str, tuple[dict[str, str], str, str]] = {
    "basic item outside the four groups": (
        {'"30305": 4.0': '"30701": 4.0'}, "ECON-GROUP",
        "“基本支出第 1 项.经济分类.30701”属于经济分类 307 类：基本支出只能列入"),
    "unit code equal to the department's": (
        {'单位编码: "101001"': '单位编码: "101"'}, "UNIT-CODE", "101 与部门编码相同"),
    "unquoted unit code": (
        {'单位编码: "101001"': "单位编码: 101001"}, "CODE-QUOTE", "101001 没有加引号"),
    "indicator row of three cells": (
        {'[系统运行时间, "≥99%"]': '[系统运行时间, "≥99%", 多余]'}, "TARGET-ROW",
        "应为 [三级指标, 指标值] 两项，这里有 3 项"),
    "two units, no 单位 on a line": (
        {"预算单位:\n": SECOND_UNIT}, "FIELD-REQUIRED",
        "“基本支出第 1 项”缺少“单位”：部门有 2 个预算单位"),
    "unknown function code": (
        {'科目编码: "2010150"': '科目编码: "2010198"'}, "CODE-UNKNOWN",
        "科目编码 2010198 的项级科目 2010198 不在功能分类科目目录中"),
    "unknown economic item": (
        {'"30227": 30.0': '"30298": 30.0'}, "ECON-CODE-UNKNOWN",
        "经济分类科目编码 30298 不在部门预算支出经济分类科目目录中"),
    "missing 部门编码": ({'部门编码: "101"\n': ""}, "FIELD-REQUIRED", "部门编码"),
    "the same 项 and source twice": (
        {"项目:\n": '  - 科目编码: "2010101"\n    资金来源: 一般公共预算\n    经济分类:\n'
                    '      "30101": 1.0\n项目:\n'}, "LINE-DUPLICATE",
        "与第 11 行的一项同为科目 2010101、资金来源“一般公共预算”"),
    "unknown source": (
        {"    资金来源: 一般公共预算\n": "    资金来源: 财政拨款\n"}, "FIELD-CHOICE",
        "资金来源"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_names_its_line(tmp_path: Path, case: str) -> None:
    replace, rule, text = BAD_INPUT[case]
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, edit(BUDGET_BASE, replace))
    found = [finding for finding in raised.value.findings if finding.rule == rule]
    assert found, [str(finding) for finding in raised.value.findings]
    assert text in found[0].message, found[0].message
    lines = (tmp_path / "dept.yaml").read_text(encoding="utf-8").splitlines()
    assert 1 <= found[0].position.line <= len(lines)


def test_duplicate_project_code(tmp_path: Path) -> None:
    first = BUDGET_BASE.index("  - 项目代码")
    project = BUDGET_BASE[first:BUDGET_BASE.index("  - 项目代码", first + 1)]
    text = edit(BUDGET_BASE, {"上年:": project + "上年:"})
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, text)
    (finding,) = raised.value.findings
    assert finding.rule == "PROJECT-CODE"
    assert "项目代码” 10100124000000000001 重复" in finding.message
    assert text.splitlines()[finding.position.line - 1].lstrip("- ").startswith("项目代码")


def test_rules_are_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    budget = docs[docs.index("# 部门预算 YAML 数据格式"):]
    missing = [rule for rule in RULEBOOK.rules if f"`{rule}`" not in budget]
    assert not missing, missing

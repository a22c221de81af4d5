"""Free text that contradicts the data: numbers naming a computed figure, stale years,
repeated words (generator/free_text.py and each kind's free_texts)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from support import (
    BASE,
    BUDGET_BASE,
    EXAMPLES,
    FINAL_ACCOUNTS_EXAMPLES,
    edit,
    findings_for,
    report_for,
)

from generator import api, free_text
from generator.findings import Finding, Severity
from generator.free_text import Figures, number_findings, repeated_words, stale_years
from generator.kinds.budget.free_texts import free_texts as budget_texts
from generator.kinds.final_accounts.free_texts import free_texts as final_accounts_texts

YEARS = frozenset({2022, 2023})


def _text_findings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.rule in free_text.RULES]


# --- the patterns ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "stale"), [
    ("2023年度部门决算，2022年部分项目结转。", []),
    ("2021年新增项目，2020年度结转，2021年执行完毕。", [2021, 2020]),
    ("支付2018-2020年招录的定向选调生租房补贴", []),     # a range ends in 2020年
    ("2018至2020年的补贴", []),
    ("“十四五”规划，共2019个点位", []),                  # no 年 after it
    ("截至 2021 年底", [2021]),
])
def test_stale_years(text: str, stale: list[int]) -> None:
    assert stale_years(text, YEARS) == stale


@pytest.mark.parametrize(("text", "doubled"), [
    ("主要原因是按需支出支出。", ["支出支出"]),
    ("主要原因主要原因是部门职责调整。", ["主要原因主要原因"]),
    ("平台项目项目相关费用支出", ["项目项目"]),
    ("完成的的工作", ["的的"]),
    ("实现目的的手段", []),
    ("的的确确按需支出", []),
    ("事业单位开展专业业务活动，在职职工，派驻驻村队员", []),
    ("常常、人人、天天、紧紧围绕、扎扎实实、方方面面", []),
    ("一个一个落实，一步一步推进", []),
])
def test_repeated_words(text: str, doubled: list[str]) -> None:
    assert repeated_words(text) == doubled


FIGURES = Figures(YEARS, scores=(Decimal("96.80"),),
                  amounts={"收入合计": Decimal("1687.12"), "支出合计": Decimal("1687.12"),
                           "“三公”经费": Decimal("0.17"), "机关运行经费": Decimal("43.23")},
                  projects=3)


@pytest.mark.parametrize(("text", "problem"), [
    ("部门整体支出绩效自评结果为77.29分。", "附件的自评表总分为 96.80，没有 77.29 分"),
    ("部门整体支出绩效自评结果为96.8分。", None),
    ("自评得分为96.80分", None),
    ("，得分90分，等级为优。", "没有 90 分"),
    ("绩效评价得分为77.29分", None),           # an outside evaluation, not the 自评
    ("自评平均得分85分", None),                 # an average, not a total
    ("2023年度收入合计1,687.12万元。", None),
    ("本年支出合计为1687万元", None),          # written to whole 万元
    ("收入合计1,000.00万元", "按数据计算的收入合计为 1687.12 万元"),
    ("项目支出合计500万元", None),             # another total
    ("“三公”经费支出0.72万元", "按数据计算的“三公”经费为 0.17 万元"),
    ("“三公”经费预算0.72万元", None),          # the budget, not the 决算
    ("机关运行经费支出43.23万元", None),
    ("机关运行经费52.99万元", "按数据计算的机关运行经费为 43.23 万元"),
    ("对共3个项目开展自评", None),
    ("对共5个项目开展自评", "数据中共有 3 个项目"),
])
def test_numbers_naming_a_computed_figure(text: str, problem: str | None) -> None:
    found = list(number_findings(text, FIGURES))
    if problem is None:
        assert found == []
    else:
        (message,) = found
        assert problem in message


def test_numbers_without_a_figure_are_not_compared() -> None:
    assert list(number_findings("自评结果为77.29分，共5个项目", Figures(YEARS))) == []


# --- the 决算 ----------------------------------------------------------------------------


def test_a_stale_year_is_a_warning_at_its_line_once_per_text(tmp_path: Path) -> None:
    text = BASE + ("上年:\n  收支总计: 239\n"
                   "预算绩效:\n  - 标题: 绩效管理\n    段落:\n"
                   "      - 2021年、2020年度的自评，2021年完成。\n")
    (finding,) = _text_findings(findings_for(tmp_path, text))
    assert (finding.rule, finding.severity) == ("TEXT-YEAR", Severity.WARNING)
    assert "“预算绩效[1].段落[1]”写到 2021年、2020年" in finding.message
    assert "2022、2023" in finding.message
    assert text.splitlines()[finding.position.line - 1].strip().startswith("- 2021年")


def test_organization_may_tell_when_the_department_was_set_up(tmp_path: Path) -> None:
    text = BASE + "概况:\n  机构设置: 本中心于2019年3月成立。\n"
    assert _text_findings(findings_for(tmp_path, text)) == []
    duties = BASE + "概况:\n  部门职责:\n    - 完成2019年确定的任务。\n    - 支出支出。\n"
    found = {(f.rule, f.position.line) for f in _text_findings(findings_for(tmp_path, duties))}
    lines = duties.splitlines()
    assert found == {("TEXT-YEAR", lines.index("    - 完成2019年确定的任务。") + 1),
                     ("TEXT-REPEAT", lines.index("    - 支出支出。") + 1)}


def test_a_reason_with_a_wrong_total(tmp_path: Path) -> None:
    """BASE spends 223.00 in all: a reason saying 支出合计 200.00 is caught."""
    text = edit(BASE, {"年初预算: 120.00": "年初预算: 120.00\n"
                                          "    差异原因: 本年支出合计200.00万元，按需支出。"})
    (finding,) = _text_findings(findings_for(tmp_path, text))
    assert finding.rule == "TEXT-NUMBER"
    assert "“支出明细[1].差异原因”写“本年支出合计200.00万元”，按数据计算的支出合计为 223.00 万元" \
        in finding.message
    assert "差异原因:" in text.splitlines()[finding.position.line - 1]


def test_the_seed_000_score_slip_is_caught() -> None:
    """Seed 000 says 自评结果为77.29分 beside an annex total of 96.80 (issue 10)."""
    (path,) = [p for p in EXAMPLES if p.name == "zhengzhou-shuzhi-2023.yaml"]
    (finding,) = _text_findings(api.check(api.load_report(path)))
    assert finding.rule == "TEXT-NUMBER"
    assert "“自评结果为77.29分”，附件的自评表总分为 96.80" in finding.message


def test_no_other_free_text_warning_on_the_examples() -> None:
    for path in EXAMPLES:
        found = _text_findings(api.check(api.load_report(path)))
        expected = 1 if path.name == "zhengzhou-shuzhi-2023.yaml" else 0
        assert len(found) == expected, (path.name, found)


def test_last_years_file_with_only_the_year_changed_is_flagged(tmp_path: Path) -> None:
    """Seed 000 with 年度 moved on by one: its reasons speak of 2022, now two years back."""
    (path,) = [p for p in EXAMPLES if p.name == "zhengzhou-shuzhi-2023.yaml"]
    text = path.read_text(encoding="utf-8")
    moved = text.replace("\n年度: 2023", "\n年度: 2024", 1)
    assert moved != text
    found = [f for f in findings_for(tmp_path, moved) if f.rule == "TEXT-YEAR"]
    assert len(found) >= 3
    assert all("写到 2022年" in f.message and "2023、2024" in f.message for f in found)
    lines = moved.splitlines()
    assert all("2022" in lines[f.position.line - 1] for f in found)


@pytest.mark.parametrize("path", FINAL_ACCOUNTS_EXAMPLES, ids=lambda p: p.stem)
def test_every_free_text_is_located(path: Path) -> None:
    dept = api.load_department(path).model
    texts = list(final_accounts_texts(dept))
    assert texts
    unplaced = [text.path for text in texts if text.path not in dept.positions]
    assert unplaced == []


# --- the 预算 ----------------------------------------------------------------------------


def test_a_budget_may_speak_of_the_next_year_and_counts_its_projects(tmp_path: Path) -> None:
    text = BUDGET_BASE + ("预算绩效:\n  - 2025年继续推进，共2个项目编制了绩效目标。\n"
                          "  - 2022年的工作已完成，共5个项目。\n")
    found = _text_findings(findings_for(tmp_path, text))
    assert {(f.rule, f.position.line) for f in found} == {
        ("TEXT-YEAR", text.count("\n") - 0), ("TEXT-NUMBER", text.count("\n") - 0)}
    (year,) = [f for f in found if f.rule == "TEXT-YEAR"]
    assert "写到 2022年，本报告只涉及 2023、2024、2025 年" in year.message
    (count,) = [f for f in found if f.rule == "TEXT-NUMBER"]
    assert "“共5个项目”，数据中共有 2 个项目" in count.message


def test_budget_free_text_is_located() -> None:
    for path in EXAMPLES:
        loaded = api.load_department(path)
        if loaded.kind.name != "预算":
            continue
        dept = loaded.model
        texts = list(budget_texts(dept))
        assert texts and all(text.path in dept.positions for text in texts), \
            [text.path for text in texts if text.path not in dept.positions]


def test_repeated_word_in_a_budget_reason(tmp_path: Path) -> None:
    text = edit(BUDGET_BASE, {"  收支总计变动原因: 新增项目。":
                              "  收支总计变动原因: 新增项目项目。"})
    (finding,) = _text_findings(findings_for(tmp_path, text))
    assert finding.rule == "TEXT-REPEAT" and "“项目项目”" in finding.message
    assert re.search("收支总计变动原因", text.splitlines()[finding.position.line - 1])
    assert report_for(tmp_path, text)  # a warning: the report still builds

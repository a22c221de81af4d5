"""Reasons where the rules ask for them: the 差异原因 threshold, the funds a region explains,
every change on last year, and 机关运行经费 that fell to 0."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from support import BASE, edit, findings_for, report_for

from generator.api import render_html
from generator.findings import Finding, InputError, Severity


def _rules(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def _text(tmp_path: Path, text: str) -> str:
    """The report's HTML as plain text without spaces."""
    html = render_html(report_for(tmp_path, text))
    return re.sub(r"\s+", "", lxml.html.document_fromstring(html).text_content())


@pytest.mark.parametrize(("budget", "setting", "asked"), [
    ("109.10", "", False),   # 决算 120 is 9.99% above: within the default 10%
    ("109.00", "", True),    # 10.09% above
    ("134.00", "", True),    # 10.45% below
    ("118.00", "样式设置:\n  差异原因阈值: 0\n", True),    # any difference
    ("134.00", "样式设置:\n  差异原因阈值: 20\n", False),  # a department's own threshold
])
def test_budget_reason_asks_beyond_the_threshold(tmp_path: Path, budget: str, setting: str,
                                                 asked: bool) -> None:
    text = edit(BASE, {"年初预算: 120.00": f"年初预算: {budget}"}) + setting
    found = _rules(findings_for(tmp_path, text), "BUDGET-REASON")
    assert bool(found) is asked, found


def test_a_line_without_budget_needs_a_reason_unless_its_use_is_given(tmp_path: Path) -> None:
    unbudgeted = edit(BASE, {"    项目支出: 30.00\n    年初预算: 30.00\n":
                             "    项目支出: 30.00\n"})
    (finding,) = _rules(findings_for(tmp_path, unbudgeted), "BUDGET-REASON")
    assert "年初预算 0.00，决算 30.00，相差 30.00（年初预算为 0）" in finding.message
    assert "“支出明细[2]”" in finding.message
    used = edit(unbudgeted, {"    项目支出: 30.00\n":
                             "    项目支出: 30.00\n    用途: 新增项目。\n"})
    assert not _rules(findings_for(tmp_path, used), "BUDGET-REASON")


def test_fund_setting_is_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        findings_for(tmp_path, BASE + "样式设置:\n  差异原因资金: [事业收入]\n")
    (finding,) = raised.value.findings
    assert finding.rule == "SETTING-VALUE"
    assert "“事业收入”不是财政拨款资金" in finding.message
    assert finding.position.line == BASE.count("\n") + 2


GOV_FUND_REASON = {"    年初预算: 50.00\n":
                   "    年初预算: 40.00\n    差异原因: 年中追加专项债券。\n"}


def test_hubei_does_not_ask_for_fund_reasons_and_says_a_given_one_is_unused(
        tmp_path: Path) -> None:
    """湖北 (seed 002) states no budget beside 政府性基金 项: no reason is asked, and one
    written is reported as never printed."""
    hubei = edit(BASE, {"地区样式: 河南": "地区样式: 湖北"})
    without = edit(hubei, {"    年初预算: 50.00\n": "    年初预算: 40.00\n"})
    assert not _rules(findings_for(tmp_path, without), "BUDGET-REASON")
    findings = findings_for(tmp_path, edit(hubei, GOV_FUND_REASON))
    (unused,) = _rules(findings, "BUDGET-REASON-UNUSED")
    assert unused.severity is Severity.WARNING
    assert "“支出明细[4].差异原因”不会印出" in unused.message and "湖北" in unused.message
    assert edit(hubei, GOV_FUND_REASON).splitlines()[unused.position.line - 1].strip() \
        == "差异原因: 年中追加专项债券。"


@pytest.mark.parametrize("region", ["河南", "辽宁", "上海"])
def test_fund_reasons_are_printed_where_they_are_asked_for(tmp_path: Path, region: str) -> None:
    text = edit(BASE, {"地区样式: 河南": f"地区样式: {region}", **GOV_FUND_REASON})
    assert not _rules(findings_for(tmp_path, text), "BUDGET-REASON")
    assert "年中追加专项债券" in _text(tmp_path, text)


@pytest.mark.parametrize(("prior", "reason_key"), [
    ("上年:\n  本年支出合计: 200\n", "上年.本年支出合计变动原因"),
    ("上年:\n  年末结转和结余: 3\n", "上年.年末结转和结余变动原因"),
    ("上年:\n  财政拨款支出: 100\n", "上年.财政拨款支出变动原因"),
    ("上年:\n  政府性基金预算财政拨款收入: 10\n", "上年.政府性基金预算财政拨款收入变动原因"),
    # 机关运行经费's reason is the ledger's (LEDGER-MISSING): see the tests below.
])
def test_every_total_changed_on_last_year_needs_its_reason(tmp_path: Path, prior: str,
                                                           reason_key: str) -> None:
    (finding,) = _rules(findings_for(tmp_path, BASE + prior), "PRIOR-REASON")
    assert f"请补上“{reason_key}”" in finding.message
    assert (BASE + prior).splitlines()[finding.position.line - 1].strip().startswith(
        prior.splitlines()[1].strip().split(":")[0])
    given = prior + f"  {reason_key.rsplit('.', 1)[1]}: 业务调整。\n"
    assert not _rules(findings_for(tmp_path, BASE + given), "PRIOR-REASON")


def test_a_three_public_item_that_changed_needs_its_reason(tmp_path: Path) -> None:
    text = edit(BASE, {"    决算: 0.20\n": "    决算: 0.20\n    上年: 0.50\n"})
    (finding,) = _rules(findings_for(tmp_path, text), "PRIOR-REASON")
    assert "“三公经费.公务接待.上年”为 0.50，本年为 0.20，减少 0.30" in finding.message
    assert "请补上“三公经费.公务接待.变动原因”" in finding.message
    explained = edit(text, {"    上年: 0.50\n": "    上年: 0.50\n    变动原因: 厉行节约。\n"})
    assert not _rules(findings_for(tmp_path, explained), "PRIOR-REASON")


OFFICE = "机关运行经费:\n  本年: 0\n  上年: 52.99\n"


@pytest.mark.parametrize(("region", "sentence"), [
    ("河南", "我部门2023年度无机关运行经费支出，比2022年度减少52.99万元，下降100.00%。"
             "主要原因是压缩核减。"),
    ("上海", "测试部门2023年度无机关运行经费支出，比2022年度减少52.99万元，下降100.00%。"
             "主要原因是压缩核减。"),
    ("辽宁", "2023年机关运行经费支出0.00万元"),
])
def test_office_operation_of_zero_still_compares_with_last_year(
        tmp_path: Path, region: str, sentence: str) -> None:
    text = edit(BASE, {"地区样式: 河南": f"地区样式: {region}"}) + OFFICE
    # The ledger requires this reason where the region prints the comparison
    # (LEDGER-MISSING, an error); elsewhere PRIOR-REASON asks for it.
    asked = [finding for finding in findings_for(tmp_path, text, ledger=True)
             if finding.rule in ("PRIOR-REASON", "LEDGER-MISSING")
             and "机关运行经费.变动原因" in finding.message]
    assert len(asked) == 1
    printed = _text(tmp_path, text + "  变动原因: 压缩核减。\n")
    assert sentence in printed
    if region == "辽宁":
        assert "比上年减少52.99万元，降低100.00%，主要原因是压缩核减。" in printed


def test_office_operation_of_zero_both_years_says_so(tmp_path: Path) -> None:
    printed = _text(tmp_path, BASE + "机关运行经费:\n  本年: 0\n  上年: 0\n")
    assert "我部门2023年度无机关运行经费支出。" in printed
    assert "比2022年度" not in printed.split("机关运行经费支出情况说明")[1][:60]

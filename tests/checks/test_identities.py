"""Each identity of the nine tables and each 公布数 comparison: fires on an inconsistent
figure (an ERROR beyond the rounding tail, a WARNING within it), stays quiet otherwise."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support import BASE, Cells, findings_for, report_for
from support import published_yaml as _published_yaml

from generator.findings import Finding, Severity
from generator.kinds.final_accounts.identities import (
    FUNCTION_TABLES,
    IDENTITY_RULES,
    Identity,
    identities,
)
from generator.kinds.final_accounts.rules import PUBLISHED_RULES
from generator.tables import Ref


def published_yaml(cells: Cells, values: dict[Ref, Decimal]) -> str:
    """A 公布数 section of ``values``, under the Henan 决算's table codes (公开01表 …)."""
    return _published_yaml(cells, values, 2, {"procurement": "政府采购", "assets": "国有资产"})


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> Cells:
    return Cells(report_for(tmp_path_factory.mktemp("base"), BASE))


def _identity(cells: Cells, rule: str) -> Identity:
    codes = {table: cells.codes(table) for table in FUNCTION_TABLES}
    candidates = [i for i in identities(cells.report.tables, codes) if i.rule == rule]
    # prefer an identity whose cells carry money, so the test is not about zeros only
    return max(candidates, key=lambda i: sum(cells.get(ref) != 0 for ref in i.refs))


def _rules(findings: list[Finding], severity: Severity | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity is severity}


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_quiet_when_published_figures_agree(rule: str, cells: Cells,
                                                      tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref) for ref in identity.refs}
    assert findings_for(tmp_path, BASE + published_yaml(cells, values)) == []


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_fires_beyond_the_tail(rule: str, cells: Cells, tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref) for ref in identity.refs}
    values[identity.total] += Decimal("1.00")
    findings = findings_for(tmp_path, BASE + published_yaml(cells, values))
    (finding,) = [f for f in findings if f.rule == rule]
    assert finding.severity is Severity.ERROR
    assert "相差 1.00" in finding.message
    assert f"{values[identity.total]:.2f}" in finding.message
    assert cells.label(identity.total) in finding.message
    assert finding.position.line > BASE.count("\n")  # points into 公布数


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_within_the_tail(rule: str, cells: Cells, tmp_path: Path) -> None:
    """A 0.01 miss is the finance system's rounding for a sum of several figures (one piece
    of information for all), an ERROR for one figure printed twice (both are the
    rounding of the same amount)."""
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref) for ref in identity.refs}
    values[identity.total] += Decimal("0.01")
    findings = findings_for(tmp_path, BASE + published_yaml(cells, values))
    if sum(1 for _, ref in identity.parts if values[ref]) <= 1:
        # one figure (the others blank) printed twice: no tail
        (finding,) = [f for f in findings if f.rule == rule]
        assert finding.severity is Severity.ERROR and "相差 0.01" in finding.message
    else:
        (note,) = [f for f in findings if f.rule == "PUBLISHED-ROUNDING"]
        assert cells.label(identity.total) in note.message and "相差 0.01" in note.message
        errors = [f.rule for f in findings if f.severity is not Severity.INFO]
        if cells.context.cell(identity.total).terms <= 1:
            # the total is one amount of the data: published, it must match exactly
            assert errors == [PUBLISHED_RULES[identity.total[0]]]
        else:
            assert errors == []


PUBLISHED_CELLS: dict[str, Ref] = {
    "PUB-SUMMARY": ("summary", "58", 2), "PUB-INCOME": ("income", "合计", 1),
    "PUB-EXPENDITURE": ("expenditure", "201", 3),
    "PUB-FISCAL-SUMMARY": ("fiscal_summary", "59", 3),
    "PUB-GENERAL-BUDGET": ("general_budget", "20103", 1),
    "PUB-BASIC-ECONOMIC": ("basic_economic", "人员经费合计", 1),
    "PUB-GOV-FUND": ("gov_fund", "2290402", 6), "PUB-SOE": ("soe", "合计", 3),
    "PUB-THREE-PUBLIC": ("three_public", "决算", 12), "PROC-PARTS": ("procurement", "总额", 1),
}


@pytest.mark.parametrize("rule", sorted(PUBLISHED_CELLS))
def test_published_against_data(rule: str, cells: Cells, tmp_path: Path) -> None:
    ref = PUBLISHED_CELLS[rule]
    computed = cells.get(ref)
    assert findings_for(tmp_path, BASE + published_yaml(cells, {ref: computed})) == []
    findings = findings_for(tmp_path, BASE + published_yaml(cells, {ref: computed + 1}))
    (finding,) = findings
    assert (finding.rule, finding.severity) == (rule, Severity.ERROR)
    assert f"公布数 {computed + 1:.2f}，按数据计算 {computed:.2f}，相差 1.00" \
        in finding.message
    assert finding.message.startswith(cells.label(ref))
    assert "报告将印计算数" in finding.message


def test_published_within_the_tail_is_printed(cells: Cells, tmp_path: Path) -> None:
    """The finance system's total prints, in its table, where the same figure stands
    again, and in the sentences that use it; check says so once, as information."""
    ref: Ref = ("summary", "58", 2)  # 本年支出合计: a sum of many rounded amounts
    value = cells.get(ref) + Decimal("0.01")
    text = BASE + published_yaml(cells, {ref: value})
    (finding,) = findings_for(tmp_path, text)
    assert (finding.rule, finding.severity) == ("PUBLISHED-ROUNDING", Severity.INFO)
    computed = value - Decimal("0.01")
    assert f"公开01表 第58行“本年支出合计” {value:.2f}（按数据计算 {computed:.2f}）" \
        in finding.message
    report = report_for(tmp_path, text)
    assert report.tables["summary"].cell("58", 2).value == value
    assert report.tables["expenditure"].cell("合计", 1).value == value  # the same figure
    assert report.facts.expenditure_total == value  # 三、支出决算情况说明
    assert report.computed[ref].value == value - Decimal("0.01")


def test_published_beyond_the_tail_is_not_printed(cells: Cells, tmp_path: Path) -> None:
    ref: Ref = ("summary", "58", 2)
    computed = cells.get(ref)
    report = report_for(tmp_path, BASE + published_yaml(cells, {ref: computed + 1}))
    assert report.tables["summary"].cell("58", 2).value == computed
    assert report.computed == {}


def test_published_single_amount_has_no_tail(cells: Cells, tmp_path: Path) -> None:
    ref: Ref = ("basic_economic", "30101", 1)  # one amount of the data: must be identical
    value = cells.get(ref) + Decimal("0.01")
    (finding,) = findings_for(tmp_path, BASE + published_yaml(cells, {ref: value}))
    assert (finding.rule, finding.severity) == ("PUB-BASIC-ECONOMIC", Severity.ERROR)


def test_published_row_without_data(cells: Cells, tmp_path: Path) -> None:
    ref: Ref = ("expenditure", "2130599", 1)
    (finding,) = findings_for(tmp_path, BASE + published_yaml(cells, {ref: Decimal("5.00")}))
    assert (finding.rule, finding.severity) == ("PUB-EXPENDITURE", Severity.ERROR)
    assert "按数据计算 0.00" in finding.message


def test_every_rule_of_the_identities_is_generated(cells: Cells) -> None:
    codes = {table: cells.codes(table) for table in FUNCTION_TABLES}
    assert {i.rule for i in identities(cells.report.tables, codes)} == set(IDENTITY_RULES)

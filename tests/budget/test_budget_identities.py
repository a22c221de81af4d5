"""Each identity of the twelve 预算 tables and each table's 公布数 comparison: fires on an
inconsistent figure (an ERROR beyond the rounding tail, information within it), stays
quiet otherwise. The Henan 预算 prints one decimal, so the rounding unit is 0.1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support import BUDGET_BASE, BUDGET_EXAMPLES, Cells, findings_for, report_for
from support import published_yaml as _published_yaml

from generator import api
from generator.findings import Finding, Severity
from generator.kinds.budget.identities import IDENTITY_RULES, Identity, identities
from generator.kinds.budget.rules import PUBLISHED_RULES
from generator.kinds.budget.tables import FUNCTION_TABLES
from generator.money import rounding_tail
from generator.tables import Ref

UNIT = Decimal("0.1")


def published_yaml(cells: Cells, values: dict[Ref, Decimal]) -> str:
    """A 公布数 section of ``values``, one decimal as the Henan 预算 prints."""
    return _published_yaml(cells, values, 1)


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> Cells:
    return Cells(report_for(tmp_path_factory.mktemp("base"), BUDGET_BASE))


def _identity(cells: Cells, rule: str) -> Identity:
    codes = {table: cells.codes(table) for table in FUNCTION_TABLES}
    candidates = [i for i in identities(cells.report.tables, codes) if i.rule == rule]
    assert candidates, f"{rule}: no identity generated for the base department"
    # prefer an identity whose cells carry money, so the test is not about zeros only
    return max(candidates, key=lambda i: sum(cells.get(ref) != 0 for ref in i.refs))


def _errors(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings if f.severity is not Severity.INFO]


def test_every_identity_is_generated_and_carries_money(cells: Cells) -> None:
    codes = {table: cells.codes(table) for table in FUNCTION_TABLES}
    generated = identities(cells.report.tables, codes)
    assert {i.rule for i in generated} == set(IDENTITY_RULES)
    for rule in IDENTITY_RULES:
        identity = _identity(cells, rule)
        assert any(cells.get(ref) for ref in identity.refs), rule


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_holds_on_the_computed_tables(rule: str, cells: Cells) -> None:
    for identity in identities(cells.report.tables,
                               {table: cells.codes(table) for table in FUNCTION_TABLES}):
        if identity.rule == rule:
            parts = sum((cells.get(ref) * sign for sign, ref in identity.parts), Decimal(0))
            assert cells.get(identity.total) == parts, (rule, identity.total)


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_quiet_when_published_figures_agree(rule: str, cells: Cells,
                                                      tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref) for ref in identity.refs}
    assert findings_for(tmp_path, BUDGET_BASE + published_yaml(cells, values)) == []


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_fires_beyond_the_tail(rule: str, cells: Cells, tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref) for ref in identity.refs}
    values[identity.total] += 10 * UNIT
    findings = findings_for(tmp_path, BUDGET_BASE + published_yaml(cells, values))
    (finding,) = [f for f in findings if f.rule == rule]
    assert finding.severity is Severity.ERROR
    assert "相差 1.0" in finding.message
    assert f"{values[identity.total]:.1f}" in finding.message
    assert cells.label(identity.total) in finding.message
    assert finding.position.line > BUDGET_BASE.count("\n")  # points into 公布数


PUBLISHED_CELLS: dict[str, Ref] = {
    "PUB-SUMMARY": ("summary", "本年支出合计", 2),
    "PUB-INCOME": ("income", "合计", 1),
    "PUB-EXPENDITURE": ("expenditure", "2010101", 3),
    "PUB-FISCAL-SUMMARY": ("fiscal_summary", "支出合计", 5),
    "PUB-GENERAL-BUDGET": ("general_budget", "20101", 1),
    "PUB-BASIC-ECONOMIC": ("basic_economic", "合计", 2),
    "PUB-ECONOMIC": ("economic", "302", 1),
    "PUB-THREE-PUBLIC": ("three_public", "预算", 6),
    "PUB-GOV-FUND": ("gov_fund", "2290402", 1),
    "PUB-PROJECTS": ("projects", "合计", 3),
    "PUB-DEPARTMENT-TARGETS": ("department_targets", "部门预算总额", 1),
    "PUB-PROJECT-TARGETS": ("project_targets", "101001", 1),
}


def test_every_table_has_a_published_case() -> None:
    assert set(PUBLISHED_CELLS) == set(PUBLISHED_RULES.values())


@pytest.mark.parametrize("rule", sorted(PUBLISHED_CELLS))
def test_published_against_data(rule: str, cells: Cells, tmp_path: Path) -> None:
    ref = PUBLISHED_CELLS[rule]
    computed = cells.get(ref)
    assert computed, f"{ref} is zero in the base: pick a cell with money"
    assert findings_for(tmp_path, BUDGET_BASE + published_yaml(cells, {ref: computed})) == []
    findings = findings_for(tmp_path,
                            BUDGET_BASE + published_yaml(cells, {ref: computed + 10 * UNIT}))
    (finding,) = findings
    assert (finding.rule, finding.severity) == (rule, Severity.ERROR)
    assert (f"公布数 {computed + 10 * UNIT:.1f}，按数据计算 {computed:.1f}，相差 1.0"
            in finding.message)
    assert finding.message.startswith(cells.label(ref))


def test_published_total_within_the_tail_is_printed_everywhere(cells: Cells,
                                                               tmp_path: Path) -> None:
    """The finance system's total prints in its table, wherever the same figure stands
    again, and in the sentences that use it; check says so once, as information."""
    ref: Ref = ("summary", "本年支出合计", 2)
    value = cells.get(ref) + UNIT
    text = BUDGET_BASE + published_yaml(cells, {ref: value})
    (finding,) = findings_for(tmp_path, text)
    assert (finding.rule, finding.severity) == ("PUBLISHED-ROUNDING", Severity.INFO)
    report = report_for(tmp_path, text)
    assert report.tables["summary"].cell("本年支出合计", 2).value == value
    assert report.tables["expenditure"].cell("合计", 1).value == value
    assert report.tables["fiscal_summary"].cell("本年支出", 2).value == value
    assert report.facts.spending.total == value
    assert report.computed[ref].value == value - UNIT


def test_published_single_amount_has_no_tail(cells: Cells, tmp_path: Path) -> None:
    """One economic item is one amount of the data: its 公布数 must be identical."""
    ref: Ref = ("basic_economic", "30101", 1)
    value = cells.get(ref) + UNIT
    (finding,) = findings_for(tmp_path, BUDGET_BASE + published_yaml(cells, {ref: value}))
    assert (finding.rule, finding.severity) == ("PUB-BASIC-ECONOMIC", Severity.ERROR)


@pytest.mark.parametrize("path", BUDGET_EXAMPLES, ids=lambda p: p.stem)
def test_every_identity_holds_on_the_example(path: Path) -> None:
    """Each identity holds to the printed decimal on the figures computed from the data;
    the published figures then replace some within their tail, and stay within it."""
    report = api.load_report(path)
    codes = {table: {row.code for row in report.tables[table].rows if row.code}
             for table in FUNCTION_TABLES}

    def computed(ref: Ref) -> Decimal:
        given = report.computed.get(ref)
        return (given or report.tables[ref[0]].cell(ref[1], ref[2])).value

    found = list(identities(report.tables, codes))
    assert len(found) > 100
    for identity in found:
        right = sum((sign * computed(ref) for sign, ref in identity.parts), Decimal(0))
        assert computed(identity.total) == right, identity
    for ref, amount in report.computed.items():
        printed = report.tables[ref[0]].cell(ref[1], ref[2]).value
        assert 0 < abs(printed - amount.value) <= rounding_tail(amount.terms,
                                                               report.tail_per_term)


@pytest.mark.parametrize("path", BUDGET_EXAMPLES, ids=lambda p: p.stem)
def test_sentences_read_the_tables(path: Path) -> None:
    """A sentence's amount is its table's printed cell: the two cannot disagree."""
    report = api.load_report(path)
    tables, facts = report.tables, report.facts
    assert facts.spending.total == tables["expenditure"].total[1].value
    assert facts.spending.parts[0].amount == tables["expenditure"].total[2].value
    assert facts.general_budget.total == tables["general_budget"].total[1].value
    assert facts.basic.total == tables["basic_economic"].total[1].value
    assert facts.basic.parts[0].amount == tables["basic_economic"].total[2].value

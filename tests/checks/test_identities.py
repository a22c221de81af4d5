"""Each identity of the nine tables and each 公布数 comparison: fires on an inconsistent
figure (an ERROR beyond the rounding tail, a WARNING within it), stays quiet otherwise."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import BASE, findings_for

from generator import api
from generator.figures import FUNCTION_COLUMNS, Cells, Ref, row_columns
from generator.findings import Finding, Severity
from generator.identities import IDENTITY_RULES, Identity, identities


def published_yaml(values: dict[Ref, Decimal]) -> str:
    """A 公布数 section giving ``values``, row by row (absent columns as null)."""
    tables: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for (table, row, column), value in values.items():
        tables[table][row][column] = value
    out = ["公布数:"]
    for table, rows in tables.items():
        out.append(f"  {table}:")
        for row, cells in rows.items():
            columns = row_columns(table, row)
            assert columns is not None, (table, row)
            given = [cells.get(c) for c in columns]
            while given[-1] is None:
                given.pop()
            text = ", ".join("null" if v is None else f"{v:.2f}" for v in given)
            out.append(f'    "{row}": {text if len(columns) == 1 else f"[{text}]"}')
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> Cells:
    path = tmp_path_factory.mktemp("base") / "dept.yaml"
    path.write_text(BASE, encoding="utf-8")
    return Cells(api.load_department(path))


def _identity(cells: Cells, rule: str) -> Identity:
    codes = {table: cells.codes(table) for table in FUNCTION_COLUMNS}
    candidates = [i for i in identities(codes) if i.rule == rule]
    # prefer an identity whose cells carry money, so the test is not about zeros only
    return max(candidates, key=lambda i: sum(cells.get(ref).value != 0 for ref in i.refs))


def _rules(findings: list[Finding], severity: Severity | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity is severity}


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_quiet_when_published_figures_agree(rule: str, cells: Cells,
                                                      tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref).value for ref in identity.refs}
    assert findings_for(tmp_path, BASE + published_yaml(values)) == []


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_fires_beyond_the_tail(rule: str, cells: Cells, tmp_path: Path) -> None:
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref).value for ref in identity.refs}
    values[identity.total] += Decimal("1.00")
    findings = findings_for(tmp_path, BASE + published_yaml(values))
    (finding,) = [f for f in findings if f.rule == rule]
    assert finding.severity is Severity.ERROR
    assert "相差 1.00" in finding.message
    assert f"{values[identity.total]:.2f}" in finding.message
    assert cells.label(identity.total) in finding.message
    assert finding.position.line > BASE.count("\n")  # points into 公布数


@pytest.mark.parametrize("rule", sorted(IDENTITY_RULES))
def test_identity_within_the_tail(rule: str, cells: Cells, tmp_path: Path) -> None:
    """A 0.01 miss is a WARNING for a sum of several figures, an ERROR for one figure
    printed twice (both are the rounding of the same amount)."""
    identity = _identity(cells, rule)
    values = {ref: cells.get(ref).value for ref in identity.refs}
    values[identity.total] += Decimal("0.01")
    findings = [f for f in findings_for(tmp_path, BASE + published_yaml(values))
                if f.rule == rule]
    expected = Severity.ERROR if len(identity.parts) == 1 else Severity.WARNING
    assert [f.severity for f in findings] == [expected]
    assert "相差 0.01" in findings[0].message


PUBLISHED_CELLS: dict[str, Ref] = {
    "PUB-01": ("公开01表", "58", 2), "PUB-02": ("公开02表", "合计", 1),
    "PUB-03": ("公开03表", "201", 3), "PUB-04": ("公开04表", "59", 3),
    "PUB-05": ("公开05表", "20103", 1), "PUB-06": ("公开06表", "人员经费合计", 1),
    "PUB-07": ("公开07表", "2290402", 6), "PUB-08": ("公开08表", "合计", 3),
    "PUB-09": ("公开09表", "决算", 12), "PROC-PARTS": ("政府采购", "总额", 1),
}


@pytest.mark.parametrize("rule", sorted(PUBLISHED_CELLS))
def test_published_against_data(rule: str, cells: Cells, tmp_path: Path) -> None:
    ref = PUBLISHED_CELLS[rule]
    computed = cells.get(ref)
    assert findings_for(tmp_path, BASE + published_yaml({ref: computed.value})) == []
    findings = findings_for(tmp_path, BASE + published_yaml({ref: computed.value + 1}))
    (finding,) = findings
    assert (finding.rule, finding.severity) == (rule, Severity.ERROR)
    assert f"公布数 {computed.value + 1:.2f}，按数据计算 {computed.value:.2f}，相差 1.00" \
        in finding.message
    assert finding.message.startswith(cells.label(ref))
    assert "报告将印计算数" in finding.message


def test_published_within_the_tail_is_a_warning(cells: Cells, tmp_path: Path) -> None:
    ref: Ref = ("公开01表", "58", 2)  # 本年支出合计: a sum of many rounded amounts
    value = cells.get(ref).value + Decimal("0.01")
    (finding,) = findings_for(tmp_path, BASE + published_yaml({ref: value}))
    assert (finding.rule, finding.severity) == ("PUB-01", Severity.WARNING)
    assert "尾差容许" in finding.message and "属四舍五入尾差" in finding.message


def test_published_single_amount_has_no_tail(cells: Cells, tmp_path: Path) -> None:
    ref: Ref = ("公开06表", "30101", 1)  # one amount of the data: must be identical
    value = cells.get(ref).value + Decimal("0.01")
    (finding,) = findings_for(tmp_path, BASE + published_yaml({ref: value}))
    assert (finding.rule, finding.severity) == ("PUB-06", Severity.ERROR)


def test_published_row_without_data(tmp_path: Path) -> None:
    ref: Ref = ("公开03表", "2130599", 1)
    (finding,) = findings_for(tmp_path, BASE + published_yaml({ref: Decimal("5.00")}))
    assert (finding.rule, finding.severity) == ("PUB-03", Severity.ERROR)
    assert "按数据计算 0.00" in finding.message


def test_every_rule_of_the_identities_is_generated(cells: Cells) -> None:
    codes = {table: cells.codes(table) for table in FUNCTION_COLUMNS}
    assert {i.rule for i in identities(codes)} == set(IDENTITY_RULES)

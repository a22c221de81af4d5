"""generator.figures computes every cell exactly as generator.derive does."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api
from generator.catalog import FUNCTION_CLASS_CODES
from generator.derive import FunctionTable, Report
from generator.figures import FUNCTION_COLUMNS, Cells, row_columns

EXAMPLES = sorted(Path(__file__).parents[2].joinpath("data", "examples").glob("*.yaml"))
FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("*.yaml"))


@pytest.fixture(params=[*EXAMPLES, *FIXTURES], ids=lambda p: p.stem)
def report(request: pytest.FixtureRequest) -> Report:
    return api.load_report(request.param)


def _function_tables(report: Report) -> dict[str, FunctionTable]:
    return {"公开02表": report.income_table, "公开03表": report.expenditure_table,
            "公开05表": report.general_budget_table, "公开07表": report.gov_fund_table,
            "公开08表": report.soe_table}


def test_tables_by_code(report: Report) -> None:
    cells = Cells(report.department)
    for table, derived in _function_tables(report).items():
        assert cells.codes(table) >= {row.code for row in derived.rows}
        for row in derived.rows:
            for column, value in enumerate(row.values, 1):
                assert cells.get((table, row.code, column)).value == value, (table, row.code)
            assert cells.label((table, row.code, 1)).startswith(f"{table} {row.code}“{row.name}”")
        for column, value in enumerate(derived.total, 1):
            assert cells.get((table, "合计", column)).value == value, (table, column)


def test_summary_tables(report: Report) -> None:
    cells = Cells(report.department)
    s, f = report.summary, report.fiscal_summary
    expected_01 = {**{i + 1: v for i, (_, v) in enumerate(s.income_by_source)},
                   27: s.income_total, 28: s.use_nonfiscal_surplus, 29: s.opening_balance,
                   31: s.income_grand_total, 58: s.expenditure_total,
                   59: s.surplus_distribution, 60: s.closing_balance,
                   62: s.expenditure_grand_total}
    expected_01 |= {32 + i: line.values[0] for i, line in enumerate(s.class_lines[:26])}
    for row, value in expected_01.items():
        (column,) = row_columns("公开01表", str(row)) or (0,)
        assert cells.get(("公开01表", str(row), column)).value == value, row
    expected_04 = {**{i + 1: v for i, (_, v) in enumerate(f.income_by_fund)},
                   27: f.income_total, 28: f.opening_total, 32: f.income_grand_total,
                   **{29 + i: v for i, (_, v) in enumerate(f.opening_by_fund)}}
    for row, value in expected_04.items():
        assert cells.get(("公开04表", str(row), 1)).value == value, row
    rows_04 = {**{33 + i: line.values for i, line in enumerate(f.class_lines[:26])},
               59: f.expenditure_total, 64: f.expenditure_grand_total,
               60: (f.closing_total, *(v for _, v in f.closing_by_fund))}
    for row, values in rows_04.items():
        for column, value in enumerate(values, 2):
            assert cells.get(("公开04表", str(row), column)).value == value, (row, column)
    assert [line.code for line in s.class_lines[:26]] == list(FUNCTION_CLASS_CODES)


def test_economic_and_three_public(report: Report) -> None:
    cells = Cells(report.department)
    b = report.basic_economic_table
    assert cells.get(("公开06表", "人员经费合计", 1)).value == b.personnel
    assert cells.get(("公开06表", "公用经费合计", 1)).value == b.public
    for group, items in b.groups.items():
        for item in items:
            assert cells.get(("公开06表", item.code, 1)).value == item.amount, item.code
        assert group == items[0].code
    t = report.three_public_table
    for k in range(6):
        assert cells.get(("公开09表", "预算", 1 + k)).value == t.budget[k]
        assert cells.get(("公开09表", "决算", 7 + k)).value == t.actual[k]


def test_every_function_table_has_columns() -> None:
    for table, columns in FUNCTION_COLUMNS.items():
        assert row_columns(table, "合计") == tuple(range(1, len(columns) + 1))
        assert row_columns(table, "2101") is None

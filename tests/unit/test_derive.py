"""Every identity printed under the nine tables holds for the derived tables."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from generator import api
from generator import vocabulary as g
from generator.derive import FunctionTable, Report
from generator.model import Carryover, Department, ExpenditureLine, Overview

EXAMPLES = sorted(Path(__file__).parents[2].joinpath("data", "examples").glob("*.yaml"))


def _line(code: str, source: str = g.GENERAL_BUDGET, **amounts: str) -> ExpenditureLine:
    return ExpenditureLine(code=code, source=source,
                           **{k: D(v) for k, v in amounts.items()})  # type: ignore[arg-type]


def _department(*lines: ExpenditureLine, **extra: object) -> Department:
    return Department(kind="决算", profile="河南", year=2023, name="测试部门",
                      compiled=(2024, 9), overview=Overview(), lines=lines,
                      **extra)  # type: ignore[arg-type]


def _check_rollup(table: FunctionTable) -> None:
    """款 = Σ 项 and 类 = Σ 款 on every column; 合计 = Σ 类."""
    for row in table.rows:
        if row.level < 3:
            width = 5 if row.level == 1 else 7
            children = [r for r in table.rows
                        if r.level == row.level + 1 and r.code[: len(row.code)] == row.code
                        and len(r.code) == width]
            for i, value in enumerate(row.values):
                assert value == sum(c.values[i] for c in children), (row.code, i)
    for i, value in enumerate(table.total):
        assert value == sum(r.values[i] for r in table.classes())


@pytest.fixture(params=EXAMPLES, ids=lambda p: p.stem)
def report(request: pytest.FixtureRequest) -> Report:
    return api.load_report(request.param)


def test_table_identities(report: Report) -> None:
    s, f = report.summary, report.fiscal_summary
    # 公开01表: 27 = 1+…+8; 31 = 27+28+29; 58 = 32+…+57; 62 = 58+59+60; 31 = 62
    assert s.income_total == sum(v for _, v in s.income_by_source)
    assert s.income_grand_total == s.income_total + s.use_nonfiscal_surplus + s.opening_balance
    assert s.expenditure_total == sum(line.values[0] for line in s.class_lines)
    assert s.expenditure_grand_total == (s.expenditure_total + s.surplus_distribution
                                         + s.closing_balance)
    assert s.income_grand_total == s.expenditure_grand_total
    # 公开02/03表: 栏1 = Σ other columns on every row
    for table in (report.income_table, report.expenditure_table):
        _check_rollup(table)
        for row in (*table.rows,):
            assert row.values[0] == sum(row.values[1:]), row.code
    # cross-table: 02 合计 = 01 行27; 03 合计 = 01 行58; 01 类 = 03 类
    assert report.income_table.total[0] == s.income_total
    assert report.expenditure_table.total[0] == s.expenditure_total
    classes = {row.code: row.values[0] for row in report.expenditure_table.classes()}
    for line in s.class_lines:
        assert line.values[0] == classes.get(line.code, D(0))
    # 公开04表: 27 = 1+2+3; 32 = 27+28; 64 = 59+60; 栏2 = 栏3+栏4+栏5
    assert f.income_total == sum(v for _, v in f.income_by_fund)
    assert f.income_grand_total == f.income_total + f.opening_total
    assert f.expenditure_grand_total[0] == f.expenditure_total[0] + f.closing_total
    assert f.income_grand_total == f.expenditure_grand_total[0]
    for line in f.class_lines:
        assert line.values[0] == sum(line.values[1:])
    # 04 income = 01 lines 1–3; 05 = 04 栏3; 07 支出 = 04 栏4
    assert [v for _, v in f.income_by_fund] == [v for _, v in s.income_by_source[:3]]
    assert report.general_budget_table.total[0] == f.expenditure_total[1]
    gov_total = report.gov_fund_table.total[2] if not report.gov_fund_table.empty else D(0)
    assert gov_total == f.expenditure_total[2]
    # 公开05表: 栏1 = 栏2 + 栏3
    _check_rollup(report.general_budget_table)
    for row in report.general_budget_table.rows:
        assert row.values[0] == row.values[1] + row.values[2]
    # 公开06表: 人员经费 = 301 + 303; 公用经费 = the rest
    t6 = report.basic_economic_table
    groups = {code: items[0].amount for code, items in t6.groups.items()}
    assert t6.personnel == groups["301"] + groups["303"]
    assert t6.public == sum(v for code, v in groups.items() if code not in ("301", "303"))
    # 公开09表: 1 = 2+3+6; 3 = 4+5
    for row in (report.three_public_table.budget, report.three_public_table.actual):
        assert row[0] == row[1] + row[2] + row[5]
        assert row[2] == row[3] + row[4]


def test_rollup_groups_items_under_sections_and_classes() -> None:
    dept = _department(_line("2010301", basic="1.10"), _line("2010302", project="2.20"),
                       _line("2080501", basic="3.30"))
    report = api.derive(dept)
    rows = [(r.code, r.level, r.values[0]) for r in report.expenditure_table.rows]
    assert rows == [("201", 1, D("3.30")), ("20103", 2, D("3.30")),
                    ("2010301", 3, D("1.10")), ("2010302", 3, D("2.20")),
                    ("208", 1, D("3.30")), ("20805", 2, D("3.30")),
                    ("2080501", 3, D("3.30"))]
    assert report.expenditure_table.total == (D("6.60"), D("4.40"), D("2.20"),
                                               D(0), D(0), D(0))


def test_funds_split_one_class_across_columns_of_table_04() -> None:
    dept = _department(_line("2299999", project="754.67"),
                       _line("2290402", g.GOV_FUND, project="3777.98"))
    report = api.derive(dept)
    line_229 = next(c for c in report.fiscal_summary.class_lines if c.code == "229")
    assert line_229.values == (D("4532.65"), D("754.67"), D("3777.98"), D(0))
    assert [r.code for r in report.gov_fund_table.rows] == ["229", "22904", "2290402"]
    assert report.soe_table.empty


def test_carry_over_balances_table_01() -> None:
    dept = _department(
        _line("2010301", basic="10.00", income_given="12.00", opening_balance="1.00"),
        _line("2010302", "事业收入", project="5.00", income_given="5.00"),
        carryover=Carryover(use_nonfiscal_surplus=D("2.00"), surplus_distribution=D("0.50")))
    s = api.derive(dept).summary
    assert s.income_total == D("17.00")
    assert s.income_grand_total == D("20.00")  # 17 + 2 + 1
    assert s.expenditure_total == D("15.00")
    assert s.closing_balance == D("4.50")  # 20 − 15 − 0.5
    assert s.expenditure_grand_total == s.income_grand_total


def test_budget_items_merge_lines_of_one_code() -> None:
    dept = _department(_line("2010301", basic="4.00", budget="5.00"),
                       _line("2010301", basic="1.00"))
    item = api.derive(dept).general_budget.items[0]
    assert (item.budget, item.actual, item.completion) == (D("5.00"), D("5.00"), D("100.00"))
    assert item.class_name == "一般公共服务支出"
    assert item.section_name == "政府办公厅（室）及相关机构事务"
    assert item.item_name == "行政运行"

"""Derive: the tables, figures and facts of a 决算, each computed once."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from support import (
    BASE,
    COMPLETE,
    FINAL_ACCOUNTS_EXAMPLES,
    department,
    derive,
    edit,
    line,
    report_for,
)

from generator import api
from generator.findings import InputError
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.identities import FUNCTION_TABLES, identities
from generator.kinds.final_accounts.model import Carryover
from generator.money import ZERO
from generator.rulebook import tolerance
from generator.tables import Amount


@pytest.fixture(params=FINAL_ACCOUNTS_EXAMPLES, ids=lambda p: p.stem)
def report(request: pytest.FixtureRequest) -> Report:
    return api.load_report(request.param)


#: Identities between facts entered separately (公开06表's economic items against the
#: 基本支出 of the lines): they hold within the rounding tail (rule BASIC-ECONOMIC-LINES).
SEPARATE = {"X-BASIC-ECONOMIC-GENERAL-BUDGET"}


def test_every_identity_holds_exactly_on_the_computed_tables(report: Report) -> None:
    """Each sum printed under the nine tables and each cross-table equality holds, to the
    cent, on the figures computed from the data (the checker relies on it); the figures
    the finance system published may then replace some within their tail."""
    codes = {table: {row.code for row in report.tables[table].rows if row.code}
             for table in FUNCTION_TABLES}
    checked = 0
    for identity in identities(report.tables, codes):
        def cell(ref: tuple[str, str, int]) -> Amount:
            return report.computed.get(ref) or report.tables[ref[0]].cell(ref[1], ref[2])
        right = sum((sign * cell(ref).value for sign, ref in identity.parts), ZERO)
        if identity.rule in SEPARATE:
            terms = max(cell(identity.total).terms, sum(cell(r).terms for _, r in identity.parts))
            assert abs(cell(identity.total).value - right) <= tolerance(terms), identity
        else:
            assert cell(identity.total).value == right, identity
        checked += 1
    assert checked > 200


def test_printed_figures_stay_within_the_tail_of_the_computed(report: Report) -> None:
    for ref, computed in report.computed.items():
        printed = report.tables[ref[0]].cell(ref[1], ref[2])
        assert 0 < abs(printed.value - computed.value) <= tolerance(max(computed.terms, 2))


def test_facts_are_read_from_the_tables(report: Report) -> None:
    """A sentence's amount is its table's cell: the two cannot disagree."""
    tables, facts = report.tables, report.facts
    assert facts.grand_total.current == tables["summary"].first("income-grand")[1].value
    assert facts.expenditure_total == tables["expenditure"].total[1].value
    assert facts.general_budget.current == tables["general_budget"].total[1].value
    assert facts.basic.total == tables["general_budget"].total[2].value
    assert facts.basic.personnel == tables["basic_economic"].first("personnel")[1].value
    assert facts.three_public.total.actual == tables["three_public"].first("决算")[7].value
    shares = [s.rate for s in facts.income_by_column if s.amount]
    assert abs(sum(shares, ZERO) - 100) <= D("0.01") * len(shares)


def test_rollup_groups_items_under_sections_and_classes() -> None:
    dept = department(line("2010301", basic="1.10"), line("2010302", project="2.20"),
                      line("2080501", basic="3.30"))
    table = derive(dept).tables["expenditure"]
    rows = [(r.key, r.level, r[1].value) for r in table.rows]
    assert rows == [("合计", 0, D("6.60")), ("201", 1, D("3.30")), ("20103", 2, D("3.30")),
                    ("2010301", 3, D("1.10")), ("2010302", 3, D("2.20")),
                    ("208", 1, D("3.30")), ("20805", 2, D("3.30")),
                    ("2080501", 3, D("3.30"))]
    assert [f.value for f in table.total.values] == [D("6.60"), D("4.40"), D("2.20"),
                                                      ZERO, ZERO, ZERO]


def test_figures_count_their_rounded_terms() -> None:
    dept = department(line("2010301", basic="1.10", project="0.50"),
                      line("2010302", project="2.20"), line("2080501", basic="0"))
    table = derive(dept).tables["expenditure"]
    assert table.total[1] == Amount(D("3.80"), 3)  # 1.10 + 0.50 + 2.20
    assert table.total[2] == Amount(D("1.10"), 1)
    assert table.cell("2130599", 1) == Amount(ZERO, 0)  # a code without data is zero


def test_funds_split_one_class_across_columns_of_table_04() -> None:
    dept = department(line("2299999", project="754.67"),
                      line("2290402", terms.GOV_FUND, project="3777.98"))
    report = derive(dept)
    fiscal = report.tables["fiscal_summary"]
    line_229 = next(row for row in fiscal.by_role("class") if row.code == "229")
    assert [f.value for f in line_229.values] == [D("4532.65"), D("754.67"), D("3777.98"),
                                                   ZERO]
    assert line_229.key == "55"  # 行次 33 + its place among the 26 类 lines
    assert [r.key for r in report.tables["gov_fund"].rows] == ["合计", "229", "22904",
                                                               "2290402"]
    assert report.tables["soe"].empty


def test_carry_over_balances_table_01() -> None:
    dept = department(
        line("2010301", basic="10.00", income_given="12.00", opening_balance="1.00"),
        line("2010302", "事业收入", project="5.00", income_given="5.00"),
        carryover=Carryover(use_nonfiscal_surplus=D("2.00"), surplus_distribution=D("0.50")))
    summary = derive(dept).tables["summary"]
    assert summary.cell("27", 1).value == D("17.00")
    assert summary.cell("31", 1).value == D("20.00")  # 17 + 2 + 1
    assert summary.cell("58", 2).value == D("15.00")
    assert summary.cell("60", 2).value == D("4.50")  # 20 − 15 − 0.5
    assert summary.cell("62", 2).value == summary.cell("31", 1).value


def test_budget_items_merge_lines_of_one_code() -> None:
    dept = department(line("2010301", basic="4.00", budget="5.00"), line("2010301", basic="1.00"))
    item = derive(dept).facts.general_budget_fund.items[0]
    assert (item.budget, item.actual, item.completion.rate) == (D("5.00"), D("5.00"),
                                                                D("100.00"))
    assert item.class_name == "一般公共服务支出"
    assert item.section_name == "政府办公厅（室）及相关机构事务"
    assert item.item_name == "行政运行"


def test_outline_numbers_parts_sections_and_tables(report: Report) -> None:
    if report.department.profile != "河南":
        pytest.skip("the Henan numbering")
    outline = report.outline
    assert outline.part("explanation").number == "第三部分"
    assert outline.ref("explanation", "general_budget", "structure") == "第三部分 五（二）"
    assert outline.ref("explanation", "office_operation") == "第三部分 十"
    assert [t.code for t in outline.tables] == [f"公开0{n}表" for n in range(1, 10)]
    assert report.table_name("procurement") == "第三部分 十一"


@pytest.mark.parametrize("name", ["公开09表", "财政拨款“三公”经费支出决算表", "three_public"])
def test_published_figures_accept_the_names_the_report_prints(tmp_path: Path, name: str
                                                              ) -> None:
    report = report_for(tmp_path, BASE + f"公布数:\n  {name}:\n    决算: [0.20]\n")
    (published,) = report.published
    assert published.ref == ("three_public", "决算", 7)
    assert published.amount == D("0.20")


@pytest.mark.parametrize(("entry", "rule", "text"), [
    ("  公开10表:\n    合计: 1\n", "PUBLISHED-TABLE", "本报告没有这张表"),
    ("  公开03表:\n    合计行: 1\n", "PUBLISHED-ROW", "没有“合计行”这一行"),
    ("  公开09表:\n    决算: [1, 2, 3, 4, 5, 6, 7]\n", "PUBLISHED-COLUMNS", "有 7 个数"),
])
def test_published_figures_that_name_nothing_are_errors(tmp_path: Path, entry: str,
                                                        rule: str, text: str) -> None:
    with pytest.raises(InputError) as caught:
        report_for(tmp_path, BASE + "公布数:\n" + entry)
    (finding,) = caught.value.findings
    assert finding.rule == rule and text in finding.message
    assert finding.position.line > BASE.count("\n") + 1


def test_liaoning_numbering_makes_07_the_three_public_table(tmp_path: Path) -> None:
    """In a region where 三公 is the seventh table, 公开07表 in 公布数 means 三公, and
    messages name it so."""
    order = ("样式设置:\n  表格顺序: [summary, income, expenditure, fiscal_summary,"
             " general_budget, basic_economic, three_public, gov_fund, soe]\n")
    text = edit(COMPLETE, {"    决算: 0.20\n": "    决算: 0.20\n"}) + order
    report = report_for(tmp_path, text + "公布数:\n  公开07表:\n    决算: [0.30]\n")
    assert report.published[0].ref == ("three_public", "决算", 7)
    (finding,) = api.check(report)
    assert finding.rule == "PUB-THREE-PUBLIC"
    assert finding.message.startswith("公开07表 第7栏（决算数 合计）")


def test_the_liaoning_outline_follows_its_profile() -> None:
    """辽宁: 情况说明 is 第二部分 before the tables (第四部分), 三公 is 公开07表, and the
    published figures keyed by Liaoning's numbers land on Liaoning's tables."""
    report = api.load_report(next(path for path in FINAL_ACCOUNTS_EXAMPLES
                                  if path.stem == "dawa-zhihui-2023"))
    outline = report.outline
    assert [part.number for part in outline.parts] == [
        "第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    assert outline.part("explanation").number == "第二部分"
    assert outline.part("tables").number == "第四部分"
    assert outline.table("three_public").code == "公开07表"
    assert outline.table("gov_fund").code == "公开08表"
    assert outline.ref("explanation", "other_matters", "procurement") == "第二部分 五（二）"
    assert report.tables["three_public"].first("预算")[1].value == D("2.50")

"""Identities of the 预算 tables: every sum the twelve tables print and every equality
between them, found by the rows' roles and codes (``generator.identities``).

The derived tables satisfy them by construction; the checker evaluates them on the
figures a department enters under ``公布数`` (the finance system's print), and the printing
of 公布数 spreads a published figure to the cells that are the same figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.identities import Identity
from generator.identities import same_figure as figures_alike
from generator.identities import sum_identity as _sum
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.tables import FUNCTION_TABLES
from generator.tables import Ref, Row, Table

# ruff: noqa: E501 (the messages below read best unbroken)

#: Every identity rule id with what it checks; ``{table id}`` stands for the table's name
#: as the department's report prints it.
IDENTITY_RULES: dict[str, str] = {
    "SUMMARY-INCOME-TOTAL": "{summary} 本年收入合计 = 一至九项收入之和",
    "SUMMARY-INCOME-GRAND": "{summary} 收入总计 = 本年收入合计 + 上年结转结余",
    "SUMMARY-EXPENDITURE-TOTAL": "{summary} 本年支出合计 = 各类支出之和",
    "SUMMARY-EXPENDITURE-GRAND": "{summary} 支出总计 = 本年支出合计 + 年终结转结余",
    "SUMMARY-GRAND-EQUAL": "{summary} 收入总计 = 支出总计",
    "INCOME-ROW": "{income} 每行 合计 = 各项收入之和",
    "INCOME-ROLLUP": "{income} 合计 = 部门，部门、单位 = 其下各行之和",
    "EXPENDITURE-ROW": "{expenditure} 每行 合计 = 基本支出 + 项目支出，基本支出 = 四类经济分类之和，项目支出 = 两类项目之和",
    "EXPENDITURE-ROLLUP": "{expenditure} 合计 = 部门，部门、单位 = 其下各行之和",
    "FISCAL-SUMMARY-INCOME": "{fiscal_summary} 本年收入、上年结转 = 三项资金之和，收入合计 = 本年收入 + 上年结转",
    "FISCAL-SUMMARY-EXPENDITURE": "{fiscal_summary} 本年支出 = 各类支出之和，支出合计 = 本年支出 + 年终结转结余（每栏）",
    "FISCAL-SUMMARY-ROW": "{fiscal_summary} 每行 合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
    "FISCAL-SUMMARY-GRAND-EQUAL": "{fiscal_summary} 收入合计 = 支出合计",
    "GENERAL-BUDGET-ROW": "{general_budget} 每行 合计 = 基本支出 + 项目支出，基本支出 = 四类经济分类之和，项目支出 = 两类项目之和",
    "GENERAL-BUDGET-ROLLUP": "{general_budget} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "GOV-FUND-ROW": "{gov_fund} 每行 合计 = 基本支出 + 项目支出，基本支出 = 四类经济分类之和，项目支出 = 两类项目之和",
    "GOV-FUND-ROLLUP": "{gov_fund} 款 = 其项之和，类 = 其款之和，合计 = 各类之和",
    "BASIC-ECONOMIC-ROW": "{basic_economic} 每行 合计 = 人员经费 + 公用经费",
    "BASIC-ECONOMIC-TOTAL": "{basic_economic} 合计 = 各经济分类科目之和（每栏）",
    "ECONOMIC-ROW": "{economic} 每行 合计 = 基本支出 + 项目支出",
    "ECONOMIC-ROLLUP": "{economic} 类 = 其款之和，合计 = 各类之和（每栏）",
    "THREE-PUBLIC-SUM": "{three_public} 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费，公务用车购置及运行费 = 购置费 + 运行费",
    "PROJECTS-ROW": "{projects} 每行 合计 = 各项资金之和",
    "PROJECTS-ROLLUP": "{projects} 合计 = 部门，部门、单位 = 其下各项目之和（每栏）",
    "DEPARTMENT-TARGETS-SUM": "{department_targets} 部门预算总额 = 三项资金来源之和 = 基本支出 + 项目支出",
    "PROJECT-TARGETS-ROW": "{project_targets} 每行 资金总额 = 政府预算资金 + 财政专户管理资金 + 单位资金",
    "PROJECT-TARGETS-ROLLUP": "{project_targets} 部门、单位 = 其下各项目之和（每栏）",
    "X-SUMMARY-FISCAL-INCOME": "{summary} 一至三项收入 = {fiscal_summary} 本年三项财政拨款收入",
    "X-SUMMARY-CLASS": "{summary} 各类支出 = {fiscal_summary} 同类合计（无非财政拨款资金时）及 {expenditure} 该类各项之和",
    "X-SUMMARY-FISCAL-TOTALS": "{summary} 本年收入合计、收入总计、本年支出合计、支出总计 = {fiscal_summary} 本年收入、收入合计、本年支出、支出合计（无非财政拨款资金时）",
    "X-SUMMARY-INCOME-TABLE": "{income} 合计 = {summary} 收入总计",
    "X-INCOME-EXPENDITURE": "{income} 每行 合计 = {expenditure} 同一行 合计（同一单位、同一科目的收入与支出）",
    "X-ECONOMIC-GROUPS": "{economic} 301、303、302、310 类 基本支出 = {expenditure} 合计 工资福利支出、对个人和家庭的补助、商品和服务支出、资本性支出",
    "X-SUMMARY-EXPENDITURE-TABLE": "{expenditure} 合计 = {summary} 本年支出合计",
    "X-GENERAL-BUDGET-SUMMARY": "{general_budget} 合计 = {summary} 一般公共预算收入",
    "X-GENERAL-BUDGET-FISCAL": "{general_budget} 各类 = {fiscal_summary} 同类 一般公共预算（无上年结转时）",
    "X-GOV-FUND-SUMMARY": "{gov_fund} 合计 = {summary} 政府性基金预算拨款收入",
    "X-BASIC-ECONOMIC-GENERAL-BUDGET": "{basic_economic} 合计 = {general_budget} 合计 基本支出（合计、人员经费、公用经费）",
    "X-ECONOMIC-EXPENDITURE": "{economic} 合计 = {expenditure} 合计（合计、基本支出、项目支出）",
    "X-PROJECTS-EXPENDITURE": "{projects} 合计 = {expenditure} 合计 项目支出",
    "X-PROJECT-TARGETS": "{project_targets} 部门及各项目资金总额 = {projects} 部门及该项目合计",
    "X-DEPARTMENT-TARGETS": "{department_targets} 部门预算总额 = {summary} 收入总计，基本支出、项目支出 = {expenditure} 合计",
}  # fmt: skip


def _row_sums(rule: str, table: Table, row: Row, total: int, parts: list[int],
              text: str) -> Identity:
    tid = table.id
    return _sum(rule, (tid, row.key, total), [(tid, row.key, c) for c in parts], text)


def _spending_rows(rule: str, table: Table, rows: list[Row]) -> Iterator[Identity]:
    """合计 = 基本 + 项目, 基本 = its four groups, 项目 = its two types (栏1–9)."""
    for row in rows:
        yield _row_sums(rule, table, row, 1, [2, 7], "第2+7栏")
        yield _row_sums(rule, table, row, 2, [3, 4, 5, 6], "第3–6栏之和")
        yield _row_sums(rule, table, row, 7, [8, 9], "第8+9栏")


def _unit_rollup(rule: str, table: Table, child_role: str) -> Iterator[Identity]:
    """合计 and the department = the unit rows (or the child rows when there is one unit);
    each unit = its child rows (every 栏)."""
    tid, width = table.id, len(table.columns)
    units = table.by_role("unit")
    children = table.by_role(child_role)
    department = table.first("department")
    for c in range(1, width + 1):
        if table.by_role("total"):
            yield _sum(rule, (tid, "合计", c), [(tid, department.key, c)], "")
        yield _sum(rule, (tid, department.key, c),
                   [(tid, row.key, c) for row in (units or children)],
                   "各单位之和" if units else "各行之和")
    rows = list(table.rows)
    for index, unit in enumerate(rows):
        if unit.role != "unit":
            continue
        mine = []
        for row in rows[index + 1:]:
            if row.role != child_role:
                break
            mine.append(row)
        for c in range(1, width + 1):
            yield _sum(rule, (tid, unit.key, c), [(tid, row.key, c) for row in mine],
                       "本单位各行之和")


def _rollup(rule: str, table: Table, codes: set[str]) -> Iterator[Identity]:
    """款 = its 项, 类 = its 款, 合计 = the 类 (every 栏) of a table by function code."""
    tid, width = table.id, len(table.columns)
    for parent in ["合计", *sorted(c for c in codes if len(c) in (3, 5))]:
        size = 3 if parent == "合计" else len(parent) + 2
        prefix = "" if parent == "合计" else parent
        children = sorted(c for c in codes if len(c) == size and c.startswith(prefix))
        if not children:
            continue
        level = {3: "各类", 5: "各款", 7: "各项"}[size]
        for c in range(1, width + 1):
            yield _sum(rule, (tid, parent, c), [(tid, child, c) for child in children],
                       f"{level}第{c}栏之和")


def _summary(table: Table) -> Iterator[Identity]:
    tid = table.id

    def ref(row: Row, column: int) -> Ref:
        return (tid, row.key, column)

    sources, classes = table.by_role("source"), table.by_role("class")
    income, opening = table.first("income-total"), table.first("opening")
    grand, spent = table.first("income-grand"), table.first("expenditure-total")
    closing, grand_out = table.first("closing"), table.first("expenditure-grand")
    yield _sum("SUMMARY-INCOME-TOTAL", ref(income, 1), [ref(r, 1) for r in sources],
               "一至九项收入之和")
    yield _sum("SUMMARY-INCOME-GRAND", ref(grand, 1), [ref(income, 1), ref(opening, 1)],
               "本年收入合计 + 上年结转结余")
    yield _sum("SUMMARY-EXPENDITURE-TOTAL", ref(spent, 2), [ref(r, 2) for r in classes],
               "各类支出之和")
    yield _sum("SUMMARY-EXPENDITURE-GRAND", ref(grand_out, 2),
               [ref(spent, 2), ref(closing, 2)], "本年支出合计 + 年终结转结余")
    yield _sum("SUMMARY-GRAND-EQUAL", ref(grand_out, 2), [ref(grand, 1)], "")


def _fiscal_summary(table: Table) -> Iterator[Identity]:
    tid = table.id

    def ref(row: Row, column: int) -> Ref:
        return (tid, row.key, column)

    year, carried = table.first("income-year"), table.first("opening-total")
    grand, spent = table.first("income-grand"), table.first("expenditure-total")
    closing, grand_out = table.first("closing"), table.first("expenditure-grand")
    classes = table.by_role("class")
    yield _sum("FISCAL-SUMMARY-INCOME", ref(year, 1),
               [ref(r, 1) for r in table.by_role("fund-income")], "本年三项资金之和")
    yield _sum("FISCAL-SUMMARY-INCOME", ref(carried, 1),
               [ref(r, 1) for r in table.by_role("fund-opening")], "上年结转三项资金之和")
    yield _sum("FISCAL-SUMMARY-INCOME", ref(grand, 1), [ref(year, 1), ref(carried, 1)],
               "本年收入 + 上年结转")
    for c in range(2, 7):
        yield _sum("FISCAL-SUMMARY-EXPENDITURE", ref(spent, c), [ref(r, c) for r in classes],
                   f"各类第{c}栏之和")
        yield _sum("FISCAL-SUMMARY-EXPENDITURE", ref(grand_out, c),
                   [ref(spent, c), ref(closing, c)], f"本年支出 + 年终结转结余 第{c}栏")
    for row in (spent, *classes, closing, grand_out):
        yield _sum("FISCAL-SUMMARY-ROW", ref(row, 2), [ref(row, c) for c in (3, 5, 6)],
                   "第3+5+6栏")
    yield _sum("FISCAL-SUMMARY-GRAND-EQUAL", ref(grand_out, 2), [ref(grand, 1)], "")


def _cross(tables: Mapping[str, Table]) -> Iterator[Identity]:
    summary, fiscal = tables["summary"], tables["fiscal_summary"]
    expenditure = tables["expenditure"]
    sources = {row.key: row for row in summary.by_role("source")}
    for source, fund in zip(("一般公共预算", "政府性基金预算", "国有资本经营预算"),
                            fiscal.by_role("fund-income"), strict=True):
        yield _sum("X-SUMMARY-FISCAL-INCOME", ("summary", sources[source].key, 1),
                   [("fiscal_summary", fund.key, 1)], "")
    income = tables["income"]
    for row in expenditure.rows:
        if income.row(row.key) is not None:
            yield _sum("X-INCOME-EXPENDITURE", ("income", row.key, 1),
                       [("expenditure", row.key, 1)], "")
    economic = tables["economic"]
    for column, (group, _) in enumerate(terms.BASIC_GROUPS, 3):
        if economic.row(group) is not None:
            yield _sum("X-ECONOMIC-GROUPS", ("economic", group, 2),
                       [("expenditure", "合计", column)], "")
    grand = summary.first("income-grand").key
    fiscal_only = summary.cell(grand, 1).value == fiscal.first("income-grand")[1].value
    items = expenditure.by_role("item")
    for row in summary.by_role("class"):
        mine = [("expenditure", item.key, 1) for item in items if item.code[:3] == row.code]
        if mine:
            yield _sum("X-SUMMARY-CLASS", ("summary", row.key, 2), mine,
                       f"{{expenditure}} {row.code} 类各项之和")
        if fiscal_only:
            yield _sum("X-SUMMARY-CLASS", ("summary", row.key, 2),
                       [("fiscal_summary", row.key, 2)], "")
    if fiscal_only:
        for summary_role, fiscal_role, column in (
                ("income-total", "income-year", 1), ("income-grand", "income-grand", 1),
                ("expenditure-total", "expenditure-total", 2),
                ("expenditure-grand", "expenditure-grand", 2)):
            yield _sum("X-SUMMARY-FISCAL-TOTALS", ("summary", summary.first(summary_role).key,
                                                   column),
                       [("fiscal_summary", fiscal.first(fiscal_role).key, column)], "")
    spent = summary.first("expenditure-total").key
    yield _sum("X-SUMMARY-INCOME-TABLE", ("income", "合计", 1), [("summary", grand, 1)], "")
    yield _sum("X-SUMMARY-EXPENDITURE-TABLE", ("expenditure", "合计", 1),
               [("summary", spent, 2)], "")
    yield _sum("X-GENERAL-BUDGET-SUMMARY", ("general_budget", "合计", 1),
               [("summary", "一般公共预算", 1)], "")
    yield _sum("X-GOV-FUND-SUMMARY", ("gov_fund", "合计", 1),
               [("summary", "政府性基金预算", 1)], "")
    if not fiscal.cell("结转一般公共预算拨款", 1):
        for row in fiscal.by_role("class"):
            yield _sum("X-GENERAL-BUDGET-FISCAL", ("general_budget", row.code, 1),
                       [("fiscal_summary", row.key, 3)], "")
    basic_economic = ("basic_economic", "合计")
    yield _sum("X-BASIC-ECONOMIC-GENERAL-BUDGET", (*basic_economic, 1),
               [("general_budget", "合计", 2)], "")
    yield _sum("X-BASIC-ECONOMIC-GENERAL-BUDGET", (*basic_economic, 2),
               [("general_budget", "合计", 3), ("general_budget", "合计", 4)],
               "{general_budget} 合计 第3+4栏")
    yield _sum("X-BASIC-ECONOMIC-GENERAL-BUDGET", (*basic_economic, 3),
               [("general_budget", "合计", 5), ("general_budget", "合计", 6)],
               "{general_budget} 合计 第5+6栏")
    for column, source in ((1, 1), (2, 2), (3, 7)):
        yield _sum("X-ECONOMIC-EXPENDITURE", ("economic", "合计", column),
                   [("expenditure", "合计", source)], "")
    yield _sum("X-PROJECTS-EXPENDITURE", ("projects", "合计", 1), [("expenditure", "合计", 7)],
               "")
    department = tables["projects"].first("department").key
    yield _sum("X-PROJECT-TARGETS", ("project_targets", department, 1),
               [("projects", department, 1)], "")
    for row in tables["project_targets"].by_role("project"):
        yield _sum("X-PROJECT-TARGETS", ("project_targets", row.key, 1),
                   [("projects", row.key, 1)], "")
    yield _sum("X-DEPARTMENT-TARGETS", ("department_targets", "部门预算总额", 1),
               [("summary", grand, 1)], "")
    yield _sum("X-DEPARTMENT-TARGETS", ("department_targets", "基本支出", 1),
               [("expenditure", "合计", 2)], "")
    yield _sum("X-DEPARTMENT-TARGETS", ("department_targets", "项目支出", 1),
               [("expenditure", "合计", 7)], "")


def identities(tables: Mapping[str, Table], codes_by_table: Mapping[str, set[str]]
               ) -> Iterator[Identity]:
    """Every identity, with row and roll-up identities for the given codes of each table by
    function code (``codes_by_table``: those with data and those given in 公布数)."""
    yield from _summary(tables["summary"])
    yield from _fiscal_summary(tables["fiscal_summary"])
    income = tables["income"]
    width = len(income.columns)
    for row in income.rows:
        yield _row_sums("INCOME-ROW", income, row, 1, list(range(2, width + 1)),
                        f"第2–{width}栏之和")
    yield from _unit_rollup("INCOME-ROLLUP", income, "item")
    expenditure = tables["expenditure"]
    yield from _spending_rows("EXPENDITURE-ROW", expenditure, list(expenditure.rows))
    yield from _unit_rollup("EXPENDITURE-ROLLUP", expenditure, "item")
    for table_id in FUNCTION_TABLES:
        table, prefix = tables[table_id], table_id.upper().replace("_", "-")
        codes = codes_by_table.get(table_id, set())
        rows = [table.row(key) for key in ("合计", *sorted(codes))]
        yield from _spending_rows(f"{prefix}-ROW", table, [row for row in rows if row])
        yield from _rollup(f"{prefix}-ROLLUP", table, codes)
    basic_economic = tables["basic_economic"]
    items = basic_economic.by_role("item")
    for row in basic_economic.rows:
        yield _row_sums("BASIC-ECONOMIC-ROW", basic_economic, row, 1, [2, 3], "第2+3栏")
    for c in (1, 2, 3):
        yield _sum("BASIC-ECONOMIC-TOTAL", ("basic_economic", "合计", c),
                   [("basic_economic", row.key, c) for row in items], f"各科目第{c}栏之和")
    economic = tables["economic"]
    for row in economic.rows:
        yield _row_sums("ECONOMIC-ROW", economic, row, 1, [2, 3], "第2+3栏")
    groups = [row for row in economic.rows if row.role in ("group", "unclassified")]
    for group in economic.by_role("group"):
        mine = [row for row in economic.by_role("item") if row.code[:3] == group.code]
        for c in (1, 2, 3):
            yield _sum("ECONOMIC-ROLLUP", ("economic", group.key, c),
                       [("economic", row.key, c) for row in mine], f"其款第{c}栏之和")
    for c in (1, 2, 3):
        yield _sum("ECONOMIC-ROLLUP", ("economic", "合计", c),
                   [("economic", row.key, c) for row in groups], f"各类第{c}栏之和")
    three_public = tables["three_public"]
    budget = three_public.rows[0]
    yield _row_sums("THREE-PUBLIC-SUM", three_public, budget, 1, [2, 3, 6], "第2+3+6栏")
    yield _row_sums("THREE-PUBLIC-SUM", three_public, budget, 3, [4, 5], "第4+5栏")
    projects = tables["projects"]
    for row in projects.rows:
        yield _row_sums("PROJECTS-ROW", projects, row, 1, list(range(2, 10)), "第2–9栏之和")
    yield from _unit_rollup("PROJECTS-ROLLUP", projects, "project")
    targets = tables["department_targets"]
    yield _sum("DEPARTMENT-TARGETS-SUM", ("department_targets", "部门预算总额", 1),
               [("department_targets", row.key, 1) for row in targets.by_role("source")],
               "三项资金来源之和")
    yield _sum("DEPARTMENT-TARGETS-SUM", ("department_targets", "部门预算总额", 1),
               [("department_targets", "基本支出", 1), ("department_targets", "项目支出", 1)],
               "基本支出 + 项目支出")
    project_targets = tables["project_targets"]
    for row in project_targets.rows:
        yield _row_sums("PROJECT-TARGETS-ROW", project_targets, row, 1, [2, 3, 4], "第2+3+4栏")
    yield from _unit_rollup("PROJECT-TARGETS-ROLLUP", project_targets, "project")
    yield from _cross(tables)


def table_codes(tables: Mapping[str, Table]) -> dict[str, set[str]]:
    """The 类/款/项 codes of each table by function code that have a row."""
    return {table: {row.code for row in tables[table].rows if row.code}
            for table in FUNCTION_TABLES}


def same_figure(tables: Mapping[str, Table]) -> Iterator[tuple[Ref, Ref]]:
    """Pairs of cells that print one and the same figure (``generator.identities``)."""
    return figures_alike(tables, identities(tables, table_codes(tables)))


__all__ = ["IDENTITY_RULES", "Identity", "identities", "same_figure", "table_codes"]

"""The twelve 预算 tables, built once from the department's basic lines and projects.

Ids say what a table is: ``summary`` (部门收支总体情况表), ``income`` (部门收入总体情况表),
``expenditure`` (部门支出总体情况表), ``fiscal_summary`` (财政拨款收支总体情况表),
``general_budget`` (一般公共预算支出情况表), ``basic_economic`` (一般公共预算基本支出表),
``economic`` (支出经济分类汇总表), ``three_public`` (一般公共预算“三公”经费支出情况表),
``gov_fund`` (政府性基金预算支出情况表), ``projects`` (项目支出表), ``department_targets``
(the amounts of 部门（单位）整体绩效目标表) and ``project_targets`` (部门预算项目绩效目标
汇总表). Every cell is an :class:`~generator.tables.Amount` counting the rounded amounts
it adds up; rows carry a role (``income-total``, ``class``, ``unit`` …) so identities and
the narrative find them.

Money comes from two kinds of line: a basic line (基本支出 of one 项 and one 资金来源, by
economic item) and a project (its 资金 by 资金来源). 一般公共预算支出情况表 and
政府性基金预算支出情况表 hold this year's appropriation of their fund only (not money
carried over), as their notes say; the other tables hold all money.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.catalog import budget_class_lines, economic_catalog, function_catalog
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.model import BasicLine, Department, Project
from generator.numbering import chinese_number, paren_number
from generator.tables import (
    NOTHING,
    Amount,
    Column,
    Line,
    Row,
    RowKeys,
    Table,
    function_table,
    numbered_columns,
    sum_amounts,
    sum_entered,
)

#: Every table of the 预算 kind, in the order of the Henan template.
TABLE_IDS: tuple[str, ...] = ("summary", "income", "expenditure", "fiscal_summary",
                              "general_budget", "basic_economic", "economic", "three_public",
                              "gov_fund", "projects", "department_targets", "project_targets")

#: The tables by function code (类/款/项 rows of the data).
FUNCTION_TABLES: tuple[str, ...] = ("general_budget", "gov_fund")

#: The two blocks of the two summary tables, by their first 栏.
SIDES = ((1, "收入"), (2, "支出"))

#: Columns of 部门支出总体情况表 and of the tables by function code.
SPENDING_COLUMNS: tuple[str, ...] = (
    "合计", "基本支出小计", *(name for _, name in terms.BASIC_GROUPS), "项目支出小计",
    *terms.PROJECT_TYPES)

#: Columns of 部门收入总体情况表: 合计 and each income line, then 上年结转结余.
INCOME_COLUMNS: tuple[str, ...] = ("合计", *terms.INCOME_LINES, terms.CARRIED_OVER)

#: Columns of 项目支出表 after 合计: this year's three funds, the three carried over,
#: 财政专户管理资金 and 单位资金.
PROJECT_COLUMNS: tuple[str, ...] = (
    "合计", *(f"本年拨款{fund}" for fund in terms.FISCAL_FUNDS),
    *(f"财政拨款结转结余{fund}" for fund in terms.FISCAL_FUNDS),
    terms.SPECIAL_ACCOUNT, terms.UNIT_MONEY)

THREE_PUBLIC_COLUMNS: tuple[str, ...] = ("“三公”经费合计", "因公出国（境）费",
                                         "公务用车购置及运行费小计", "公务用车购置费",
                                         "公务用车运行费", "公务接待费")

#: Printed labels of the income lines of 部门收支总体情况表 (by 资金来源).
SUMMARY_INCOME_LABELS: dict[str, str] = {
    terms.GOV_FUND: "政府性基金预算拨款收入", terms.SOE: "国有资本经营预算拨款收入",
    terms.SPECIAL_ACCOUNT: "财政专户管理资金收入"}

#: The row of 未列经济分类 project money in 支出经济分类汇总表.
UNCLASSIFIED = "未列经济分类的项目支出"

Name = Callable[[str], str]


# --- the figures of one line -------------------------------------------------------------


def basic_amount(line: BasicLine) -> Amount:
    """A basic line's whole amount (its items, each a rounded term)."""
    return sum_entered(*(amount for _, amount in line.items))


def basic_group(line: BasicLine, group: str) -> Amount:
    """A basic line's items of one economic group."""
    return sum_entered(*(amount for item, amount in line.items if item[:3] == group))


def project_amount(project: Project, sources: Iterable[str] | None = None) -> Amount:
    """A project's money, from the given 资金来源 (all when None)."""
    chosen = None if sources is None else set(sources)
    return sum_entered(*(amount for source, amount in project.funds
                         if chosen is None or source in chosen))


def _spending(line: BasicLine | Project, sources: Iterable[str] | None = None
              ) -> tuple[Amount, ...]:
    """The cells of a line in the columns of SPENDING_COLUMNS (``sources``: the money
    counted; all when None)."""
    if isinstance(line, BasicLine):
        if sources is not None and line.source not in set(sources):
            return (NOTHING,) * len(SPENDING_COLUMNS)
        groups = [basic_group(line, code) for code, _ in terms.BASIC_GROUPS]
        whole = basic_amount(line)
        return (whole, whole, *groups, NOTHING, NOTHING, NOTHING)
    money = project_amount(line, sources)
    kinds = [money if line.type == kind else NOTHING for kind in terms.PROJECT_TYPES]
    return (money, NOTHING, *(NOTHING for _ in terms.BASIC_GROUPS), money, *kinds)


def _income(line: BasicLine | Project) -> tuple[Amount, ...]:
    """The cells of a line in the columns of INCOME_COLUMNS."""
    sources = ([(line.source, basic_amount(line))] if isinstance(line, BasicLine)
               else [(source, sum_entered(amount)) for source, amount in line.funds])
    columns = INCOME_COLUMNS[1:]
    cells = [NOTHING] * len(columns)
    for source, amount in sources:
        index = columns.index(terms.SOURCE_BY_NAME[source].income)
        cells[index] = cells[index] + amount
    return (sum_amounts(cells), *cells)


# --- tables by unit and 项 -------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A line of money on a 项 (for ``function_table``): its code and its cells."""

    code: str
    cells: tuple[Amount, ...]


def _add(rows: Sequence[Sequence[Amount]], width: int) -> dict[int, Amount]:
    return {column: sum_amounts(row[column - 1] for row in rows)
            for column in range(1, width + 1)}


def unit_table(table_id: str, columns: Sequence[str], dept: Department,
               cells: Callable[[BasicLine | Project], tuple[Amount, ...]], name: Name) -> Table:
    """A table by unit and function 项 (部门收入/支出总体情况表): 合计, the department, then
    per unit (its row, when there are several) the 项 it books money to, in code order.

    A 项 row is keyed by its code, or by ``单位编码/项`` when there are several units.
    """
    width = len(columns)
    several = len(dept.units) > 1
    unit_rows: list[Row] = []
    for unit in dept.units:
        sums: dict[str, list[tuple[Amount, ...]]] = {}
        for line in (*dept.basic, *dept.projects):
            if line.unit == unit.code:
                sums.setdefault(line.code, []).append(cells(line))
        items = [Row(f"{unit.code}/{code}" if several else code, name(code),
                     _add(figures, width), "item", code, 3)
                 for code, figures in sorted(sums.items())]
        items = [row for row in items if not row.empty]
        if several:
            unit_rows.append(Row(unit.code, unit.name,
                                 _add([row.values for row in items], width), "unit"))
        unit_rows += items
    totals = _add([row.values for row in unit_rows if row.role == "item"], width)
    head = Row("合计", "合计", totals, "total")
    department = Row(dept.code, dept.name, dict(totals), "department")
    return Table(table_id, RowKeys.CODE, numbered_columns(columns),
                 (head, department, *unit_rows))


def expenditure_table(dept: Department, name: Name) -> Table:
    """部门支出总体情况表: all money by unit and 项, 基本支出 by economic group, 项目支出
    by type."""
    return unit_table("expenditure", SPENDING_COLUMNS, dept, _spending, name)


def income_table(dept: Department, name: Name) -> Table:
    """部门收入总体情况表: all money by unit and 项, by income line."""
    return unit_table("income", INCOME_COLUMNS, dept, _income, name)


def fund_table(table_id: str, dept: Department, fund: str, name: Name,
               keep_zero: bool = False) -> Table:
    """一般公共预算支出情况表 / 政府性基金预算支出情况表: this year's appropriation of
    ``fund`` by 类/款/项, 基本支出 by economic group and 项目支出 by type."""
    items = [_Item(line.code, _spending(line, (fund,)))
             for line in (*dept.basic, *dept.projects)]
    return function_table(table_id, SPENDING_COLUMNS, items, lambda item: item.cells, name,
                          keep_zero)


# --- the two summary tables --------------------------------------------------------------


def _class_of(lines: Iterable[BasicLine | Project], code: str,
              sources: Iterable[str] | None = None) -> Amount:
    """The money of the lines on a 类 (from ``sources``; all when None)."""
    return sum_amounts(_spending(line, sources)[0] for line in lines if line.code[:3] == code)


def _by_source(dept: Department, source: str) -> Amount:
    """All money from one 资金来源."""
    return sum_amounts(
        [*(basic_amount(line) for line in dept.basic if line.source == source),
         *(project_amount(project, (source,)) for project in dept.projects)])


def class_marker(code: str, paren: bool = False) -> str:
    """The number a 类 line of the summary tables carries: its code less 200 (二十四、 for
    224; （二十四） in 财政拨款收支总体情况表), so a 类 not in the year's list leaves a gap."""
    number = int(code) - 200
    return paren_number(number) if paren else f"{chinese_number(number)}、"


def summary_table(dept: Department, labels: Mapping[str, str]) -> Table:
    """部门收支总体情况表: income by line (栏1), expenditure by 类 (栏2), totals.

    ``labels``: the profile's labels of 类 lines (code → label; the catalog name else).
    """
    lines = (*dept.basic, *dept.projects)
    income: list[Row] = []
    for index, line in enumerate(terms.INCOME_LINES, 1):
        figure = sum_amounts(_by_source(dept, source.name) for source in terms.SOURCES
                             if source.income == line and not source.carried)
        income.append(Row(line, SUMMARY_INCOME_LABELS.get(line, line), {1: figure}, "source",
                          marker=f"{chinese_number(index)}、"))
        if line == terms.GENERAL_BUDGET:
            income.append(Row("财政拨款", "其中：财政拨款", {1: figure}, "fiscal-part"))
    this_year = sum_amounts(row[1] for row in income if row.role == "source")
    carried = sum_amounts(_by_source(dept, source.name) for source in terms.SOURCES
                          if source.carried)
    grand = this_year + carried
    catalog = function_catalog()
    classes = [Row(entry.code, labels.get(entry.code, catalog[entry.code].name),
                   {2: _class_of(lines, entry.code)}, "class", entry.code, 1,
                   class_marker(entry.code))
               for entry in budget_class_lines(dept.year)]
    spent = sum_amounts(row[2] for row in classes)
    rows = {
        "income-total": Row("本年收入合计", "本年收入合计", {1: this_year}, "income-total"),
        "opening": Row(terms.CARRIED_OVER, terms.CARRIED_OVER, {1: carried}, "opening"),
        "income-grand": Row("收入总计", "收入总计", {1: grand}, "income-grand"),
        "expenditure-total": Row("本年支出合计", "本年支出合计", {2: spent},
                                 "expenditure-total"),
        "closing": Row("年终结转结余", "年终结转结余", {2: grand - spent}, "closing"),
        "expenditure-grand": Row("支出总计", "支出总计", {2: grand}, "expenditure-grand"),
    }
    height = max(len(income), len(classes))
    layout = [Line(((None, income[i] if i < len(income) else None),
                    (None, classes[i] if i < len(classes) else None))) for i in range(height)]
    layout += [Line(((None, rows[left]), (None, rows[right])))
               for left, right in (("income-total", "expenditure-total"),
                                   ("opening", "closing"),
                                   ("income-grand", "expenditure-grand"))]
    ordered = (*income, rows["income-total"], rows["opening"], rows["income-grand"],
               *classes, rows["expenditure-total"], rows["closing"], rows["expenditure-grand"])
    return Table("summary", RowKeys.NAME, numbered_columns(("金额", "金额")), ordered,
                 tuple(layout), sides=SIDES)


def fiscal_summary_table(dept: Department, labels: Mapping[str, str]) -> Table:
    """财政拨款收支总体情况表: 财政拨款 income by fund, this year's and carried over (栏1);
    expenditure by 类 in 栏2 (合计), 栏3 (一般公共预算), 栏4 (其中：财政拨款), 栏5 (政府性
    基金) and 栏6 (国有资本经营预算)."""
    lines = (*dept.basic, *dept.projects)

    def fund_sources(fund: str, carried: bool | None = None) -> list[str]:
        return [source.name for source in terms.SOURCES if source.fund == fund
                and (carried is None or source.carried == carried)]

    def split(figures: Callable[[str], Amount]) -> dict[int, Amount]:
        general, gov_fund, soe = (figures(fund) for fund in terms.FISCAL_FUNDS)
        return {2: general + gov_fund + soe, 3: general, 4: general, 5: gov_fund, 6: soe}

    def income_rows(carried: bool) -> list[Row]:
        prefix = "结转" if carried else ""
        rows = []
        for index, fund in enumerate(terms.FISCAL_FUNDS, 1):
            figure = sum_amounts(_by_source(dept, source) for source in fund_sources(fund, carried))
            rows.append(Row(f"{prefix}{fund}拨款", f"{fund}拨款", {1: figure},
                            "fund-opening" if carried else "fund-income",
                            marker=paren_number(index)))
            if fund == terms.GENERAL_BUDGET and not carried:
                rows.append(Row("财政拨款", "其中：财政拨款", {1: figure}, "fiscal-part"))
        return rows

    this_year, carried = income_rows(False), income_rows(True)
    year_total = Row("本年收入", "本年收入", {1: sum_amounts(
        row[1] for row in this_year if row.role == "fund-income")}, "income-year", marker="一、")
    carried_total = Row("上年结转", "上年结转", {1: sum_amounts(row[1] for row in carried)},
                        "opening-total", marker="二、")
    grand = Row("收入合计", "收入合计", {1: year_total[1] + carried_total[1]}, "income-grand")
    catalog = function_catalog()
    classes = [Row(entry.code, labels.get(entry.code, catalog[entry.code].name),
                   split(lambda fund, code=entry.code: _class_of(lines, code,
                                                                 fund_sources(fund))),
                   "class", entry.code, 1, class_marker(entry.code, paren=True))
               for entry in budget_class_lines(dept.year)]
    spent = Row("本年支出", "本年支出", {c: sum_amounts(row[c] for row in classes)
                                        for c in range(2, 7)}, "expenditure-total", marker="一、")
    incoming = split(lambda fund: sum_amounts(_by_source(dept, source)
                                              for source in fund_sources(fund)))
    closing = Row("年终结转结余", "年终结转结余",
                  {c: incoming[c] - spent[c] for c in range(2, 7)}, "closing", marker="二、")
    grand_out = Row("支出合计", "支出合计", {c: spent[c] + closing[c] for c in range(2, 7)},
                    "expenditure-grand")
    left = [year_total, *this_year, carried_total, *carried]
    right = [spent, *classes, closing]
    height = max(len(left), len(right))
    layout = [Line(((None, left[i] if i < len(left) else None),
                    (None, right[i] if i < len(right) else None))) for i in range(height)]
    layout.append(Line(((None, grand), (None, grand_out))))
    columns = (Column(1, "金额"), *numbered_columns(
        ("合计", "一般公共预算小计", "其中：财政拨款", "政府性基金", "国有资本经营预算"), 2))
    return Table("fiscal_summary", RowKeys.NAME, columns, (*left, grand, *right, grand_out),
                 tuple(layout), sides=SIDES)


# --- economic classification -------------------------------------------------------------


def basic_economic_table(dept: Department, government: Callable[[str, str], str | None],
                         by_code: bool) -> tuple[Table, dict[str, str]]:
    """一般公共预算基本支出表: this year's 一般公共预算 basic spending by 部门预算 item and
    the 政府预算 item it is booked to (``government(item, unit code)``), 人员经费 or 公用
    经费; and, by row key, the 政府预算 item of each row.

    Items come in the order first entered, or in code order (``by_code``). A row is keyed
    by its item, or ``item/政府预算 item`` when the item maps to two (units of two kinds).
    """
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for line in dept.basic:
        if line.source != terms.GENERAL_BUDGET:
            continue
        for item, amount in line.items:
            sums.setdefault((item, government(item, line.unit) or ""), []).append(amount)
    pairs = sorted(sums) if by_code else list(sums)
    doubled = {item for item, _ in pairs if sum(1 for other, _ in pairs if other == item) > 1}
    catalog = economic_catalog()
    rows: list[Row] = []
    targets: dict[str, str] = {}
    for item, target in pairs:
        figure = sum_entered(*sums[(item, target)])
        personnel = item[:3] in terms.PERSONNEL_GROUPS
        key = f"{item}/{target}" if item in doubled else item
        rows.append(Row(key, catalog[item].name if item in catalog else "",
                        {1: figure, 2: figure if personnel else NOTHING,
                         3: NOTHING if personnel else figure}, "item", item, 2))
        targets[key] = target
    head = Row("合计", "合计", {c: sum_amounts(row[c] for row in rows) for c in (1, 2, 3)},
               "total")
    columns = numbered_columns(("合计", "人员经费", "公用经费"))
    table = Table("basic_economic", RowKeys.NAME, columns, (head, *rows))
    return table, targets


def economic_table(dept: Department) -> Table:
    """支出经济分类汇总表: all money by 部门预算 economic group and item, 基本支出 and
    项目支出; the money of projects that give no economic items in one row of its own."""
    basic: dict[str, list[Decimal]] = {}
    project: dict[str, list[Decimal]] = {}
    for line in dept.basic:
        for item, amount in line.items:
            basic.setdefault(item, []).append(amount)
    unclassified = NOTHING
    for entry in dept.projects:
        if entry.items:
            for item, amount in entry.items:
                project.setdefault(item, []).append(amount)
        else:
            unclassified = unclassified + project_amount(entry)
    catalog = economic_catalog()
    rows: list[Row] = []
    for code, entry in catalog.items():
        if entry.level != 1:
            continue
        items = []
        for item in (c for c, e in catalog.items() if e.level == 2 and c[:3] == code):
            base, spent = sum_entered(*basic.get(item, ())), sum_entered(*project.get(item, ()))
            if base or spent:
                items.append(Row(item, catalog[item].name, {1: base + spent, 2: base, 3: spent},
                                 "item", item, 2))
        if items:
            rows.append(Row(code, entry.name, _add([row.values for row in items], 3), "group",
                            code, 1))
            rows += items
    groups = [row for row in rows if row.role == "group"]
    if unclassified:
        groups.append(Row(UNCLASSIFIED, UNCLASSIFIED, {1: unclassified, 2: NOTHING,
                                                       3: unclassified}, "unclassified"))
        rows.append(groups[-1])
    head = Row("合计", "合计", _add([row.values for row in groups], 3), "total")
    return Table("economic", RowKeys.NAME, numbered_columns(("合计", "基本支出", "项目支出")),
                 (head, *rows))


# --- 三公, projects and performance targets ------------------------------------------------


def three_public_table(dept: Department) -> Table:
    """一般公共预算“三公”经费支出情况表: this year's budget of each item."""
    entered = dept.three_public
    abroad, purchase, operation, reception = (
        item.budget for item in (entered.abroad, entered.vehicle_purchase,
                                 entered.vehicle_operation, entered.reception))
    figures = (sum_entered(abroad, purchase, operation, reception), sum_entered(abroad),
               sum_entered(purchase, operation), sum_entered(purchase), sum_entered(operation),
               sum_entered(reception))
    row = Row("预算", "预算数", dict(enumerate(figures, 1)), "budget")
    return Table("three_public", RowKeys.NAME, numbered_columns(THREE_PUBLIC_COLUMNS), (row,))


def _project_cells(project: Project) -> tuple[Amount, ...]:
    """A project's money in the columns of PROJECT_COLUMNS."""
    def fund(name: str, carried: bool) -> Amount:
        return project_amount(project, [source.name for source in terms.SOURCES
                                        if source.fund == name and source.carried == carried])

    groups = [project_amount(project, [source.name for source in terms.SOURCES
                                       if source.fund is None and source.group == group])
              for group in (terms.SPECIAL_ACCOUNT, terms.UNIT_MONEY)]
    return (project_amount(project), *(fund(name, False) for name in terms.FISCAL_FUNDS),
            *(fund(name, True) for name in terms.FISCAL_FUNDS), *groups)


def _target_cells(project: Project) -> tuple[Amount, ...]:
    """A project's money in the columns of 部门预算项目绩效目标汇总表."""
    return (project_amount(project),
            *(project_amount(project, [source.name for source in terms.SOURCES
                                       if source.group == group])
              for group in terms.MONEY_GROUPS))


def _project_rows(dept: Department, table_id: str, columns: Sequence[str],
                  cells: Callable[[Project], tuple[Amount, ...]], by_code: bool,
                  every_unit: bool) -> Table:
    """A table of projects: the department, the units (each, when ``every_unit`` or when
    there are several) and their projects, in entered or code order (``by_code``)."""
    width = len(columns)
    projects = sorted(dept.projects, key=lambda p: p.project_code) if by_code \
        else list(dept.projects)
    rows: list[Row] = []
    for unit in dept.units:
        mine = [Row(p.project_code, p.name, dict(enumerate(cells(p), 1)), "project")
                for p in projects if p.unit == unit.code]
        if every_unit or len(dept.units) > 1:
            rows.append(Row(unit.code, unit.name, _add([row.values for row in mine], width),
                            "unit"))
        rows += mine
    totals = _add([row.values for row in rows if row.role == "project"], width)
    department = Row(dept.code, dept.name, dict(totals), "department")
    head = (Row("合计", "合计", dict(totals), "total"),) if table_id == "projects" else ()
    return Table(table_id, RowKeys.NAME, numbered_columns(columns),
                 (*head, department, *rows))


def projects_table(dept: Department) -> Table:
    """项目支出表: each project's money by fund, this year's and carried over, in the
    order entered."""
    return _project_rows(dept, "projects", PROJECT_COLUMNS, _project_cells, False, False)


def project_targets_table(dept: Department) -> Table:
    """部门预算项目绩效目标汇总表: the department, each unit and each project (by 项目代码)
    with its money: 资金总额, 政府预算资金, 财政专户管理资金, 单位资金."""
    return _project_rows(dept, "project_targets", ("资金总额", *terms.MONEY_GROUPS),
                         _target_cells, True, True)


def department_targets_table(dept: Department, summary: Table, expenditure: Table) -> Table:
    """The 预算情况 of 部门（单位）整体绩效目标表: 部门预算总额 (收入总计), its sources
    (政府预算资金, 财政专户管理资金, 单位资金) and its structure (基本支出, 项目支出)."""
    groups = {group: sum_amounts(_by_source(dept, source.name) for source in terms.SOURCES
                                 if source.group == group) for group in terms.MONEY_GROUPS}
    spending = expenditure.total
    rows = (Row("部门预算总额", "部门预算总额", {1: summary.first("income-grand")[1]}, "total"),
            *(Row(group, group, {1: figure}, "source") for group, figure in groups.items()),
            Row("基本支出", "基本支出", {1: spending[2]}, "basic"),
            Row("项目支出", "项目支出", {1: spending[7]}, "project"))
    return Table("department_targets", RowKeys.NAME, (Column(1, "金额"),), rows)


def build_tables(dept: Department, name: Name, labels: Mapping[str, Mapping[str, str]],
                 government: Callable[[str, str], str | None], by_code: bool,
                 keep_zero: Iterable[str] = ()) -> tuple[dict[str, Table], dict[str, str]]:
    """Every table of the report, by id, and the 政府预算 item of each row of
    一般公共预算基本支出表 (``labels``: the profile's 类 labels of the two summary tables;
    ``government``: the 政府预算 item of a 部门预算 item in a unit; ``by_code``: 一般公共
    预算基本支出表 in code order; ``keep_zero``: the tables by function code that print
    every 项 of the data)."""
    keep = set(keep_zero)
    summary = summary_table(dept, labels.get("summary", {}))
    expenditure = expenditure_table(dept, name)
    basic_economic, targets = basic_economic_table(dept, government, by_code)
    tables = (summary, income_table(dept, name), expenditure,
              fiscal_summary_table(dept, labels.get("fiscal_summary", {})),
              fund_table("general_budget", dept, terms.GENERAL_BUDGET, name,
                         "general_budget" in keep),
              basic_economic, economic_table(dept), three_public_table(dept),
              fund_table("gov_fund", dept, terms.GOV_FUND, name, "gov_fund" in keep),
              projects_table(dept), department_targets_table(dept, summary, expenditure),
              project_targets_table(dept))
    return {table.id: table for table in tables}, targets

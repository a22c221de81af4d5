"""The nine 决算 tables, built once from the department's data as semantic tables.

Ids say what a table is, not where a region prints it: ``summary`` (收入支出决算总表,
Henan's 公开01表), ``income`` (02), ``expenditure`` (03), ``fiscal_summary`` (04),
``general_budget`` (05), ``basic_economic`` (06), ``gov_fund`` (07), ``soe`` (08),
``three_public`` (09); ``procurement`` and ``assets`` hold the two totals of 第三部分 the
finance system also publishes. Every cell is a :class:`~generator.tables.Amount` with the
number of rounded amounts it adds up. Rows carry a role (``income-total``, ``class`` …)
so identities and narrative facts find them whatever their 行次.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from generator.catalog import economic_catalog, function_class_lines
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.model import Department, ExpenditureLine
from generator.numbering import chinese_number
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

#: The tables by function code (their rows are 类/款/项 of the data).
FUNCTION_TABLES: tuple[str, ...] = ("income", "expenditure", "general_budget", "gov_fund", "soe")

#: Every table of the 决算 kind, in the order of the national template (Henan's).
TABLE_IDS: tuple[str, ...] = ("summary", "income", "expenditure", "fiscal_summary",
                              "general_budget", "basic_economic", "gov_fund", "soe",
                              "three_public")

#: The two blocks of 公开01表/04表, by their first 栏.
SIDES = ((1, "收入"), (2, "支出"))

#: Economic groups of 人员经费 (the rest of 基本支出 is 公用经费).
PERSONNEL_GROUPS: tuple[str, ...] = ("301", "303")

Cells = Callable[[ExpenditureLine], tuple[Amount, ...]]
Name = Callable[[str], str]


# --- the figures of one line -------------------------------------------------------------


def line_expenditure(line: ExpenditureLine) -> Amount:
    """本年支出合计 of a line: its five expenditure columns."""
    return sum_entered(line.basic, line.project, line.remit_upper, line.operating,
                  line.subsidy_affiliated)


def line_income(line: ExpenditureLine) -> Amount:
    """本年收入 of a line: as entered, else its expenditure."""
    if line.income_given is None:
        return line_expenditure(line)
    return sum_entered(line.income_given)


def line_closing(line: ExpenditureLine) -> Amount:
    """年末结转和结余 = 年初 + 本年收入 − 本年支出 (年初 alone when income = expenditure)."""
    if line.income_given is None:
        return sum_entered(line.opening_balance)
    return (sum_entered(line.opening_balance) + sum_entered(line.income_given)
            - line_expenditure(line))


# --- tables by function code -------------------------------------------------------------


def _fund(line: ExpenditureLine) -> str:
    """The 公开02表 column of a line's source: 财政拨款收入 for the three funds."""
    return "财政拨款收入" if line.source in terms.FISCAL_FUNDS else line.source


def income_table(lines: Sequence[ExpenditureLine], name: Name, keep_zero: bool = False
                 ) -> Table:
    """公开02表 收入决算表: 本年收入 by function code and source."""
    sources = terms.INCOME_TABLE_SOURCES

    def cells(line: ExpenditureLine) -> tuple[Amount, ...]:
        income = line_income(line)
        return (income, *(income if s == _fund(line) else NOTHING for s in sources))

    return function_table("income", ("本年收入合计", *sources), lines, cells, name, keep_zero)


def expenditure_table(lines: Sequence[ExpenditureLine], name: Name, keep_zero: bool = False
                      ) -> Table:
    """公开03表 支出决算表: 本年支出 by function code, 基本/项目/上缴/经营/补助."""
    def cells(line: ExpenditureLine) -> tuple[Amount, ...]:
        return (line_expenditure(line), sum_entered(line.basic), sum_entered(line.project),
                sum_entered(line.remit_upper), sum_entered(line.operating),
                sum_entered(line.subsidy_affiliated))

    return function_table("expenditure", ("本年支出合计", *terms.EXPENDITURE_COLUMNS), lines,
                          cells, name, keep_zero)


def _basic_project(line: ExpenditureLine) -> tuple[Amount, ...]:
    return (sum_entered(line.basic, line.project), sum_entered(line.basic),
            sum_entered(line.project))


def general_budget_table(lines: Sequence[ExpenditureLine], name: Name,
                         keep_zero: bool = False) -> Table:
    """公开05表 一般公共预算财政拨款支出决算表."""
    fund = [line for line in lines if line.source == terms.GENERAL_BUDGET]
    return function_table("general_budget", ("本年支出小计", "基本支出", "项目支出"), fund,
                          _basic_project, name, keep_zero)


def gov_fund_table(lines: Sequence[ExpenditureLine], name: Name, keep_zero: bool = False
                   ) -> Table:
    """公开07表 政府性基金预算财政拨款收入支出决算表."""
    fund = [line for line in lines if line.source == terms.GOV_FUND]

    def cells(line: ExpenditureLine) -> tuple[Amount, ...]:
        return (sum_entered(line.opening_balance), line_income(line), line_expenditure(line),
                sum_entered(line.basic), sum_entered(line.project), line_closing(line))

    return function_table("gov_fund", ("年初结转和结余", "本年收入", "本年支出小计", "基本支出",
                                       "项目支出", "年末结转和结余"), fund, cells, name,
                          keep_zero)


def soe_table(lines: Sequence[ExpenditureLine], name: Name, keep_zero: bool = False
              ) -> Table:
    """公开08表 国有资本经营预算财政拨款支出决算表: 本年支出 (栏1–3); 年初结转和结余,
    本年收入 and 年末结转和结余 follow (栏4–6) for the regions that print them."""
    fund = [line for line in lines if line.source == terms.SOE_CAPITAL]

    def cells(line: ExpenditureLine) -> tuple[Amount, ...]:
        return (*_basic_project(line), sum_entered(line.opening_balance), line_income(line),
                line_closing(line))

    return function_table("soe", ("本年支出合计", "基本支出", "项目支出", "年初结转和结余",
                                  "本年收入", "年末结转和结余"), fund, cells, name, keep_zero)


# --- the two summary tables --------------------------------------------------------------


def _class_rows(lines: Sequence[ExpenditureLine], cells: Cells, columns: Sequence[int],
                first: int) -> list[Row]:
    """The 26 fixed 类 lines (行次 from ``first``), each the sum of its lines' cells."""
    rows = []
    for index, entry in enumerate(function_class_lines()):
        sums = [NOTHING] * len(columns)
        for line in lines:
            if line.code[:3] == entry.code:
                for i, figure in enumerate(cells(line)):
                    sums[i] = sums[i] + figure
        rows.append(Row(str(first + index), entry.name, dict(zip(columns, sums, strict=True)),
                        "class", entry.code, 1, _marker(index + 1)))
    return rows


def _marker(position: int) -> str:
    """一、二、… before the n-th income source or 类 line of 公开01表/04表."""
    return f"{chinese_number(position)}、"


def summary_table(dept: Department) -> Table:
    """公开01表 收入支出决算总表: income by source (栏1), expenditure by 类 (栏2)."""
    lines = dept.lines
    carry = dept.carryover
    labels = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
              "国有资本经营预算财政拨款收入", *terms.INCOME_SOURCES[3:])
    sources = [Row(str(i), label, {1: sum_amounts(line_income(line) for line in lines
                                           if line.source == source)}, "source", marker=_marker(i))
               for i, (label, source)
               in enumerate(zip(labels, terms.INCOME_SOURCES, strict=True), 1)]
    income = sum_amounts(row[1] for row in sources)
    surplus = sum_entered(carry.use_nonfiscal_surplus)
    opening = sum_amounts(sum_entered(line.opening_balance) for line in lines)
    grand = income + surplus + opening
    classes = _class_rows(lines, lambda line: (line_expenditure(line),), (2,), 32)
    spent = sum_amounts(line_expenditure(line) for line in lines)
    distributed = sum_entered(carry.surplus_distribution)
    closing = grand - spent - distributed
    rows = {
        "income-total": Row("27", "本年收入合计", {1: income}, "income-total"),
        "use-nonfiscal": Row("28", "使用非财政拨款结余", {1: surplus}, "use-nonfiscal"),
        "opening": Row("29", "年初结转和结余", {1: opening}, "opening"),
        "income-grand": Row("31", "总计", {1: grand}, "income-grand"),
        "expenditure-total": Row("58", "本年支出合计", {2: spent}, "expenditure-total"),
        "distribution": Row("59", "结余分配", {2: distributed}, "distribution"),
        "closing": Row("60", "年末结转和结余", {2: closing}, "closing"),
        "expenditure-grand": Row("62", "总计", {2: spent + distributed + closing},
                                 "expenditure-grand"),
    }
    layout = [Line(((i + 1, sources[i] if i < len(sources) else None), (32 + i, row)))
              for i, row in enumerate(classes)]
    for left, right in (("income-total", "expenditure-total"), ("use-nonfiscal", "distribution"),
                        ("opening", "closing"), (None, None), ("income-grand",
                                                               "expenditure-grand")):
        numbers = (int(rows[left].key) if left else 30, int(rows[right].key) if right else 61)
        layout.append(Line(((numbers[0], rows[left] if left else None),
                            (numbers[1], rows[right] if right else None))))
    ordered = (*sources, rows["income-total"], rows["use-nonfiscal"], rows["opening"],
               rows["income-grand"], *classes, rows["expenditure-total"], rows["distribution"],
               rows["closing"], rows["expenditure-grand"])
    return Table("summary", RowKeys.LINE, numbered_columns(("决算数", "决算数")), ordered,
                 tuple(layout), sides=SIDES)


def fiscal_summary_table(dept: Department) -> Table:
    """公开04表 财政拨款收入支出决算总表: income by fund (栏1); expenditure by 类 in 栏2
    (合计) and 栏3–5 (一般公共预算, 政府性基金, 国有资本经营)."""
    fiscal = [line for line in dept.lines if line.source in terms.FISCAL_FUNDS]
    funds = terms.FISCAL_FUNDS

    def per_fund(amount: Callable[[ExpenditureLine], Amount]) -> list[Amount]:
        return [sum_amounts(amount(line) for line in fiscal if line.source == fund)
                for fund in funds]

    def split(line: ExpenditureLine) -> tuple[Amount, ...]:
        spent = line_expenditure(line)
        return (spent, *(spent if line.source == fund else NOTHING for fund in funds))

    income = per_fund(line_income)
    opening = per_fund(lambda line: sum_entered(line.opening_balance))
    closing = per_fund(line_closing)
    sources = [Row(str(i), fund, {1: figure}, "fund-income", marker=_marker(i))
               for i, (fund, figure) in enumerate(zip(funds, income, strict=True), 1)]
    openings = [Row(str(28 + i), fund, {1: figure}, "fund-opening", marker=_marker(i))
                for i, (fund, figure) in enumerate(zip(funds, opening, strict=True), 1)]
    classes = _class_rows(fiscal, split, (2, 3, 4, 5), 33)
    spent = [sum_amounts(split(line)[i] for line in fiscal) for i in range(4)]
    closing_all = [sum_amounts(closing), *closing]
    income_total = sum_amounts(income)
    opening_total = sum_amounts(opening)
    rows = {
        "income-total": Row("27", "本年收入合计", {1: income_total}, "income-total"),
        "opening-total": Row("28", "年初财政拨款结转和结余", {1: opening_total},
                             "opening-total"),
        "income-grand": Row("32", "总计", {1: income_total + opening_total}, "income-grand"),
        "expenditure-total": Row("59", "本年支出合计", dict(zip((2, 3, 4, 5), spent,
                                                               strict=True)),
                                 "expenditure-total"),
        "closing": Row("60", "年末财政拨款结转和结余",
                       dict(zip((2, 3, 4, 5), closing_all, strict=True)), "closing"),
        "expenditure-grand": Row("64", "总计", {
            c: spent[i] + closing_all[i] for i, c in enumerate((2, 3, 4, 5))},
            "expenditure-grand"),
    }
    layout = [Line(((i + 1, sources[i] if i < len(sources) else None), (33 + i, row)))
              for i, row in enumerate(classes)]
    layout.append(Line(((27, rows["income-total"]), (59, rows["expenditure-total"]))))
    layout.append(Line(((28, rows["opening-total"]), (60, rows["closing"]))))
    layout += [Line(((29 + i, row), (61 + i, None))) for i, row in enumerate(openings)]
    layout.append(Line(((32, rows["income-grand"]), (64, rows["expenditure-grand"]))))
    ordered = (*sources, rows["income-total"], rows["opening-total"], *openings,
               rows["income-grand"], *classes, rows["expenditure-total"], rows["closing"],
               rows["expenditure-grand"])
    columns = (Column(1, "金额"), *numbered_columns(("合计", *funds), 2))
    return Table("fiscal_summary", RowKeys.LINE, columns, ordered, tuple(layout), sides=SIDES)


# --- 公开06表 and 公开09表 -----------------------------------------------------------------


def basic_economic_table(dept: Department, blocks: Sequence[Sequence[str]],
                         omitted: Iterable[str] = ()) -> Table:
    """公开06表 一般公共预算财政拨款基本支出决算明细表: every economic group and item of
    the catalog (groups summing their items), 人员经费合计 and 公用经费合计.

    ``blocks`` lists the groups printed in each block side by side, left to right (a
    profile setting); a group it leaves out is printed in the last block when it has money.
    ``omitted`` items (a profile's list) are not printed while they are zero.
    """
    left_out = set(omitted)
    catalog = economic_catalog()
    amounts = dict(dept.basic_economic)
    items: dict[str, list[Row]] = {}
    names: dict[str, str] = {}
    for code, entry in catalog.items():
        if entry.level == 1:
            names[code] = entry.name
            items[code] = []
        else:
            figure = sum_entered(amounts.get(code, Decimal(0)))
            items[code[:3]].append(Row(code, entry.name, {1: figure}, "item", code, 2))
    groups = {code: Row(code, names[code], {1: sum_amounts(row[1] for row in rows)}, "group",
                        code, 1)
              for code, rows in items.items()}
    personnel = sum_amounts(row[1] for code in PERSONNEL_GROUPS for row in items.get(code, ()))
    public = sum_amounts(row[1] for code, rows in items.items() if code not in PERSONNEL_GROUPS
                   for row in rows)
    personnel_row = Row("人员经费合计", "人员经费合计", {1: personnel}, "personnel")
    public_row = Row("公用经费合计", "公用经费合计", {1: public}, "public")
    def shown(code: str) -> list[Row]:
        return [groups[code], *(row for row in items[code]
                                if row.code not in left_out or row[1])]

    printed: list[list[Row]] = [[r for code in block if code in groups for r in shown(code)]
                                for block in blocks]
    listed = {code for block in blocks for code in block}
    for code, group in groups.items():
        if code not in listed and group[1]:
            printed[-1] += shown(code)
    height = max(len(block) for block in printed)
    layout = tuple(Line(tuple((None, block[i] if i < len(block) else None) for block in printed))
                   for i in range(height))
    ordered = tuple(r for code in groups for r in (groups[code], *items[code]))
    return Table("basic_economic", RowKeys.NAME, (Column(1, "决算数"),),
                 (*ordered, personnel_row, public_row), layout)


THREE_PUBLIC_COLUMNS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费小计",
                        "公务用车购置费", "公务用车运行维护费", "公务接待费")


def three_public_table(dept: Department) -> Table:
    """公开09表 财政拨款“三公”经费支出决算表: 预算数 (栏1–6) and 决算数 (栏7–12)."""
    entered = dept.three_public
    rows = []
    for key, attr, start in (("预算", "budget", 1), ("决算", "actual", 7)):
        abroad, purchase, operation, reception = (
            getattr(item, attr) for item in (entered.abroad, entered.vehicle_purchase,
                                             entered.vehicle_operation, entered.reception))
        figures = (sum_entered(abroad, purchase, operation, reception), sum_entered(abroad),
                   sum_entered(purchase, operation), sum_entered(purchase), sum_entered(operation),
                   sum_entered(reception))
        rows.append(Row(key, f"{key}数", dict(enumerate(figures, start)), key))
    columns = (*numbered_columns(THREE_PUBLIC_COLUMNS), *numbered_columns(THREE_PUBLIC_COLUMNS, 7))
    return Table("three_public", RowKeys.HALF, columns, tuple(rows))


# --- figures of 第三部分 that the finance system also publishes ----------------------------


def procurement_table(dept: Department) -> Table:
    """政府采购支出总额 (第三部分 政府采购) = 货物 + 工程 + 服务."""
    entered = dept.procurement
    figure = sum_entered(entered.goods, entered.works, entered.services)
    row = Row("总额", "政府采购支出总额", {1: figure}, "total")
    return Table("procurement", RowKeys.NAME, (Column(1, "金额"),), (row,))


def assets_table(dept: Department) -> Table:
    """车辆合计 (第三部分 国有资产占用): every type of vehicle, a count."""
    count = Decimal(sum(count for _, count in dept.assets.vehicles))
    row = Row("车辆合计", "车辆合计", {1: Amount(count, 1)}, "total")
    return Table("assets", RowKeys.NAME, (Column(1, "辆"),), (row,))


def build_tables(dept: Department, name: Name, blocks: Sequence[Sequence[str]],
                 keep_zero: Iterable[str] = (), omitted_items: Iterable[str] = ()
                 ) -> dict[str, Table]:
    """Every table of the report, by id (``keep_zero``: the ids of the tables by function
    code that print every 项 of the data, zero ones too; ``omitted_items``: economic items
    公开06表 does not print while they are zero)."""
    lines = dept.lines
    keep = set(keep_zero)
    tables = (summary_table(dept), income_table(lines, name, "income" in keep),
              expenditure_table(lines, name, "expenditure" in keep),
              fiscal_summary_table(dept),
              general_budget_table(lines, name, "general_budget" in keep),
              basic_economic_table(dept, blocks, omitted_items),
              gov_fund_table(lines, name, "gov_fund" in keep),
              soe_table(lines, name, "soe" in keep), three_public_table(dept),
              procurement_table(dept),
              assets_table(dept))
    return {table.id: table for table in tables}

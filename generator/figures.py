"""Figures: the cells of the nine tables by (table, row, 栏), from the data, with a name.

A cell is named as the printed report names it — 公开01表 第40行, 公开03表 210 行 第1栏,
公开06表 人员经费合计, 公开09表 第7栏 — so that ``公布数`` (figures as printed by the
finance system) can be entered row by row and compared with what the generator computes.

- :func:`row_columns` says whether a 公布数 row key exists in a table and which 栏 it has
  (used by the validator);
- :class:`Cells` computes any cell from a Department together with the number of rounded
  amounts it adds up (the rounding-tail tolerance grows with it), and names it in Chinese
  (used by the checker).

Amounts follow ``generator.derive`` exactly; ``tests/checks`` asserts that both agree on
every cell of the examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator import vocabulary as g
from generator.catalog import FUNCTION_CLASS_CODES, economic_catalog, function_catalog
from generator.model import Department, ExpenditureLine
from generator.money import ZERO

#: A cell: (公布数 table key, row key, 栏次).
Ref = tuple[str, str, int]

TOTAL_ROW = "合计"
PERSONNEL = "人员经费合计"
PUBLIC = "公用经费合计"
PERSONNEL_GROUPS = ("301", "303")

_INCOME_01 = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
              "国有资本经营预算财政拨款收入", *g.INCOME_SOURCES[3:])
ROWS_01: dict[int, str] = {
    **{i + 1: name for i, name in enumerate(_INCOME_01)},
    27: "本年收入合计", 28: "使用非财政拨款结余", 29: "年初结转和结余", 31: "总计",
    **{32 + i: code for i, code in enumerate(FUNCTION_CLASS_CODES)},
    58: "本年支出合计", 59: "结余分配", 60: "年末结转和结余", 62: "总计",
}
ROWS_04: dict[int, str] = {
    **{i + 1: name for i, name in enumerate(g.FISCAL_FUNDS)},
    27: "本年收入合计", 28: "年初财政拨款结转和结余", 29: "一般公共预算财政拨款",
    30: "政府性基金预算财政拨款", 31: "国有资本经营预算财政拨款", 32: "总计",
    **{33 + i: code for i, code in enumerate(FUNCTION_CLASS_CODES)},
    59: "本年支出合计", 60: "年末财政拨款结转和结余", 64: "总计",
}
COLUMNS_04 = {2: "合计", 3: "一般公共预算财政拨款", 4: "政府性基金预算财政拨款",
              5: "国有资本经营预算财政拨款"}

#: Column names of the tables by function code (栏1, 栏2, …).
FUNCTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "公开02表": ("本年收入合计", *g.INCOME_TABLE_SOURCES),
    "公开03表": ("本年支出合计", *g.EXPENDITURE_COLUMNS),
    "公开05表": ("本年支出小计", "基本支出", "项目支出"),
    "公开07表": ("年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出",
                 "年末结转和结余"),
    "公开08表": ("本年支出合计", "基本支出", "项目支出"),
}
COLUMNS_09 = ("合计", "因公出国（境）费", "公务用车购置及运行维护费小计", "公务用车购置费",
              "公务用车运行维护费", "公务接待费")
ROWS_09 = {"预算": 1, "决算": 7}  # first 栏 of each half
OTHER_ROWS = {"政府采购": "总额", "国有资产": "车辆合计"}


@dataclass(frozen=True)
class Amount:
    """A computed figure and how many non-zero rounded amounts were added to get it."""

    value: Decimal
    terms: int

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.value + other.value, self.terms + other.terms)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.value - other.value, self.terms + other.terms)


def amount(values: Iterable[Decimal]) -> Amount:
    """Sum ``values``, counting the non-zero ones as rounded terms."""
    items = [v for v in values if v]
    return Amount(sum(items, ZERO), len(items))


def row_columns(table: str, row: str) -> tuple[int, ...] | None:
    """The 栏 of ``row`` in ``table`` (a 公布数 key), in order; None when there is no such row."""
    if table == "公开01表":
        number = _int(row)
        if number not in ROWS_01:
            return None
        return (1,) if number <= 31 else (2,)
    if table == "公开04表":
        number = _int(row)
        if number not in ROWS_04:
            return None
        return (1,) if number <= 32 else (2, 3, 4, 5)
    if table in FUNCTION_COLUMNS:
        if row != TOTAL_ROW and not (row.isdigit() and len(row) in (3, 5, 7)):
            return None
        return tuple(range(1, len(FUNCTION_COLUMNS[table]) + 1))
    if table == "公开06表":
        ok = row in (PERSONNEL, PUBLIC) or row in economic_catalog()
        return (1,) if ok else None
    if table == "公开09表":
        start = ROWS_09.get(row)
        return None if start is None else tuple(range(start, start + 6))
    if table in OTHER_ROWS:
        return (1,) if row == OTHER_ROWS[table] else None
    return None


def row_hint(table: str) -> str:
    """What the row keys of ``table`` look like, for error messages."""
    if table == "公开01表":
        return "行次 1–8、27–29、31（收入）或 32–60、62（支出），如 \"40\""
    if table == "公开04表":
        return "行次 1–3、27–32（收入）或 33–60、64（支出），如 \"59\""
    if table in FUNCTION_COLUMNS:
        return "“合计”或 3、5、7 位功能分类科目编码（如 \"210\"）"
    if table == "公开06表":
        return "“人员经费合计”“公用经费合计”或经济分类科目编码（如 \"30101\"）"
    if table == "公开09表":
        return "“预算”（栏1–6）或“决算”（栏7–12）"
    return f"“{OTHER_ROWS.get(table, '')}”"


def _int(text: str) -> int:
    return int(text) if text.isdigit() and len(text) <= 3 else 0


# --- the amounts of one line -------------------------------------------------------------


def _expenditure(ln: ExpenditureLine) -> tuple[Decimal, ...]:
    return (ln.basic, ln.project, ln.remit_upper, ln.operating, ln.subsidy_affiliated)


def _income(ln: ExpenditureLine) -> tuple[Decimal, ...]:
    return _expenditure(ln) if ln.income_given is None else (ln.income_given,)


def _closing(ln: ExpenditureLine) -> tuple[Decimal, ...]:
    if ln.income_given is None:
        return (ln.opening_balance,)
    return (ln.opening_balance, ln.income_given, *(-v for v in _expenditure(ln)))


Parts = Callable[[ExpenditureLine], tuple[Decimal, ...]]


def _when(test: Callable[[ExpenditureLine], bool], parts: Parts) -> Parts:
    return lambda ln: parts(ln) if test(ln) else ()


def _function_specs() -> dict[str, tuple[Callable[[ExpenditureLine], bool], tuple[Parts, ...]]]:
    fiscal = set(g.FISCAL_FUNDS)
    others = g.INCOME_SOURCES[3:]
    income_columns: list[Parts] = [_income, _when(lambda ln: ln.source in fiscal, _income)]
    income_columns += [_when(lambda ln, s=s: ln.source == s, _income) for s in others]
    basic: Parts = lambda ln: (ln.basic,)  # noqa: E731
    project: Parts = lambda ln: (ln.project,)  # noqa: E731
    both: Parts = lambda ln: (ln.basic, ln.project)  # noqa: E731
    return {
        "公开02表": (lambda ln: True, tuple(income_columns)),
        "公开03表": (lambda ln: True, (
            _expenditure, basic, project, lambda ln: (ln.remit_upper,),
            lambda ln: (ln.operating,), lambda ln: (ln.subsidy_affiliated,))),
        "公开05表": (lambda ln: ln.source == g.GENERAL_BUDGET, (both, basic, project)),
        "公开07表": (lambda ln: ln.source == g.GOV_FUND, (
            lambda ln: (ln.opening_balance,), _income, _expenditure, basic, project,
            _closing)),
        "公开08表": (lambda ln: ln.source == g.SOE_CAPITAL, (both, basic, project)),
    }


# --- cells -------------------------------------------------------------------------------


class Cells:
    """Every cell of the nine tables (and the two 第三部分 totals), computed from the data."""

    def __init__(self, dept: Department) -> None:
        self.dept = dept
        self._specs = _function_specs()
        self._catalog = function_catalog()
        self._economic = dict(dept.basic_economic)

    def name(self, code: str) -> str:
        """The name of a function code (科目名称补充 first, then the catalog)."""
        if code in self.dept.code_names:
            return self.dept.code_names[code]
        entry = self._catalog.get(code)
        return entry.name if entry else ""

    def codes(self, table: str) -> set[str]:
        """Every 类, 款 and 项 code that has data in a table by function code."""
        test, _ = self._specs[table]
        return {ln.code[:n] for ln in self.dept.lines if test(ln) for n in (3, 5, 7)}

    def get(self, ref: Ref) -> Amount:
        """The value of a cell, as the generator prints it, with its count of rounded terms."""
        table, row, column = ref
        if table in self._specs:
            return self._function_cell(table, row, column)
        if table == "公开01表":
            return self._cell_01(_int(row))
        if table == "公开04表":
            return self._cell_04(_int(row), column)
        if table == "公开06表":
            return self._cell_06(row)
        if table == "公开09表":
            return self._cell_09(column)
        if table == "政府采购":
            p = self.dept.procurement
            return amount((p.goods, p.works, p.services))
        if table == "国有资产":
            return Amount(Decimal(self.dept.assets.vehicle_total), 1)
        raise KeyError(ref)

    def _function_cell(self, table: str, row: str, column: int) -> Amount:
        test, columns = self._specs[table]
        parts = columns[column - 1]
        return amount(v for ln in self.dept.lines
                      if test(ln) and (row == TOTAL_ROW or ln.code.startswith(row))
                      for v in parts(ln))

    def _sum(self, parts: Parts, test: Callable[[ExpenditureLine], bool]) -> Amount:
        return amount(v for ln in self.dept.lines if test(ln) for v in parts(ln))

    def _cell_01(self, row: int) -> Amount:
        carry = self.dept.carryover
        if 1 <= row <= 8:
            return self._sum(_income, lambda ln: ln.source == g.INCOME_SOURCES[row - 1])
        if 32 <= row <= 57:
            code = FUNCTION_CLASS_CODES[row - 32]
            return self._sum(_expenditure, lambda ln: ln.code[:3] == code)
        income = self._sum(_income, lambda ln: True)
        grand = (income + amount((carry.use_nonfiscal_surplus,))
                 + self._sum(lambda ln: (ln.opening_balance,), lambda ln: True))
        spent = self._sum(_expenditure, lambda ln: True)
        distributed = amount((carry.surplus_distribution,))
        closing = grand - spent - distributed
        return {27: income, 28: amount((carry.use_nonfiscal_surplus,)),
                29: self._sum(lambda ln: (ln.opening_balance,), lambda ln: True),
                31: grand, 58: spent, 59: distributed, 60: closing,
                62: spent + distributed + closing}[row]

    def _cell_04(self, row: int, column: int) -> Amount:
        funds = g.FISCAL_FUNDS

        def fund_test(fund: str | None) -> Callable[[ExpenditureLine], bool]:
            return lambda ln: ln.source == fund if fund else ln.source in funds

        if 1 <= row <= 3:
            return self._sum(_income, fund_test(funds[row - 1]))
        if 29 <= row <= 31:
            return self._sum(lambda ln: (ln.opening_balance,), fund_test(funds[row - 29]))
        income = self._sum(_income, fund_test(None))
        opening = self._sum(lambda ln: (ln.opening_balance,), fund_test(None))
        if row in (27, 28, 32):
            return {27: income, 28: opening, 32: income + opening}[row]
        test = fund_test(None if column == 2 else funds[column - 3])
        if 33 <= row <= 58:
            code = FUNCTION_CLASS_CODES[row - 33]
            return self._sum(_expenditure, lambda ln: test(ln) and ln.code[:3] == code)
        spent = self._sum(_expenditure, test)
        closing = self._sum(_closing, test)
        return {59: spent, 60: closing, 64: spent + closing}[row]

    def _cell_06(self, row: str) -> Amount:
        items = self._economic
        if row == PERSONNEL:
            return amount(v for c, v in items.items() if c[:3] in PERSONNEL_GROUPS)
        if row == PUBLIC:
            return amount(v for c, v in items.items() if c[:3] not in PERSONNEL_GROUPS)
        return amount(v for c, v in items.items() if c.startswith(row))

    def _cell_09(self, column: int) -> Amount:
        tp = self.dept.three_public
        attr = "budget" if column <= 6 else "actual"
        abroad, purchase, operation, reception = (
            getattr(item, attr) for item in (tp.abroad, tp.vehicle_purchase,
                                             tp.vehicle_operation, tp.reception))
        parts = {1: (abroad, purchase, operation, reception), 2: (abroad,),
                 3: (purchase, operation), 4: (purchase,), 5: (operation,), 6: (reception,)}
        return amount(parts[(column - 1) % 6 + 1])

    # --- names ---------------------------------------------------------------------------

    def label(self, ref: Ref) -> str:
        """The cell in the report's own terms, e.g. ``公开04表 第59行“本年支出合计” 第3栏``."""
        table, row, column = ref
        if table in ("公开01表", "公开04表"):
            rows = ROWS_01 if table == "公开01表" else ROWS_04
            title = rows[_int(row)]
            if title.isdigit():  # a 类 line: its code → its name
                title = self.name(title) or title
            text = f"{table} 第{row}行“{title}”"
            if table == "公开04表" and _int(row) >= 33:
                text += f" 第{column}栏（{COLUMNS_04[column]}）"
            return text
        if table in FUNCTION_COLUMNS:
            head = "合计行" if row == TOTAL_ROW else f"{row}“{self.name(row)}”行"
            return f"{table} {head} 第{column}栏（{FUNCTION_COLUMNS[table][column - 1]}）"
        if table == "公开06表":
            if row in (PERSONNEL, PUBLIC):
                return f"公开06表 {row}"
            entry = economic_catalog().get(row)
            return f"公开06表 {row}“{entry.name if entry else ''}”"
        if table == "公开09表":
            half = "预算数" if column <= 6 else "决算数"
            return f"公开09表 第{column}栏（{half} {COLUMNS_09[(column - 1) % 6]}）"
        if table == "政府采购":
            return "第三部分 十一 政府采购支出总额"
        return "第三部分 十二 车辆合计"

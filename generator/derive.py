"""Derive: Department → Report, every table and narrative fact computed once.

Pure Python, no I/O, no formatting. The 项 lines of 支出明细 roll up to 款 and 类; the nine
tables of 公开01–09 and the facts the narrative needs (budget items, completion rates,
shares) are computed here and only read by the templates and the checker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator import vocabulary as g
from generator.catalog import economic_catalog, function_catalog, function_class_lines
from generator.findings import Finding, InputError, Position, Severity
from generator.model import Department, Evaluation, ExpenditureLine
from generator.money import ZERO, percent, total

Values = tuple[Decimal, ...]


@dataclass(frozen=True)
class FunctionRow:
    """A row of a function-classification table: 类 (level 1), 款 (2) or 项 (3)."""

    code: str
    name: str
    level: int
    values: Values


@dataclass(frozen=True)
class FunctionTable:
    """A table by function code: 合计 and the 类/款/项 rows, in code order."""

    total: Values
    rows: tuple[FunctionRow, ...]

    @property
    def empty(self) -> bool:
        """True when the table has no row (the fund has no data)."""
        return not self.rows

    def items(self) -> tuple[FunctionRow, ...]:
        """The 项 rows only."""
        return tuple(row for row in self.rows if row.level == 3)

    def classes(self) -> tuple[FunctionRow, ...]:
        """The 类 rows only."""
        return tuple(row for row in self.rows if row.level == 1)


@dataclass(frozen=True)
class ClassLine:
    """A fixed 类 line of 公开01表/04表 with its amounts (zero when the class is unused)."""

    code: str
    name: str
    values: Values


@dataclass(frozen=True)
class IncomeExpenditureSummary:
    """公开01表 收入支出决算总表."""

    income_by_source: tuple[tuple[str, Decimal], ...]  # lines 1–8
    income_total: Decimal  # 27
    use_nonfiscal_surplus: Decimal  # 28
    opening_balance: Decimal  # 29
    income_grand_total: Decimal  # 31
    class_lines: tuple[ClassLine, ...]  # 32–57, values = (amount,)
    expenditure_total: Decimal  # 58
    surplus_distribution: Decimal  # 59
    closing_balance: Decimal  # 60
    expenditure_grand_total: Decimal  # 62


@dataclass(frozen=True)
class FiscalSummary:
    """公开04表 财政拨款收入支出决算总表 (columns: 合计, 一般公共预算, 政府性基金, 国有资本经营)."""

    income_by_fund: tuple[tuple[str, Decimal], ...]  # 1–3
    income_total: Decimal  # 27
    opening_by_fund: tuple[tuple[str, Decimal], ...]  # 29–31
    opening_total: Decimal  # 28
    income_grand_total: Decimal  # 32
    class_lines: tuple[ClassLine, ...]  # 33–58, values = (合计, 一般, 基金, 国资)
    expenditure_total: Values  # 59
    closing_by_fund: tuple[tuple[str, Decimal], ...]  # 61–63
    closing_total: Decimal  # 60
    expenditure_grand_total: Values  # 64


@dataclass(frozen=True)
class EconomicItem:
    """An economic-classification line of 公开06表 (group: 3 digits, item: 5 digits)."""

    code: str
    name: str
    level: int
    amount: Decimal


@dataclass(frozen=True)
class BasicEconomicTable:
    """公开06表 一般公共预算财政拨款基本支出决算明细表."""

    groups: dict[str, tuple[EconomicItem, ...]]  # group code → [group line, items…]
    personnel: Decimal  # 人员经费 = 301 + 303
    public: Decimal  # 公用经费 = 302 + 307 + 310 + 312 + 399
    personnel_items: tuple[EconomicItem, ...]  # non-zero items, catalog order
    public_items: tuple[EconomicItem, ...]

    @property
    def total(self) -> Decimal:
        """基本支出 = 人员经费 + 公用经费."""
        return self.personnel + self.public


@dataclass(frozen=True)
class ThreePublicTable:
    """公开09表: budget and actual, each (合计, 出国, 车辆小计, 购置, 运行维护, 接待)."""

    budget: Values
    actual: Values


@dataclass(frozen=True)
class BudgetItem:
    """A 项 of a fund in 第三部分: names of its 类/款/项, 年初预算, 决算, reason."""

    code: str
    class_name: str
    section_name: str
    item_name: str
    budget: Decimal
    actual: Decimal
    reason: str | None
    purpose: str | None

    @property
    def completion(self) -> Decimal | None:
        """完成年初预算的百分比; None when the budget is zero (no rate exists)."""
        return percent(self.actual, self.budget)


@dataclass(frozen=True)
class FundBudget:
    """One fund's 项 with their 年初预算 and 决算 (第三部分 五（三）, 七, 八), and totals."""

    items: tuple[BudgetItem, ...]

    @property
    def budget(self) -> Decimal:
        """年初预算 of the fund: the sum of its 项."""
        return total(item.budget for item in self.items)

    @property
    def actual(self) -> Decimal:
        """支出决算 of the fund: the sum of its 项."""
        return total(item.actual for item in self.items)

    @property
    def completion(self) -> Decimal | None:
        """完成年初预算的百分比; None when the fund had no 年初预算."""
        return percent(self.actual, self.budget)

    @property
    def purposes(self) -> tuple[str, ...]:
        """The “主要用于” texts of its 项, in code order."""
        return tuple(item.purpose for item in self.items if item.purpose)


@dataclass(frozen=True)
class Report:
    """Everything the templates and the checker read, derived from one Department."""

    department: Department
    summary: IncomeExpenditureSummary
    income_table: FunctionTable
    expenditure_table: FunctionTable
    fiscal_summary: FiscalSummary
    general_budget_table: FunctionTable
    basic_economic_table: BasicEconomicTable
    gov_fund_table: FunctionTable
    soe_table: FunctionTable
    three_public_table: ThreePublicTable
    general_budget: FundBudget
    gov_fund: FundBudget
    soe: FundBudget
    office_operation: Decimal
    evaluations: tuple[EvaluationFacts, ...]


@dataclass(frozen=True)
class EvaluationFacts:
    """Computed cells of a 绩效自评表: fund totals, execution rates, total score."""

    evaluation: Evaluation
    fund_total: tuple[Decimal | None, Decimal | None, Decimal | None]
    rates: tuple[Decimal | None, ...]  # per fund row, then the total row first
    total_rate: Decimal | None
    total_score: Decimal
    total_weight: Decimal


# --- names -------------------------------------------------------------------------------


def _names(dept: Department) -> Callable[[str], str]:
    catalog = function_catalog()

    def name(code: str) -> str:
        if code in dept.code_names:
            return dept.code_names[code]
        entry = catalog.get(code)
        return entry.name if entry else ""

    return name


def check_codes(dept: Department) -> list[Finding]:
    """Findings for codes whose 项, 款 or 类 name is known neither to the catalog nor the YAML."""
    name = _names(dept)
    findings = []
    economic = economic_catalog()
    for line in dept.lines:
        pos = line.field_positions.get("code", line.position) or Position(dept.source, 1, 1)
        for code, level in ((line.code, "项"), (line.code[:5], "款"), (line.code[:3], "类")):
            if not name(code):
                findings.append(Finding(pos, Severity.ERROR, "CODE-UNKNOWN", (
                    f"科目编码 {line.code} 的{level}级科目 {code} 不在功能分类科目目录中："
                    f"请核对编码，或在“科目名称补充”中写明 \"{code}\": 科目名称。")))
                break
    for code, _ in dept.basic_economic:
        if code not in economic or code[:3] not in economic:
            pos = dept.positions.get("基本支出经济分类", Position(dept.source, 1, 1))
            findings.append(Finding(pos, Severity.ERROR, "ECON-CODE-UNKNOWN", (
                f"经济分类科目编码 {code} 不在经济分类科目目录中：请核对编码。")))
    return findings


# --- roll-up -----------------------------------------------------------------------------


def roll_up(lines: Iterable[ExpenditureLine], values: Callable[[ExpenditureLine], Values],
            name: Callable[[str], str], width: int) -> FunctionTable:
    """Sum the ``width`` ``values`` of the lines per 项, then per 款 and 类, in code order.

    Rows whose values are all zero are left out (a code with no money is not printed);
    a table without lines has a 合计 of zeros.
    """
    sums: dict[str, list[Decimal]] = {}
    for line in lines:
        vals = values(line)
        for code in (line.code[:3], line.code[:5], line.code):
            acc = sums.setdefault(code, [ZERO] * width)
            for i, v in enumerate(vals):
                acc[i] += v
    rows = tuple(
        FunctionRow(code, name(code), {3: 1, 5: 2, 7: 3}[len(code)], tuple(vals))
        for code, vals in sorted(sums.items())
        if any(vals)
    )
    totals = tuple(total(row.values[i] for row in rows if row.level == 1) for i in range(width))
    return FunctionTable(totals, rows)


def _by_class(lines: Iterable[ExpenditureLine], amount: Callable[[ExpenditureLine], Values],
              width: int, name: Callable[[str], str]) -> tuple[ClassLine, ...]:
    sums: dict[str, list[Decimal]] = {}
    for line in lines:
        acc = sums.setdefault(line.code[:3], [ZERO] * width)
        for i, v in enumerate(amount(line)):
            acc[i] += v
    fixed = function_class_lines()
    fixed_codes = {entry.code for entry in fixed}
    out = [ClassLine(e.code, e.name, tuple(sums.get(e.code, [ZERO] * width))) for e in fixed]
    out += [ClassLine(code, name(code), tuple(vals))
            for code, vals in sorted(sums.items()) if code not in fixed_codes]
    return tuple(out)


# --- the tables --------------------------------------------------------------------------


def _summary(dept: Department, name: Callable[[str], str]) -> IncomeExpenditureSummary:
    lines = dept.lines
    income = tuple((s, total(ln.income for ln in lines if ln.source == s))
                   for s in g.INCOME_SOURCES)
    income_total = total(v for _, v in income)
    opening = total(ln.opening_balance for ln in lines)
    expenditure = total(ln.expenditure for ln in lines)
    income_grand = income_total + dept.carryover.use_nonfiscal_surplus + opening
    closing = income_grand - expenditure - dept.carryover.surplus_distribution
    return IncomeExpenditureSummary(
        income_by_source=income,
        income_total=income_total,
        use_nonfiscal_surplus=dept.carryover.use_nonfiscal_surplus,
        opening_balance=opening,
        income_grand_total=income_grand,
        class_lines=_by_class(lines, lambda ln: (ln.expenditure,), 1, name),
        expenditure_total=expenditure,
        surplus_distribution=dept.carryover.surplus_distribution,
        closing_balance=closing,
        expenditure_grand_total=expenditure + dept.carryover.surplus_distribution + closing,
    )


def _fiscal_summary(dept: Department, name: Callable[[str], str]) -> FiscalSummary:
    fiscal = [ln for ln in dept.lines if ln.source in g.FISCAL_FUNDS]

    def per_fund(value: Callable[[ExpenditureLine], Decimal]) -> tuple[tuple[str, Decimal], ...]:
        return tuple((f, total(value(ln) for ln in fiscal if ln.source == f))
                     for f in g.FISCAL_FUNDS)

    def split(ln: ExpenditureLine) -> Values:
        return (ln.expenditure, *(ln.expenditure if ln.source == f else ZERO
                                  for f in g.FISCAL_FUNDS))

    income = per_fund(lambda ln: ln.income)
    opening = per_fund(lambda ln: ln.opening_balance)
    closing = per_fund(lambda ln: ln.closing_balance)
    exp_total = tuple(total(split(ln)[i] for ln in fiscal) for i in range(4))
    closing_total = total(v for _, v in closing)
    income_total = total(v for _, v in income)
    opening_total = total(v for _, v in opening)
    return FiscalSummary(
        income_by_fund=income,
        income_total=income_total,
        opening_by_fund=opening,
        opening_total=opening_total,
        income_grand_total=income_total + opening_total,
        class_lines=_by_class(fiscal, split, 4, name),
        expenditure_total=exp_total,
        closing_by_fund=closing,
        closing_total=closing_total,
        expenditure_grand_total=(exp_total[0] + closing_total,
                                 *(exp_total[i + 1] + closing[i][1] for i in range(3))),
    )


def _basic_economic(dept: Department) -> BasicEconomicTable:
    catalog = economic_catalog()
    amounts = dict(dept.basic_economic)
    groups: dict[str, list[EconomicItem]] = {}
    for code, entry in catalog.items():
        if entry.level == 1:
            groups[code] = [EconomicItem(code, entry.name, 1, ZERO)]
        else:
            groups.setdefault(code[:3], []).append(
                EconomicItem(code, entry.name, 2, amounts.get(code, ZERO)))
    result: dict[str, tuple[EconomicItem, ...]] = {}
    for code, items in groups.items():
        head = items[0]
        result[code] = (EconomicItem(head.code, head.name, 1, total(i.amount for i in items[1:])),
                        *items[1:])
    personnel_groups = ("301", "303")
    personnel_items = tuple(i for c in personnel_groups for i in result.get(c, ())[1:] if i.amount)
    public_items = tuple(i for c, items in result.items() if c not in personnel_groups
                         for i in items[1:] if i.amount)
    return BasicEconomicTable(
        groups=result,
        personnel=total(i.amount for i in personnel_items),
        public=total(i.amount for i in public_items),
        personnel_items=personnel_items,
        public_items=public_items,
    )


def _three_public(dept: Department) -> ThreePublicTable:
    tp = dept.three_public

    def six(attr: str) -> Values:
        abroad = getattr(tp.abroad, attr)
        purchase = getattr(tp.vehicle_purchase, attr)
        operation = getattr(tp.vehicle_operation, attr)
        reception = getattr(tp.reception, attr)
        vehicles = purchase + operation
        return (abroad + vehicles + reception, abroad, vehicles, purchase, operation, reception)

    return ThreePublicTable(six("budget"), six("actual"))


def _fund_budget(dept: Department, fund: str, name: Callable[[str], str]) -> FundBudget:
    items: dict[str, list[ExpenditureLine]] = {}
    for line in dept.lines:
        if line.source == fund:
            items.setdefault(line.code, []).append(line)
    out = []
    for code, lines in sorted(items.items()):
        reasons = [ln.budget_reason for ln in lines if ln.budget_reason]
        purposes = [ln.purpose for ln in lines if ln.purpose]
        out.append(BudgetItem(
            code=code, class_name=name(code[:3]), section_name=name(code[:5]),
            item_name=name(code),
            budget=total(ln.budget for ln in lines),
            actual=total(ln.expenditure for ln in lines),
            reason="".join(reasons) or None, purpose="".join(purposes) or None))
    return FundBudget(tuple(out))


def _evaluation(ev: Evaluation) -> EvaluationFacts:
    def col(i: int) -> Decimal | None:
        cells = [(f.initial, f.annual, f.executed)[i] for f in ev.funds]
        present = [c for c in cells if c is not None]
        return total(present) if present else None

    fund_total = (col(0), col(1), col(2))

    def rate(annual: Decimal | None, executed: Decimal | None, initial: Decimal | None
             ) -> Decimal | None:
        base = annual if annual else initial
        if executed is None or not base:
            return None
        return percent(executed, base)

    rates = tuple(rate(f.annual, f.executed, f.initial) for f in ev.funds)
    score = total(s for s in (ev.fund_score, *(i.score for i in ev.indicators),
                              *(m.score for m in ev.management)) if s is not None)
    weight = total(w for w in (ev.fund_weight, *(i.weight for i in ev.indicators),
                               *(m.weight for m in ev.management)) if w is not None)
    return EvaluationFacts(ev, fund_total, rates, rate(*fund_total[1:], fund_total[0]),
                           score, weight)


def derive(dept: Department) -> Report:
    """Compute every table and narrative fact of the report from the department's data."""
    findings = check_codes(dept)
    if findings:
        raise InputError(findings)
    name = _names(dept)
    lines = dept.lines
    general = [ln for ln in lines if ln.source == g.GENERAL_BUDGET]
    gov_fund = [ln for ln in lines if ln.source == g.GOV_FUND]
    soe = [ln for ln in lines if ln.source == g.SOE_CAPITAL]
    fiscal_or_other = g.INCOME_TABLE_SOURCES

    def income_columns(ln: ExpenditureLine) -> Values:
        col = "财政拨款收入" if ln.source in g.FISCAL_FUNDS else ln.source
        return (ln.income, *(ln.income if c == col else ZERO for c in fiscal_or_other))

    basic_economic = _basic_economic(dept)
    office = dept.office_operation.current
    return Report(
        department=dept,
        summary=_summary(dept, name),
        income_table=roll_up(lines, income_columns, name, 1 + len(fiscal_or_other)),
        expenditure_table=roll_up(
            lines, lambda ln: (ln.expenditure, ln.basic, ln.project, ln.remit_upper,
                               ln.operating, ln.subsidy_affiliated), name, 6),
        fiscal_summary=_fiscal_summary(dept, name),
        general_budget_table=roll_up(
            general, lambda ln: (ln.basic + ln.project, ln.basic, ln.project), name, 3),
        basic_economic_table=basic_economic,
        gov_fund_table=roll_up(
            gov_fund, lambda ln: (ln.opening_balance, ln.income, ln.expenditure, ln.basic,
                                  ln.project, ln.closing_balance), name, 6),
        soe_table=roll_up(soe, lambda ln: (ln.basic + ln.project, ln.basic, ln.project), name,
                          3),
        three_public_table=_three_public(dept),
        general_budget=_fund_budget(dept, g.GENERAL_BUDGET, name),
        gov_fund=_fund_budget(dept, g.GOV_FUND, name),
        soe=_fund_budget(dept, g.SOE_CAPITAL, name),
        office_operation=basic_economic.public if office is None else office,
        evaluations=tuple(_evaluation(ev) for ev in dept.annexes),
    )



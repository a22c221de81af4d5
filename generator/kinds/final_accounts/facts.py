"""The facts of 情况说明 (the narrative part of a 决算), computed once from the tables.

Every amount a sentence states is read from a table cell, so a sentence and its table
cannot disagree; every share, completion rate and change on last year is computed here
with the profile's number of percent decimals. Templates only choose the words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.catalog import standard_glossary
from generator.findings import Position
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.model import Department, ExpenditureLine
from generator.kinds.final_accounts.tables import PERSONNEL_GROUPS
from generator.money import total
from generator.narrative import (
    Comparison,
    Completion,
    Share,
    against,
    compare,
    completion,
    numbered,
    share,
)
from generator.numbering import LIST_NUMBERS, item_number, paren_number
from generator.tables import Row, Table


@dataclass(frozen=True)
class BudgetItem:
    """A 项 of a fund in 情况说明: names of its 类/款/项, 年初预算, 全年预算 (None when not
    given), 决算, completion against the profile's budget, reason, purpose."""

    code: str
    class_name: str
    section_name: str
    item_name: str
    initial: Decimal
    annual: Decimal | None
    completion: Completion
    reason: str | None
    purpose: str | None
    position: Position | None = None

    @property
    def budget(self) -> Decimal:
        """The budget compared with (年初预算 or 全年预算)."""
        return self.completion.budget

    @property
    def actual(self) -> Decimal:
        """支出决算 of the 项 (as its fund's table prints it)."""
        return self.completion.actual


@dataclass(frozen=True)
class ClassBudget:
    """A 类 of a fund: its name and code, its 决算 against its 年初预算 (given for the 类
    under 科目年初预算, else the sum of its 项's)."""

    code: str
    name: str
    completion: Completion

    @property
    def budget(self) -> Decimal:
        """年初预算 of the 类."""
        return self.completion.budget

    @property
    def actual(self) -> Decimal:
        """决算 of the 类."""
        return self.completion.actual


@dataclass(frozen=True)
class FundBudget:
    """One fund's 项 with their budgets and 决算 (五（三）, 七, 八), and the fund's totals:
    年初预算 and 全年预算 as given under 预算总额, else the sums of its 项."""

    items: tuple[BudgetItem, ...]
    initial: Decimal
    annual: Decimal | None
    completion: Completion
    reason: str | None = None
    classes: tuple[ClassBudget, ...] = ()

    @property
    def budget(self) -> Decimal:
        """The budget compared with (年初预算 or 全年预算)."""
        return self.completion.budget

    @property
    def actual(self) -> Decimal:
        """支出决算 of the fund (its table's 合计)."""
        return self.completion.actual

    @property
    def purposes(self) -> tuple[str, ...]:
        """The “主要用于” texts of its 项, in code order."""
        return tuple(item.purpose for item in self.items if item.purpose)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the fund's 决算 differs from its budget: the reason given for the fund, else
        those its 项 give, in code order."""
        if self.reason:
            return (self.reason,)
        return tuple(item.reason for item in self.items
                     if item.reason and item.completion.differs)


@dataclass(frozen=True)
class BasicExpenditure:
    """六: 基本支出 split into 人员经费 and 公用经费, with the items each mainly holds."""

    total: Decimal
    personnel: Decimal
    personnel_items: tuple[str, ...]
    public: Decimal
    public_items: tuple[str, ...]


@dataclass(frozen=True)
class FiscalExpenditure:
    """财政拨款支出 as a whole (all three funds): against last year, split into 基本支出
    and 项目支出, each against its 年初预算. A split budget is None when a line with a
    budget has both 基本 and 项目 支出 (the data cannot tell how its budget divides)."""

    total: Comparison
    basic: Decimal
    project: Decimal
    completion: Completion
    basic_completion: Completion | None
    project_completion: Completion | None


@dataclass(frozen=True)
class ThreePublicItem:
    """A line of 九: budget, actual and completion, its share of the actual total, and the
    actual against last year's (no change when last year is not given)."""

    completion: Completion
    share: Decimal | None
    change: Comparison

    @property
    def budget(self) -> Decimal:
        """预算数."""
        return self.completion.budget

    @property
    def actual(self) -> Decimal:
        """决算数."""
        return self.completion.actual


@dataclass(frozen=True)
class ThreePublic:
    """九: the 三公 total and its items (出国, 公务用车 with 购置 and 运行维护, 接待)."""

    total: ThreePublicItem
    abroad: ThreePublicItem
    vehicles: ThreePublicItem
    purchase: ThreePublicItem
    operation: ThreePublicItem
    reception: ThreePublicItem
    domestic_reception: Decimal
    #: Nothing to tell: every budget and actual is zero and no delegation, car or visit
    #: is counted (九 then says so in one sentence).
    nothing: bool


@dataclass(frozen=True)
class Procurement:
    """十一: 政府采购 and the shares awarded to SMEs and to small and micro firms."""

    total: Decimal
    goods: Decimal
    works: Decimal
    services: Decimal
    sme: Share
    small_micro: Share
    small_micro_of_sme: bool  # the 小微企业 share is of 授予中小企业, not of the total
    #: 授予中小企业 by kind of purchase, each of its kind's amount (None when not given).
    goods_sme: Share | None = None
    works_sme: Share | None = None
    services_sme: Share | None = None


@dataclass(frozen=True)
class PerformancePart:
    """A sub-section of 预算绩效: its number （一） ("" when untitled), title, and paragraphs,
    each (sub-heading number, text) — the number is "" for a plain paragraph."""

    number: str
    title: str
    paragraphs: tuple[tuple[str, str], ...]


def _performance(dept: Department) -> tuple[PerformancePart, ...]:
    """The 预算绩效 sub-sections numbered: titled ones （一）（二）…, sub-headings 1. 2. …"""
    parts = []
    titled = 0
    for section in dept.performance:
        if section.title:
            titled += 1
        count = 0
        paragraphs = []
        for paragraph in section.paragraphs:
            if isinstance(paragraph, str):
                paragraphs.append(("", paragraph))
            else:
                count += 1
                paragraphs.append((item_number(count), paragraph.text))
        parts.append(PerformancePart(paren_number(titled) if section.title else "",
                                     section.title, tuple(paragraphs)))
    return tuple(parts)


@dataclass(frozen=True)
class Facts:
    """Everything the report states besides its tables: 第一部分's numbered duties,
    情况说明 section by section, and the 名词解释 terms."""

    duties: tuple[tuple[str, str], ...]  # 部门职责: (number to print, paragraph)
    performance: tuple[PerformancePart, ...]  # 预算绩效, numbered
    glossary: tuple[tuple[str, str], ...]  # 名词解释: (term, definition), in order
    #: The function codes the department used, by 款: 类（类）款（款）项、项（项）.
    codes_used: tuple[str, ...]

    prior_year: int  # the year compared with
    grand_total: Comparison  # 一 收、支总计
    income_total: Decimal  # 二 收入合计
    income_change: Comparison  # 本年收入合计 against last year
    income_by_source: tuple[Share, ...]  # the eight sources of 公开01表 (of 收入合计)
    #: Every income line of 公开01表 (the eight sources, 使用非财政拨款结余, 年初结转和结余)
    #: as a share of 收入总计, and 财政拨款收入 (the three funds together) likewise.
    income_of_grand: tuple[Share, ...]
    fiscal_income_of_grand: Share
    #: Each fund's 财政拨款收入 (公开04表) against last year's.
    fund_incomes: tuple[tuple[str, Comparison], ...]
    income_by_column: tuple[Share, ...]  # 公开02表 栏2–7 (财政拨款收入 and the others)
    expenditure_total: Decimal  # 三 支出合计
    expenditure_by_kind: tuple[Share, ...]  # 基本, 项目, 上缴上级, 经营, 对附属单位补助
    expenditure_change: Comparison  # 本年支出合计 against last year
    closing: Comparison  # 年末结转和结余 against last year
    fiscal_expenditure: FiscalExpenditure  # 财政拨款支出 (all funds)
    basic_groups: tuple[Share, ...]  # 基本支出 by economic group (公开06表), of 基本支出
    fiscal_total: Comparison  # 四 财政拨款收、支总计
    general_budget: Comparison  # 五（一） 一般公共预算财政拨款支出
    general_budget_share: Decimal | None  # …占支出合计的
    general_budget_classes: tuple[Share, ...]  # 五（二） by 类
    general_budget_fund: FundBudget  # 五（三） by 项
    basic: BasicExpenditure  # 六
    gov_fund: FundBudget  # 七
    gov_fund_classes: tuple[Share, ...]  # 政府性基金 支出 by 类
    soe: FundBudget  # 八
    soe_classes: tuple[Share, ...]  # 国有资本经营 支出 by 类
    three_public: ThreePublic  # 九
    office_operation: Comparison  # 十 机关运行经费
    procurement: Procurement  # 十一
    vehicles: int  # 十二 车辆合计


Name = Callable[[str], str]


def _fund_budget(dept: Department, table: Table, column: int, fund: str, name: Name,
                 places: int, basis: str) -> FundBudget:
    """A fund's 项 from its table (决算) and its lines (budgets, reasons, purposes)."""
    lines: dict[str, list[ExpenditureLine]] = {}
    for line in dept.lines:
        if line.source == fund:
            lines.setdefault(line.code, []).append(line)
    items = []
    printed = {row.code: row for row in table.with_level(3)}
    # a 项 with a 年初预算 but nothing spent prints no row, yet its budget is the fund's
    unspent = sorted(code for code, own in lines.items()
                     if code not in printed and any(line.budget for line in own))
    for code in sorted([*printed, *unspent]):
        row = printed.get(code) or Row(code, name(code), {}, code=code, level=3)
        own = lines.get(row.code, [])
        initial = total(line.budget for line in own)
        annuals = [line.annual_budget for line in own if line.annual_budget is not None]
        annual = total(annuals) if annuals else None
        reasons = "".join(line.budget_reason for line in own if line.budget_reason)
        purposes = "".join(line.purpose for line in own if line.purpose)
        first = own[0] if own else None
        position = (first.field_positions.get("code", first.position) if first is not None
                    else None)
        items.append(BudgetItem(row.code, name(row.code[:3]), name(row.code[:5]), row.label,
                                initial, annual,
                                against(row[column].value, initial, annual, basis, places),
                                reasons or None, purposes or None, position))
    classes = []
    class_rows = {row.code: row for row in table.with_level(1)}
    for code in sorted({*class_rows, *(item.code[:3] for item in items)}):
        row = class_rows.get(code) or Row(code, name(code), {}, code=code, level=1)
        stated = dept.class_budgets.get(row.code)
        budget = stated if stated is not None else total(
            item.initial for item in items if item.code.startswith(row.code))
        classes.append(ClassBudget(row.code, row.label,
                                   completion(row[column].value, budget, places)))
    given = dept.budget_totals.get(fund)
    initial = (given.initial if given is not None and given.initial is not None
               else total(item.budget for item in classes))
    annual_items = [item.annual for item in items if item.annual is not None]
    annual = (given.annual if given is not None and given.annual is not None
              else total(annual_items) if annual_items else None)
    actual = table.total[column].value
    return FundBudget(tuple(items), initial, annual,
                      against(actual, initial, annual, basis, places),
                      given.reason if given is not None else None, tuple(classes))


def _shares(rows: Sequence[tuple[str, Decimal]], whole: Decimal, places: int
            ) -> tuple[Share, ...]:
    return tuple(share(label, part, whole, places) for label, part in rows)


def _codes_used(table: Table) -> tuple[str, ...]:
    """Each 款 of the 支出决算表 with the 项 under it: 类（类）款（款）项、项（项）."""
    out = []
    for section in table.with_level(2):
        items = [row.label for row in table.with_level(3) if row.code[:5] == section.code]
        group = next(row.label for row in table.with_level(1) if row.code == section.code[:3])
        out.append(f"{group}（类）{section.label}（款）{'、'.join(items)}（项）")
    return tuple(out)


def _class_shares(table: Table, column: int, places: int) -> tuple[Share, ...]:
    """A fund table's 类 rows as shares of its 合计 (``column``: its 支出 column)."""
    return _shares([(row.label, row[column].value) for row in table.with_level(1)],
                   table.total[column].value, places)


def explanation_facts(dept: Department, tables: Mapping[str, Table], office_operation: Decimal,
                      name: Name, settings: Mapping[str, object],
                      region_glossary: tuple[tuple[str, str], ...] | None = None) -> Facts:
    """The facts of every section of 情况说明, from the tables and the department's data
    (``region_glossary``: the profile's standard 名词解释, if it has its own)."""
    places = int(settings["百分比小数位"])  # type: ignore[call-overload]
    basis = str(settings["完成率口径"])
    summary, fiscal = tables["summary"], tables["fiscal_summary"]
    income, expenditure = tables["income"], tables["expenditure"]
    general = tables["general_budget"]
    prior = dept.prior

    income_total = summary.first("income-total")[1].value
    sources = [(row.label, row[1].value) for row in summary.by_role("source")]
    columns = [(column.name, income.total[column.number].value)
               for column in income.columns[1:]]
    spent = expenditure.total[1].value
    kinds = [(column.name, expenditure.total[column.number].value)
             for column in expenditure.columns[1:]]
    general_total = general.total[1].value
    classes = [(row.label, row[1].value) for row in general.with_level(1)]

    economic = tables["basic_economic"]

    def items_of(personnel: bool) -> tuple[str, ...]:
        return tuple(row.label for row in economic.by_role("item")
                     if row[1] and (row.code[:3] in PERSONNEL_GROUPS) == personnel)

    basic = BasicExpenditure(general.total[2].value, economic.first("personnel")[1].value,
                             items_of(True), economic.first("public")[1].value,
                             items_of(False))

    if dept.glossary is not None:
        standard = dept.glossary
    else:
        standard = region_glossary if region_glossary is not None else tuple(
            standard_glossary("决算"))
    grand = summary.first("income-grand")[1].value
    income_rows = [(row.label, row[1].value) for row in (
        *summary.by_role("source"), summary.first("use-nonfiscal"), summary.first("opening"))]
    fiscal_income = total(row[1].value for row in summary.by_role("source")[:3])
    spent_total = summary.first("expenditure-total")[2].value
    fund_rows = fiscal.by_role("fund-income")
    fund_priors = ((prior.general_budget_income, prior.general_budget_income_reason),
                   (prior.gov_fund_income, prior.gov_fund_income_reason),
                   (prior.soe_income, prior.soe_income_reason))
    return Facts(
        duties=numbered(dept.overview.duties, LIST_NUMBERS[str(settings["职责编号"])]),
        performance=_performance(dept),
        glossary=(*standard, *dept.glossary_extra),
        codes_used=_codes_used(expenditure),
        prior_year=dept.year - 1,
        grand_total=compare(summary.first("income-grand")[1].value, prior.grand_total,
                            prior.grand_total_reason, places),
        income_total=income_total,
        income_change=compare(income_total, prior.income_total, prior.income_total_reason,
                              places),
        income_by_source=_shares(sources, income_total, places),
        income_of_grand=_shares(income_rows, grand, places),
        fiscal_income_of_grand=share("财政拨款收入", fiscal_income, grand, places),
        fund_incomes=tuple((row.label, compare(row[1].value, amount, reason, places))
                           for row, (amount, reason) in zip(fund_rows, fund_priors,
                                                            strict=True)),
        income_by_column=_shares(columns, income.total[1].value, places),
        expenditure_total=spent,
        expenditure_by_kind=tuple(share(label, part, spent, places,
                                        always=label in ("基本支出", "项目支出"))
                                  for label, part in kinds),
        expenditure_change=compare(spent_total, prior.expenditure_total,
                                   prior.expenditure_total_reason, places),
        closing=compare(summary.first("closing")[2].value, prior.closing, prior.closing_reason,
                        places),
        fiscal_expenditure=_fiscal_expenditure(dept, tables, places),
        basic_groups=_shares([(row.label, row[1].value)
                              for row in economic.by_role("group") if row[1]],
                             basic.total, places),
        fiscal_total=compare(fiscal.first("income-grand")[1].value, prior.fiscal_total,
                             prior.fiscal_total_reason, places),
        general_budget=compare(general_total, prior.general_budget,
                               prior.general_budget_reason, places),
        general_budget_share=share("", general_total,
                                   summary.first("expenditure-total")[2].value, places).rate,
        general_budget_classes=_shares(classes, general_total, places),
        general_budget_fund=_fund_budget(dept, general, 1, terms.GENERAL_BUDGET, name, places,
                                         basis),
        basic=basic,
        gov_fund=_fund_budget(dept, tables["gov_fund"], 3, terms.GOV_FUND, name, places, basis),
        soe=_fund_budget(dept, tables["soe"], 1, terms.SOE_CAPITAL, name, places, basis),
        gov_fund_classes=_class_shares(tables["gov_fund"], 3, places),
        soe_classes=_class_shares(tables["soe"], 1, places),
        three_public=_three_public(dept, tables["three_public"], places),
        office_operation=compare(office_operation, dept.office_operation.prior,
                                 dept.office_operation.reason, places),
        procurement=_procurement(dept, tables["procurement"], settings, places),
        vehicles=int(tables["assets"].first("total")[1].value),
    )


def _fiscal_expenditure(dept: Department, tables: Mapping[str, Table], places: int
                        ) -> FiscalExpenditure:
    """财政拨款支出 of the three funds' tables, its split and its budgets."""
    general, gov_fund, soe = tables["general_budget"], tables["gov_fund"], tables["soe"]
    spent = tables["fiscal_summary"].first("expenditure-total")[2].value
    basic = general.total[2].value + gov_fund.total[4].value + soe.total[2].value
    project = general.total[3].value + gov_fund.total[5].value + soe.total[3].value
    fiscal = [line for line in dept.lines if line.source in terms.FISCAL_FUNDS]
    budget = total(line.budget for line in fiscal)
    split: tuple[Decimal, Decimal] | None = (Decimal(0), Decimal(0))
    for line in fiscal:
        if not line.budget or split is None:
            continue
        if line.basic and not line.project:
            split = (split[0] + line.budget, split[1])
        elif line.project and not line.basic:
            split = (split[0], split[1] + line.budget)
        else:
            split = None
    prior = dept.prior
    return FiscalExpenditure(
        compare(spent, prior.fiscal_expenditure, prior.fiscal_expenditure_reason, places),
        basic, project, completion(spent, budget, places),
        None if split is None else completion(basic, split[0], places),
        None if split is None else completion(project, split[1], places))


def _three_public(dept: Department, table: Table, places: int) -> ThreePublic:
    budget, actual = table.first("预算"), table.first("决算")
    whole = actual[7].value
    entered = dept.three_public

    def prior_of(*items: object) -> Decimal | None:
        priors = [item.prior for item in items]  # type: ignore[attr-defined]
        return None if any(p is None for p in priors) else total(priors)

    vehicles_prior = (entered.vehicle_prior if entered.vehicle_prior is not None
                      else prior_of(entered.vehicle_purchase, entered.vehicle_operation))
    overall_prior = (None if vehicles_prior is None or entered.abroad.prior is None
                     or entered.reception.prior is None
                     else entered.abroad.prior + vehicles_prior + entered.reception.prior)
    changes = {
        1: (overall_prior, None),
        2: (entered.abroad.prior, entered.abroad.change_reason),
        3: (vehicles_prior, entered.vehicle_change_reason),
        4: (entered.vehicle_purchase.prior, entered.vehicle_purchase.change_reason),
        5: (entered.vehicle_operation.prior, entered.vehicle_operation.change_reason),
        6: (entered.reception.prior, entered.reception.change_reason),
    }

    def item(column: int) -> ThreePublicItem:
        spent = actual[column + 6].value
        last, reason = changes[column]
        return ThreePublicItem(completion(spent, budget[column].value, places),
                               share("", spent, whole, places).rate,
                               compare(spent, last, reason, places))

    reception = entered.reception
    counts = (entered.abroad.groups, entered.abroad.persons, entered.vehicle_purchase.count,
              entered.vehicles_held, reception.foreign.groups, reception.foreign.persons,
              reception.domestic.groups, reception.domestic.persons)
    nothing = not (budget[1].value or actual[7].value or any(counts))
    return ThreePublic(item(1), item(2), item(3), item(4), item(5), item(6),
                       actual[12].value - reception.foreign.amount, nothing)


def _procurement(dept: Department, table: Table, settings: Mapping[str, object],
                 places: int) -> Procurement:
    entered = dept.procurement
    whole = table.first("total")[1].value
    of_sme = settings["小微企业占比口径"] == "中小企业"
    base = entered.sme if of_sme else whole
    def by_kind(label: str, part: Decimal | None, whole_of_kind: Decimal) -> Share | None:
        return None if part is None else share(label, part, whole_of_kind, places)

    return Procurement(whole, entered.goods, entered.works, entered.services,
                       share("授予中小企业", entered.sme, whole, places),
                       share("授予小微企业", entered.small_micro, base, places), of_sme,
                       by_kind("货物", entered.goods_sme, entered.goods),
                       by_kind("工程", entered.works_sme, entered.works),
                       by_kind("服务", entered.services_sme, entered.services))

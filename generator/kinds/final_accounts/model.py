"""The 决算 Department model: what a department's YAML says, as plain typed objects.

Amounts are ``Decimal`` in 万元. Nothing here is derived (no 款/类 totals, no shares):
``generator.kinds.final_accounts.derive`` computes those. Every object that came from the
YAML keeps the ``Position`` of its entry so later findings can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.findings import Position
from generator.kinds.final_accounts.vocabulary import DEPARTMENT_EVALUATION
from generator.money import ZERO
from generator.published import PublishedRow

if TYPE_CHECKING:
    from generator.kinds.final_accounts.budget_source import BudgetSource


@dataclass(frozen=True)
class ExpenditureLine:
    """One 项-level line of 支出明细: a function code, an income source and its amounts."""

    code: str
    source: str
    basic: Decimal = ZERO
    project: Decimal = ZERO
    remit_upper: Decimal = ZERO
    operating: Decimal = ZERO
    subsidy_affiliated: Decimal = ZERO
    income_given: Decimal | None = None
    opening_balance: Decimal = ZERO
    budget: Decimal = ZERO
    annual_budget: Decimal | None = None
    budget_reason: str | None = None
    purpose: str | None = None
    position: Position | None = field(default=None, compare=False)
    field_positions: dict[str, Position] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class BudgetTotal:
    """A fund's budget totals as given (预算总额): 年初预算, 全年预算 (the budget as
    adjusted during the year) and why 决算 differs from them; None where not given."""

    initial: Decimal | None = None
    annual: Decimal | None = None
    reason: str | None = None
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Unit:
    """A unit whose accounts the 决算 includes (部门决算单位构成), with a remark."""

    name: str
    remark: str = ""


@dataclass(frozen=True)
class Overview:
    """第一部分 概况: 部门职责 (and a closing paragraph that sums them up, printed without a
    number), 机构设置 paragraphs, and the units of the 决算."""

    duties: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    duties_summary: str | None = None
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Carryover:
    """Department-level carry-over lines of 公开01表 not tied to a function code."""

    use_nonfiscal_surplus: Decimal = ZERO
    surplus_distribution: Decimal = ZERO


@dataclass(frozen=True)
class PriorYear:
    """Prior-year figures for the 与上年度相比 sentences, with the reasons for changes."""

    grand_total: Decimal | None = None
    grand_total_reason: str | None = None
    fiscal_total: Decimal | None = None
    fiscal_total_reason: str | None = None
    general_budget: Decimal | None = None
    general_budget_reason: str | None = None
    income_total: Decimal | None = None
    income_total_reason: str | None = None
    expenditure_total: Decimal | None = None
    expenditure_total_reason: str | None = None
    closing: Decimal | None = None
    closing_reason: str | None = None
    fiscal_expenditure: Decimal | None = None
    fiscal_expenditure_reason: str | None = None
    general_budget_income: Decimal | None = None
    general_budget_income_reason: str | None = None
    gov_fund_income: Decimal | None = None
    gov_fund_income_reason: str | None = None
    soe_income: Decimal | None = None
    soe_income_reason: str | None = None


@dataclass(frozen=True)
class BudgetActual:
    """A 三公 item: budget and actual with the reason they differ, last year's actual
    (None when not given) with the reason it changed, and what the money was used for."""

    budget: Decimal = ZERO
    actual: Decimal = ZERO
    reason: str | None = None
    prior: Decimal | None = None
    change_reason: str | None = None
    purpose: str | None = None


@dataclass(frozen=True)
class Abroad(BudgetActual):
    """因公出国（境）: amounts, delegations and person-trips."""

    groups: int = 0
    persons: int = 0


@dataclass(frozen=True)
class VehiclePurchase(BudgetActual):
    """公务用车购置: amounts and cars bought."""

    count: int = 0


@dataclass(frozen=True)
class VehicleOperation(BudgetActual):
    """公务用车运行维护: amounts and what they were used for."""


@dataclass(frozen=True)
class Visits:
    """Reception visits: groups and persons (and, for 外宾, the amount)."""

    amount: Decimal = ZERO
    groups: int = 0
    persons: int = 0
    purpose: str | None = None


@dataclass(frozen=True)
class Reception(BudgetActual):
    """公务接待: amounts, with 外宾 and 国内 visits."""

    foreign: Visits = Visits()
    domestic: Visits = Visits()


@dataclass(frozen=True)
class ThreePublic:
    """财政拨款“三公”经费 (公开09表 and 第三部分 九)."""

    abroad: Abroad = Abroad()
    vehicle_purchase: VehiclePurchase = VehiclePurchase()
    vehicle_operation: VehicleOperation = VehicleOperation()
    reception: Reception = Reception()
    reason: str | None = None
    vehicle_reason: str | None = None
    vehicle_prior: Decimal | None = None  # 购置 and 运行维护 together, last year
    vehicle_change_reason: str | None = None
    vehicles_held: int = 0
    vehicle_note: str | None = None


@dataclass(frozen=True)
class OfficeOperation:
    """机关运行经费: this year's amount (None = 公用经费 of 公开06表) and last year's."""

    current: Decimal | None = None
    prior: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Procurement:
    """政府采购: goods, works, services and the amounts awarded to SMEs."""

    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    sme: Decimal = ZERO
    small_micro: Decimal = ZERO
    goods_sme: Decimal | None = None
    works_sme: Decimal | None = None
    services_sme: Decimal | None = None
    reserved_sme: Decimal | None = None
    reserved_small_micro: Decimal | None = None
    reserved_sme_awarded: Decimal | None = None
    reserved_small_micro_awarded: Decimal | None = None
    other_sme_awarded: Decimal | None = None


@dataclass(frozen=True)
class Project:
    """A main project behind 项目支出: its name, what it cost (None when not stated) and
    what it achieved."""

    name: str
    amount: Decimal | None = None
    effect: str | None = None


@dataclass(frozen=True)
class PerformanceManagement:
    """绩效管理: the year's performance-management counts and amounts (None where not
    given): targets set, projects monitored and self-evaluated, grades and problems."""

    targets_required: int | None = None
    targets_set: int | None = None
    targets_amount: Decimal | None = None
    rules: str | None = None
    mechanism: str | None = None
    monitored: int | None = None
    monitored_amount: Decimal | None = None
    evaluated: int | None = None
    evaluated_amount: Decimal | None = None
    average_score: Decimal | None = None
    ratings: tuple[tuple[str, int], ...] = ()
    problems: int | None = None
    problems_fixed: int | None = None
    problems_fixing: int | None = None


@dataclass(frozen=True)
class Assets:
    """国有资产占用: vehicles by type and large equipment counts."""

    vehicles: tuple[tuple[str, int], ...] = ()
    equipment_over_50: int | None = None
    equipment_over_100: int | None = None
    list_vehicle_types: bool = False



@dataclass(frozen=True)
class Subheading:
    """A numbered sub-heading inside a 预算绩效 sub-section."""

    text: str


@dataclass(frozen=True)
class PerformanceSection:
    """A sub-section of 第三部分 十三 预算绩效情况说明 (an untitled one has title "")."""

    title: str
    paragraphs: tuple[str | Subheading, ...] = ()


@dataclass(frozen=True)
class KeyWorkRow:
    """A row of the table of 重点工作完成情况: the matter, its goal and what was done."""

    matter: str
    goal: str = ""
    done: str = ""


@dataclass(frozen=True)
class KeyWork:
    """重点工作完成情况 (湖北's 第四部分): its title, its sections (each a title and
    paragraphs) and its table of matters."""

    title: str = ""
    sections: tuple[PerformanceSection, ...] = ()
    rows: tuple[KeyWorkRow, ...] = ()


@dataclass(frozen=True)
class FundRow:
    """A fund line of a 绩效自评表: 年初预算数, 全年预算数, 全年执行数 (None = blank)."""

    name: str
    initial: Decimal | None
    annual: Decimal | None
    executed: Decimal | None


@dataclass(frozen=True)
class Indicator:
    """A 绩效指标 row; empty 一级/二级 continue the row above."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: Decimal | None
    score: Decimal | None
    deviation: str
    remark: str


@dataclass(frozen=True)
class ManagementItem:
    """A 资金管理情况 row of a 项目支出绩效自评表."""

    item: str
    description: str
    weight: Decimal | None
    score: Decimal | None
    remark: str


@dataclass(frozen=True)
class Task:
    """A 年度主要任务 row of a 部门整体支出绩效自评表."""

    name: str
    content: str
    achieved: str


@dataclass(frozen=True)
class Evaluation:
    """A 绩效自评表 of the annex (部门整体 or 项目)."""

    kind: str
    funds: tuple[FundRow, ...]
    fund_weight: Decimal | None
    fund_score: Decimal | None
    indicators: tuple[Indicator, ...]
    goal_expected: str = ""
    goal_achieved: str = ""
    project: str = ""
    authority: str = ""
    implementer: str = ""
    department: str = ""
    filled: tuple[int, int] | None = None
    management: tuple[ManagementItem, ...] = ()
    tasks: tuple[Task, ...] = ()
    position: Position | None = field(default=None, compare=False)

    @property
    def form(self) -> str:
        """The template of the form: department_evaluation or project_evaluation."""
        return "department_evaluation" if self.kind == DEPARTMENT_EVALUATION else \
            "project_evaluation"


@dataclass(frozen=True)
class Form:
    """An annex form of a kind ``forms.FORM_SPECS`` declares (绩效目标表, another region's
    绩效自评表): its fields as written (text, Decimal or int; None when left blank), its
    lists of rows (each row its cells' text), its lists of records, and its template."""

    kind: str
    template: str
    fields: dict[str, object] = field(default_factory=dict)
    rows: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    records: dict[str, tuple[dict[str, object], ...]] = field(default_factory=dict)
    position: Position | None = field(default=None, compare=False)

    @property
    def form(self) -> str:
        """The template of the form (annex/<form>.html.j2)."""
        return self.template


@dataclass(frozen=True)
class Department:
    """Everything a department's YAML says about its year, validated.

    ``positions`` maps each key of the YAML to where it was written: top-level keys by
    name (``三公经费``), nested keys by dotted path (``三公经费.公务接待.决算``), list
    items by index from 1 (``附件[1].绩效指标[3]``).
    """

    kind: str
    profile: str
    year: int
    name: str
    compiled: tuple[int, ...] | None  # (year, month) or (year, month, day)
    overview: Overview
    lines: tuple[ExpenditureLine, ...]
    carryover: Carryover = Carryover()
    basic_economic: tuple[tuple[str, Decimal], ...] = ()
    prior: PriorYear = PriorYear()
    three_public: ThreePublic = ThreePublic()
    office_operation: OfficeOperation = OfficeOperation()
    procurement: Procurement = Procurement()
    assets: Assets = Assets()
    performance: tuple[PerformanceSection, ...] = ()
    performance_management: PerformanceManagement = PerformanceManagement()
    key_work: KeyWork = KeyWork()
    #: 年初预算 given for a 类/款 (or 项) code as a whole (湖北 gives it by 类 only).
    class_budgets: dict[str, Decimal] = field(default_factory=dict)
    projects: tuple[Project, ...] = ()
    short_name: str = ""
    glossary: tuple[tuple[str, str], ...] | None = None  # replaces the standard 名词解释
    glossary_extra: tuple[tuple[str, str], ...] = ()
    annexes: tuple[Evaluation | Form, ...] = ()
    code_names: dict[str, str] = field(default_factory=dict)
    budget_totals: dict[str, BudgetTotal] = field(default_factory=dict)
    style: dict[str, object] = field(default_factory=dict)
    published: tuple[PublishedRow, ...] = ()
    source: str = ""
    positions: dict[str, Position] = field(default_factory=dict, compare=False)
    #: The 预算 the 年初预算 figures were taken from (预算来源), if the file names one.
    budget_source: BudgetSource | None = None

    @property
    def short(self) -> str:
        """The department's short name (部门简称) where the data gives one, else its name."""
        return self.short_name or self.name

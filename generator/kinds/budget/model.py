"""The 预算 Department model: what a department's budget file says, as plain typed objects.

Amounts are ``Decimal`` in 万元. Nothing here is derived: every table row, total, share and
change is computed by ``generator.kinds.budget.derive``. Two kinds of line carry all the
money: a **basic line** (基本支出: one function 项 and one 资金来源, split into economic
items) and a **project** (项目: one function 项, its money by 资金来源, optionally its
economic items, and its performance targets). Every object that came from the YAML keeps
the ``Position`` of its entry so findings can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.findings import Position
from generator.kinds.budget import vocabulary as terms
from generator.money import ZERO, total
from generator.published import PublishedRow


@dataclass(frozen=True)
class Unit:
    """A budget unit (预算单位) of the department: its code, name and kind (行政单位 or
    事业单位, which decides the 政府预算 economic item of each of its items)."""

    code: str
    name: str
    kind: str = "行政单位"
    position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Overview:
    """第一部分: 主要职责, and the 内设机构 and 所属单位 whose budgets the department's holds."""

    duties: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    subordinates: tuple[str, ...] = ()


#: An amount booked to a 部门预算支出经济分类 item: (5-digit code, amount).
EconomicItem = tuple[str, Decimal]


@dataclass(frozen=True)
class BasicLine:
    """基本支出 of one unit on one function 项 from one 资金来源, by economic item."""

    code: str
    source: str
    unit: str
    items: tuple[EconomicItem, ...]
    position: Position | None = field(default=None, compare=False)
    field_positions: dict[str, Position] = field(default_factory=dict, compare=False)

    @property
    def amount(self) -> Decimal:
        """The line's whole amount."""
        return total(amount for _, amount in self.items)

    def group(self, group: str) -> Decimal:
        """The amount of the line's items of an economic group (301, 302 …)."""
        return total(amount for item, amount in self.items if item[:3] == group)

    @property
    def personnel(self) -> Decimal:
        """人员经费: the items of 301 and 303."""
        return total(self.group(group) for group in terms.PERSONNEL_GROUPS)

    @property
    def public(self) -> Decimal:
        """公用经费: every other item."""
        return self.amount - self.personnel


@dataclass(frozen=True)
class Project:
    """A project (项目): its 项目代码, name, 项目类型, unit, function 项 (``code``), its money
    by 资金来源, its economic items (empty when not given) and its 绩效目标 (per kind of
    indicator, the (三级指标, 指标值) pairs)."""

    project_code: str
    name: str
    type: str
    unit: str
    code: str
    funds: tuple[tuple[str, Decimal], ...]
    items: tuple[EconomicItem, ...] = ()
    targets: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    position: Position | None = field(default=None, compare=False)
    field_positions: dict[str, Position] = field(default_factory=dict, compare=False)

    @property
    def amount(self) -> Decimal:
        """The project's whole amount (all its 资金)."""
        return total(amount for _, amount in self.funds)

    def fund(self, source: str) -> Decimal:
        """The project's money from one 资金来源."""
        return total(amount for name, amount in self.funds if name == source)

    @property
    def has_targets(self) -> bool:
        """True when the project states at least one 绩效目标 indicator."""
        return any(indicators for _, indicators in self.targets)


@dataclass(frozen=True)
class PriorYear:
    """Last year's budget, for the 与上年相比 sentences, with the reasons for changes."""

    grand_total: Decimal | None = None
    grand_total_reason: str | None = None
    general_budget: Decimal | None = None
    general_budget_reason: str | None = None
    gov_fund: Decimal | None = None
    gov_fund_reason: str | None = None
    soe: Decimal | None = None
    soe_reason: str | None = None


@dataclass(frozen=True)
class ThreePublicItem:
    """A 三公 item: this year's budget, last year's (None when not given) and why it
    changed."""

    budget: Decimal = ZERO
    prior: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ThreePublic:
    """一般公共预算“三公”经费 budget, item by item, with the reasons for the changes of the
    whole and of 公务用车购置及运行费."""

    abroad: ThreePublicItem = ThreePublicItem()
    vehicle_purchase: ThreePublicItem = ThreePublicItem()
    vehicle_operation: ThreePublicItem = ThreePublicItem()
    reception: ThreePublicItem = ThreePublicItem()
    reason: str | None = None
    vehicle_reason: str | None = None


@dataclass(frozen=True)
class OfficeOperation:
    """机关运行经费 (Henan's 机构运转经费): this year's (None = 公用经费 of the 一般公共预算
    基本支出) and what it pays for."""

    current: Decimal | None = None
    purpose: str | None = None


@dataclass(frozen=True)
class Procurement:
    """政府采购 budget: goods, works and services."""

    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO


@dataclass(frozen=True)
class Assets:
    """国有资产占用 at the end of last year: vehicles by type, large equipment."""

    vehicles: tuple[tuple[str, int], ...] = ()
    equipment_over_50: int = 0
    equipment_over_100: int = 0


@dataclass(frozen=True)
class TransferProject:
    """A 专项转移支付 project the department manages (its amount when stated)."""

    name: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class Task:
    """A 年度主要任务 of the 部门（单位）整体绩效目标表."""

    name: str
    content: str


@dataclass(frozen=True)
class TargetIndicator:
    """A 绩效指标 row of the 整体绩效目标表; an empty 一级/二级 continues the row above."""

    level1: str
    level2: str
    level3: str
    value: str
    note: str


@dataclass(frozen=True)
class DepartmentTargets:
    """部门（单位）整体绩效目标: the year's goal, main tasks and indicators (its 预算情况
    is computed)."""

    goal: str = ""
    tasks: tuple[Task, ...] = ()
    indicators: tuple[TargetIndicator, ...] = ()


@dataclass(frozen=True)
class Department:
    """Everything a department's 预算 file says, validated.

    ``positions`` maps each key of the YAML to where it was written (dotted paths, list
    items by index from 1: ``项目[2].资金``).
    """

    kind: str
    profile: str
    year: int
    name: str
    code: str
    compiled: tuple[int, ...] | None
    overview: Overview
    units: tuple[Unit, ...]
    basic: tuple[BasicLine, ...]
    projects: tuple[Project, ...]
    government_codes: dict[str, str] = field(default_factory=dict)
    three_public: ThreePublic = ThreePublic()
    prior: PriorYear = PriorYear()
    office_operation: OfficeOperation = OfficeOperation()
    procurement: Procurement = Procurement()
    assets: Assets = Assets()
    performance: tuple[str, ...] = ()
    transfer_projects: tuple[TransferProject, ...] = ()
    department_targets: DepartmentTargets = DepartmentTargets()
    code_names: dict[str, str] = field(default_factory=dict)
    glossary: tuple[tuple[str, str], ...] | None = None
    glossary_extra: tuple[tuple[str, str], ...] = ()
    style: dict[str, object] = field(default_factory=dict)
    published: tuple[PublishedRow, ...] = ()
    source: str = ""
    positions: dict[str, Position] = field(default_factory=dict, compare=False)

    def unit(self, code: str) -> Unit:
        """The unit of that code."""
        return next(unit for unit in self.units if unit.code == code)

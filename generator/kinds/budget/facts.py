"""The facts of a 预算's 情况说明 (第二部分) and of its forms, computed once from the tables.

Every amount a sentence states is read from a printed table cell, so a sentence and its
table cannot disagree; every share and change on last year's budget is computed here with
the profile's number of percent decimals. Templates only choose the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from generator.catalog import government_economic_catalog, standard_glossary
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.model import Department, Project
from generator.money import ZERO
from generator.narrative import Comparison, Share, compare, numbered, share
from generator.numbering import LIST_NUMBERS
from generator.tables import Spans, Table, indicator_spans


@dataclass(frozen=True)
class Split:
    """A whole and its two parts with their shares (基本/项目, 人员/公用)."""

    total: Decimal
    parts: tuple[Share, Share]


@dataclass(frozen=True)
class ThreePublicFacts:
    """七: the 三公 budget, its change on last year's, and each item's."""

    total: Comparison
    abroad: Comparison
    reception: Comparison
    vehicles: Comparison
    purchase: Decimal
    operation: Decimal


@dataclass(frozen=True)
class ProcurementFacts:
    """九（二）: the 政府采购 budget, goods, works and services."""

    total: Decimal
    goods: Decimal
    works: Decimal
    services: Decimal


@dataclass(frozen=True)
class PerformanceFacts:
    """九（三）: how many projects the budget holds and how many state 绩效目标."""

    projects: int
    with_targets: int

    @property
    def all_set(self) -> bool:
        """True when every project states its 绩效目标 (and there is at least one)."""
        return self.projects > 0 and self.with_targets == self.projects


@dataclass(frozen=True)
class TargetLine:
    """One printed line of a project in 部门预算项目绩效目标汇总表: per kind of indicator,
    its (三级指标, 指标值) on this line ("" when the kind has fewer)."""

    cells: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Facts:
    """Everything 第一、二部分 state and the forms print beside the tables."""

    duties: tuple[tuple[str, str], ...]  # 主要职责: (number to print, paragraph)
    grand_total: Comparison
    expenditure_grand: Decimal
    income_total: Decimal
    income_sources: tuple[tuple[str, Decimal], ...]
    spending: Split
    general_budget_total: Comparison
    gov_fund_total: Comparison
    soe_total: Comparison | None
    general_budget: Split
    basic: Split
    three_public: ThreePublicFacts
    gov_fund: Split
    office_operation: Decimal
    procurement: ProcurementFacts
    performance: PerformanceFacts
    vehicles: tuple[tuple[str, int], ...]
    vehicle_total: int
    glossary: tuple[tuple[str, str], ...]
    #: 一般公共预算基本支出表: row key → (政府预算 item, its name).
    government_items: Mapping[str, tuple[str, str]]
    #: 项目支出表 and 部门预算项目绩效目标汇总表: 项目代码 → project.
    projects: Mapping[str, Project]
    #: 部门预算项目绩效目标汇总表: 项目代码 → its printed lines of indicators.
    target_lines: Mapping[str, tuple[TargetLine, ...]]
    #: 部门（单位）整体绩效目标表: the merged 一级/二级 cells of each indicator row.
    indicator_spans: tuple[Spans, ...]


#: 部门收支总体情况表 income lines 情况说明 二 always names (with their wording), then any
#: other line that has money.
ALWAYS_NAMED: tuple[tuple[str, str], ...] = (
    (terms.GENERAL_BUDGET, "一般公共预算"), (terms.GOV_FUND, "政府性基金预算"),
    (terms.SPECIAL_ACCOUNT, "专户管理的教育收费"))


def _split(whole: Decimal, first: tuple[str, Decimal], second: tuple[str, Decimal],
           places: int) -> Split:
    return Split(whole, (share(first[0], first[1], whole, places, always=True),
                         share(second[0], second[1], whole, places, always=True)))


def _target_lines(project: Project) -> tuple[TargetLine, ...]:
    """The printed lines of a project's 绩效目标: the kinds side by side, top-down."""
    kinds = dict(project.targets)
    columns = [kinds.get(kind, ()) for kind in terms.TARGET_KINDS]
    height = max((len(column) for column in columns), default=0)
    return tuple(TargetLine(tuple(column[i] if i < len(column) else ("", "")
                                  for column in columns))
                 for i in range(max(height, 1)))


def explanation_facts(dept: Department, tables: Mapping[str, Table], office: Decimal | None,
                      government_items: Mapping[str, str], settings: Mapping[str, object],
                      region_glossary: tuple[tuple[str, str], ...] | None) -> Facts:
    """Every fact of 第二部分 and of the forms, read from the printed tables.

    ``office``: 机关运行经费 as given (None = 公用经费 of 一般公共预算基本支出表);
    ``government_items``: the 政府预算 item of each row of 一般公共预算基本支出表.
    """
    places = int(str(settings["百分比小数位"]))
    summary, fiscal = tables["summary"], tables["fiscal_summary"]
    expenditure, general = tables["expenditure"].total, tables["general_budget"].total
    basic = tables["basic_economic"].total
    prior = dept.prior
    income_total = summary.first("income-total")[1].value
    lines = {row.key: row[1].value for row in summary.by_role("source")}
    sources = [(label, lines[key]) for key, label in ALWAYS_NAMED]
    sources += [(row.label, row[1].value) for row in summary.by_role("source")
                if row.key not in dict(ALWAYS_NAMED) and row[1]]
    fund_total = fiscal.first("expenditure-grand")
    soe = fund_total[6].value
    three_public = tables["three_public"].rows[0]
    entered = dept.three_public

    def prior_sum(*items: Decimal | None) -> Decimal | None:
        return None if any(item is None for item in items) else sum(items, ZERO)  # type: ignore[misc]

    vehicles_prior = prior_sum(entered.vehicle_purchase.prior, entered.vehicle_operation.prior)
    total_prior = prior_sum(entered.abroad.prior, entered.vehicle_purchase.prior,
                            entered.vehicle_operation.prior, entered.reception.prior)
    names = settings["车辆类型名称"]
    assert isinstance(names, Mapping)
    catalog = government_economic_catalog()
    if dept.glossary is not None:
        glossary = dept.glossary
    else:
        glossary = region_glossary if region_glossary is not None else tuple(
            standard_glossary("预算"))
    procurement = dept.procurement
    projects = dept.projects
    return Facts(
        duties=numbered(dept.overview.duties, LIST_NUMBERS[str(settings["职责编号"])]),
        grand_total=compare(summary.first("income-grand")[1].value, prior.grand_total,
                            prior.grand_total_reason, places),
        expenditure_grand=summary.first("expenditure-grand")[2].value,
        income_total=income_total,
        income_sources=tuple(sources),
        spending=_split(expenditure[1].value, ("基本支出", expenditure[2].value),
                        ("项目支出", expenditure[7].value), places),
        general_budget_total=compare(fund_total[3].value, prior.general_budget,
                                     prior.general_budget_reason, places),
        gov_fund_total=compare(fund_total[5].value, prior.gov_fund, prior.gov_fund_reason,
                               places),
        soe_total=(compare(soe, prior.soe, prior.soe_reason, places)
                   if soe or prior.soe else None),
        general_budget=_split(general[1].value, ("基本支出", general[2].value),
                              ("项目支出", general[7].value), places),
        basic=_split(basic[1].value, ("人员经费", basic[2].value), ("公用经费", basic[3].value),
                     places),
        three_public=ThreePublicFacts(
            total=compare(three_public[1].value, total_prior, entered.reason, places),
            abroad=compare(three_public[2].value, entered.abroad.prior, entered.abroad.reason,
                           places),
            reception=compare(three_public[6].value, entered.reception.prior,
                              entered.reception.reason, places),
            vehicles=compare(three_public[3].value, vehicles_prior, entered.vehicle_reason,
                             places),
            purchase=three_public[4].value, operation=three_public[5].value),
        gov_fund=_split(tables["gov_fund"].total[1].value,
                        ("基本支出", tables["gov_fund"].total[2].value),
                        ("项目支出", tables["gov_fund"].total[7].value), places),
        office_operation=basic[3].value if office is None else office,
        procurement=ProcurementFacts(
            procurement.goods + procurement.works + procurement.services,
            procurement.goods, procurement.works, procurement.services),
        performance=PerformanceFacts(len(projects), sum(p.has_targets for p in projects)),
        vehicles=tuple((str(names.get(kind, kind)), count)
                       for kind, count in dept.assets.vehicles),
        vehicle_total=sum(count for _, count in dept.assets.vehicles),
        glossary=(*glossary, *dept.glossary_extra),
        government_items={key: (code, catalog[code].name if code in catalog else "")
                          for key, code in government_items.items()},
        projects={project.project_code: project for project in projects},
        target_lines={project.project_code: _target_lines(project) for project in projects},
        indicator_spans=indicator_spans(tuple(
            (row.level1, row.level2) for row in dept.department_targets.indicators)),
    )

"""The keys of a 预算 file (Chinese, as finance staff write them) → attribute names, and the
fixed lists of the budget: where money comes from (资金来源), project types, vehicle types.

The header keys every kind shares are ``generator.vocabulary.HEADER``; a key that means
the same as in a 决算 file is spelled the same (概况.部门职责, 三公经费.公务接待,
国有资产.车辆 …).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.vocabulary import HEADER

TOP_LEVEL: dict[str, str] = {
    **HEADER,
    "部门编码": "code",
    "概况": "overview",
    "预算单位": "units",
    "基本支出": "basic",
    "项目": "projects",
    "政府经济分类对应": "government_codes",
    "三公经费": "three_public",
    "上年": "prior",
    "机关运行经费": "office_operation",
    "政府采购": "procurement",
    "国有资产": "assets",
    "预算绩效": "performance",
    "专项转移支付项目": "transfer_projects",
    "整体绩效目标": "department_targets",
    "科目名称补充": "code_names",
    "名词解释": "glossary",
    "名词解释补充": "glossary_extra",
    "公布数": "published",
}

OVERVIEW = {"部门职责": "duties", "内设机构": "offices", "所属单位": "subordinates"}
UNIT = {"单位编码": "code", "单位名称": "name", "单位类型": "kind"}
BASIC_LINE = {"科目编码": "code", "资金来源": "source", "单位": "unit", "经济分类": "items"}
PROJECT = {"项目代码": "code", "项目名称": "name", "项目类型": "type", "单位": "unit",
           "科目编码": "function", "资金": "funds", "经济分类": "items", "绩效目标": "targets"}
PRIOR = {
    "收支总计": "grand_total",
    "收支总计变动原因": "grand_total_reason",
    "一般公共预算收支": "general_budget",
    "一般公共预算收支变动原因": "general_budget_reason",
    "政府性基金收支": "gov_fund",
    "政府性基金收支变动原因": "gov_fund_reason",
    "国有资本经营收支": "soe",
    "国有资本经营收支变动原因": "soe_reason",
}
THREE_PUBLIC = {"因公出国境": "abroad", "公务用车购置": "vehicle_purchase",
                "公务用车运行维护": "vehicle_operation", "公务接待": "reception",
                "变动原因": "reason", "公务用车变动原因": "vehicle_reason"}
THREE_PUBLIC_ITEM = {"预算": "budget", "上年预算": "prior", "变动原因": "reason"}
OFFICE_OPERATION = {"本年": "current", "用途": "purpose"}
PROCUREMENT = {"货物": "goods", "工程": "works", "服务": "services"}
ASSETS = {"车辆": "vehicles", "单价50万元以上通用设备": "equipment_over_50",
          "单价100万元以上设备": "equipment_over_100"}
TRANSFER_PROJECT = {"项目名称": "name", "金额": "amount"}
DEPARTMENT_TARGETS = {"年度履职目标": "goal", "年度主要任务": "tasks", "绩效指标": "indicators"}
TASK = {"任务名称": "name", "主要内容": "content"}

#: The four kinds of indicator of a project's 绩效目标, in the order 表十二 prints them.
TARGET_KINDS: tuple[str, ...] = ("成本指标", "产出指标", "效益指标", "满意度指标")

#: 项目类型: the two columns of 项目支出 in 部门支出总体情况表.
PROJECT_TYPES: tuple[str, ...] = ("其他运转类", "特定目标类")

#: Vehicles a 预算 counts at the end of last year, by type (printed names: a profile's
#: 车辆类型名称).
VEHICLE_TYPES: tuple[str, ...] = ("一般公务用车", "执法执勤用车", "特种专业技术用车", "其他用车")

#: The groups of 部门预算支出经济分类 basic spending is booked to, each a column of
#: 部门支出总体情况表 and 一般公共预算支出情况表: 人员经费 (301, 303), 公用经费 (302, 310).
BASIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("301", "工资福利支出"), ("303", "对个人和家庭的补助"), ("302", "商品和服务支出"),
    ("310", "资本性支出"))
PERSONNEL_GROUPS: tuple[str, ...] = ("301", "303")

# Funds of the 财政拨款 (fiscal appropriation).
GENERAL_BUDGET = "一般公共预算"
GOV_FUND = "政府性基金预算"
SOE = "国有资本经营预算"
FISCAL_FUNDS: tuple[str, ...] = (GENERAL_BUDGET, GOV_FUND, SOE)

# The three groups of money of the 绩效目标 tables.
GOVERNMENT_MONEY = "政府预算资金"
SPECIAL_ACCOUNT = "财政专户管理资金"
UNIT_MONEY = "单位资金"
MONEY_GROUPS: tuple[str, ...] = (GOVERNMENT_MONEY, SPECIAL_ACCOUNT, UNIT_MONEY)

#: Where a source of carried-over money goes on 部门收支总体情况表: 上年结转结余.
CARRIED_OVER = "上年结转结余"


@dataclass(frozen=True)
class Source:
    """A source of money (资金来源) a basic line or a project names.

    ``income`` is the income line of 部门收支总体情况表 it adds to (上年结转结余 for money
    carried over); ``fund`` the 财政拨款 fund it belongs to (None for money that is not a
    fiscal appropriation); ``carried`` whether it was carried over from last year;
    ``group`` the money group of the 绩效目标 tables.
    """

    name: str
    income: str
    fund: str | None
    carried: bool
    group: str


#: Every 资金来源, in the order of 部门收支总体情况表's income lines.
SOURCES: tuple[Source, ...] = (
    Source(GENERAL_BUDGET, GENERAL_BUDGET, GENERAL_BUDGET, False, GOVERNMENT_MONEY),
    Source(GOV_FUND, GOV_FUND, GOV_FUND, False, GOVERNMENT_MONEY),
    Source(SOE, SOE, SOE, False, GOVERNMENT_MONEY),
    Source(SPECIAL_ACCOUNT, SPECIAL_ACCOUNT, None, False, SPECIAL_ACCOUNT),
    Source("事业收入", "事业收入", None, False, UNIT_MONEY),
    Source("事业单位经营收入", "事业单位经营收入", None, False, UNIT_MONEY),
    Source("上级补助收入", "上级补助收入", None, False, UNIT_MONEY),
    Source("附属单位上缴收入", "附属单位上缴收入", None, False, UNIT_MONEY),
    Source("其他收入", "其他收入", None, False, UNIT_MONEY),
    Source("一般公共预算结转", CARRIED_OVER, GENERAL_BUDGET, True, GOVERNMENT_MONEY),
    Source("政府性基金预算结转", CARRIED_OVER, GOV_FUND, True, GOVERNMENT_MONEY),
    Source("国有资本经营预算结转", CARRIED_OVER, SOE, True, GOVERNMENT_MONEY),
    Source("非财政拨款结转", CARRIED_OVER, None, True, UNIT_MONEY),
)
SOURCE_NAMES: tuple[str, ...] = tuple(source.name for source in SOURCES)
SOURCE_BY_NAME: dict[str, Source] = {source.name: source for source in SOURCES}

#: The income lines of 部门收支总体情况表 this year (not carried over), in order.
INCOME_LINES: tuple[str, ...] = tuple(source.income for source in SOURCES
                                      if not source.carried)

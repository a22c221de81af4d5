"""The 决算 key vocabulary: every Chinese term of a 部门决算 file and its code name, once.

The YAML keys finance staff write are these Chinese terms; the schema maps them to model
attribute names through the tables below, and error messages name them back in Chinese.
"""

from __future__ import annotations

from generator.vocabulary import HEADER

# --- income sources (公开01表 lines 1–8) ------------------------------------------------

GENERAL_BUDGET = "一般公共预算财政拨款"  # general public budget appropriation
GOV_FUND = "政府性基金预算财政拨款"  # government fund budget appropriation
SOE_CAPITAL = "国有资本经营预算财政拨款"  # state capital operation budget appropriation

#: The three 财政拨款 funds, in table order.
FISCAL_FUNDS: tuple[str, ...] = (GENERAL_BUDGET, GOV_FUND, SOE_CAPITAL)

#: The income sources of 公开01表 lines 1–8 and of 支出明细.资金来源, in table order.
INCOME_SOURCES: tuple[str, ...] = (
    GENERAL_BUDGET,
    GOV_FUND,
    SOE_CAPITAL,
    "上级补助收入",  # subsidy from the superior
    "事业收入",  # business (service) income
    "经营收入",  # operating income
    "附属单位上缴收入",  # remittances from affiliated units
    "其他收入",  # other income
)

#: 公开02表 columns 2–7: 财政拨款 (all three funds together) and the five other sources.
INCOME_TABLE_SOURCES: tuple[str, ...] = ("财政拨款收入", *INCOME_SOURCES[3:])

# --- expenditure columns (公开03表 columns 2–6) ------------------------------------------

#: YAML key of an expenditure column → ExpenditureLine attribute.
EXPENDITURE_COLUMNS: dict[str, str] = {
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "remit_upper",
    "经营支出": "operating",
    "对附属单位补助支出": "subsidy_affiliated",
}

# --- YAML keys → model attributes, per mapping ------------------------------------------

TOP_LEVEL: dict[str, str] = {
    **HEADER,
    "部门简称": "short_name",
    "概况": "overview",
    "支出明细": "lines",
    "结转结余": "carryover",
    "基本支出经济分类": "basic_economic",
    "上年": "prior",
    "三公经费": "three_public",
    "机关运行经费": "office_operation",
    "政府采购": "procurement",
    "国有资产": "assets",
    "预算绩效": "performance",
    "绩效管理": "performance_management",
    "重点工作完成情况": "key_work",
    "科目年初预算": "class_budgets",
    "项目支出说明": "projects",
    "名词解释": "glossary",
    "名词解释补充": "glossary_extra",
    "附件": "annexes",
    "科目名称补充": "code_names",
    "预算总额": "budget_totals",
    "预算来源": "budget_source",
    "公布数": "published",
}

OVERVIEW = {"部门职责": "duties", "部门职责总述": "duties_summary", "机构设置": "organization",
            "决算单位": "units"}
UNIT = {"名称": "name", "备注": "remark"}

LINE: dict[str, str] = {
    "科目编码": "code",
    "资金来源": "source",
    **EXPENDITURE_COLUMNS,
    "本年收入": "income",
    "年初结转和结余": "opening_balance",
    "年初预算": "budget",
    "全年预算": "annual_budget",
    "差异原因": "budget_reason",
    "用途": "purpose",
}

CARRYOVER = {"使用非财政拨款结余": "use_nonfiscal_surplus", "结余分配": "surplus_distribution"}

PRIOR = {
    "收支总计": "grand_total",
    "收支总计变动原因": "grand_total_reason",
    "财政拨款收支总计": "fiscal_total",
    "财政拨款收支总计变动原因": "fiscal_total_reason",
    "一般公共预算财政拨款支出": "general_budget",
    "一般公共预算财政拨款支出变动原因": "general_budget_reason",
    "本年收入合计": "income_total",
    "本年收入合计变动原因": "income_total_reason",
    "本年支出合计": "expenditure_total",
    "本年支出合计变动原因": "expenditure_total_reason",
    "年末结转和结余": "closing",
    "年末结转和结余变动原因": "closing_reason",
    "财政拨款支出": "fiscal_expenditure",
    "财政拨款支出变动原因": "fiscal_expenditure_reason",
    "一般公共预算财政拨款收入": "general_budget_income",
    "一般公共预算财政拨款收入变动原因": "general_budget_income_reason",
    "政府性基金预算财政拨款收入": "gov_fund_income",
    "政府性基金预算财政拨款收入变动原因": "gov_fund_income_reason",
    "国有资本经营预算财政拨款收入": "soe_income",
    "国有资本经营预算财政拨款收入变动原因": "soe_income_reason",
}

THREE_PUBLIC = {
    "差异原因": "reason",
    "因公出国境": "abroad",
    "公务用车购置": "vehicle_purchase",
    "公务用车运行维护": "vehicle_operation",
    "公务用车差异原因": "vehicle_reason",
    "公务用车上年": "vehicle_prior",
    "公务用车变动原因": "vehicle_change_reason",
    "公务用车保有量": "vehicles_held",
    "公务用车说明": "vehicle_note",
    "公务接待": "reception",
}
#: Every 三公 item: budget and actual, why they differ, last year's actual and why it
#: changed.
_THREE_PUBLIC_ITEM = {"预算": "budget", "决算": "actual", "差异原因": "reason", "上年": "prior",
                      "变动原因": "change_reason"}
ABROAD = {**_THREE_PUBLIC_ITEM, "团组数": "groups", "人次": "persons", "用途": "purpose"}
VEHICLE_PURCHASE = {**_THREE_PUBLIC_ITEM, "购置车辆数": "count", "用途": "purpose"}
VEHICLE_OPERATION = {**_THREE_PUBLIC_ITEM, "用途": "purpose"}
RECEPTION = {**_THREE_PUBLIC_ITEM, "外宾接待": "foreign", "国内接待": "domestic",
             "用途": "purpose"}
FOREIGN_RECEPTION = {"支出": "amount", "团组数": "groups", "人次": "persons"}
DOMESTIC_RECEPTION = {"团组数": "groups", "人次": "persons", "用途": "purpose"}

#: 预算总额 of a fund: the totals the finance system gives when they are not (only) the sum
#: of the lines' budgets.
BUDGET_TOTAL = {"年初预算": "initial", "全年预算": "annual", "差异原因": "reason"}

OFFICE_OPERATION = {"本年": "current", "上年": "prior", "变动原因": "reason"}

PROCUREMENT = {"货物": "goods", "工程": "works", "服务": "services",
               "授予中小企业": "sme", "授予小微企业": "small_micro",
               "货物授予中小企业": "goods_sme", "工程授予中小企业": "works_sme",
               "服务授予中小企业": "services_sme",
               "面向中小企业预留": "reserved_sme", "面向小微企业预留": "reserved_small_micro",
               "预留项目中小企业中标": "reserved_sme_awarded",
               "预留项目小微企业中标": "reserved_small_micro_awarded",
               "其他项目中小企业中标": "other_sme_awarded"}
#: The 政府采购 amounts a region may state or not (None when not given).
PROCUREMENT_OPTIONAL = ("goods_sme", "works_sme", "services_sme", "reserved_sme",
                        "reserved_small_micro", "reserved_sme_awarded",
                        "reserved_small_micro_awarded", "other_sme_awarded")

#: 项目支出说明: the main projects behind 项目支出, what they cost and achieved.
PROJECT = {"项目名称": "name", "金额": "amount", "主要成效": "effect"}

#: 绩效管理: counts and amounts of the year's performance management (预算绩效情况).
PERFORMANCE_MANAGEMENT = {
    "应编制绩效目标项目数": "targets_required",
    "实际编制绩效目标项目数": "targets_set",
    "绩效目标涉及资金": "targets_amount",
    "管理制度": "rules",
    "工作机制": "mechanism",
    "绩效跟踪项目数": "monitored",
    "绩效跟踪涉及资金": "monitored_amount",
    "绩效自评项目数": "evaluated",
    "绩效自评涉及资金": "evaluated_amount",
    "自评平均得分": "average_score",
    "评级": "ratings",
    "发现问题数": "problems",
    "已整改问题数": "problems_fixed",
    "正在整改问题数": "problems_fixing",
}
#: 绩效管理.评级: the self-evaluation grades, in order.
RATINGS: tuple[str, ...] = ("优", "良", "合格", "不合格")

ASSETS = {
    "车辆": "vehicles",
    "单价50万元以上通用设备": "equipment_over_50",
    "单价100万元以上设备": "equipment_over_100",
    "列出车辆类型": "list_vehicle_types",
}

#: Vehicle types of 国有资产占用情况, in the order the rules list them.
VEHICLE_TYPES: tuple[str, ...] = (
    "省部级领导干部用车",
    "主要领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
)

PERFORMANCE_SECTION = {"标题": "title", "段落": "paragraphs"}
#: 重点工作完成情况 (湖北's 第四部分): its title, sections of text and its table.
KEY_WORK = {"标题": "title", "段落": "sections", "表格": "rows"}
KEY_WORK_ROW = {"重要事项": "matter", "工作内容及目标": "goal", "完成情况": "done"}

# --- annex: 绩效自评表 ------------------------------------------------------------------

DEPARTMENT_EVALUATION = "部门整体支出绩效自评表"
PROJECT_EVALUATION = "项目支出绩效自评表"
EVALUATION_KINDS = (DEPARTMENT_EVALUATION, PROJECT_EVALUATION)

#: Fund rows of a 绩效自评表, in order.
EVALUATION_FUNDS: tuple[str, ...] = ("财政拨款", "财政专户管理资金", "单位资金")

DEPARTMENT_EVALUATION_KEYS = {
    "类型": "kind",
    "填报日期": "filled",
    "部门名称": "department",
    "资金": "funds",
    "资金分值": "fund_weight",
    "资金得分": "fund_score",
    "年度履职目标": "goal",
    "年度主要任务": "tasks",
    "绩效指标": "indicators",
}
PROJECT_EVALUATION_KEYS = {
    "类型": "kind",
    "项目名称": "project",
    "主管部门": "authority",
    "实施单位": "implementer",
    "资金": "funds",
    "资金分值": "fund_weight",
    "资金得分": "fund_score",
    "资金管理情况": "management",
    "年度总体目标": "goal",
    "绩效指标": "indicators",
}
GOAL = {"预期目标": "expected", "实际完成情况": "achieved"}
TASK = {"任务名称": "name", "主要内容": "content", "实际完成情况": "achieved"}

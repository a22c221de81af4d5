"""The 决算 rules: Report → findings. Every identity of the report, and every fact entered
twice.

The derived tables add up by construction, so the rules look where the data can disagree
with itself:

- **公布数** (figures as printed by the finance system, see docs/data-format.md) against
  the cells the generator computes (``PUB-…``), and against each other: every sum printed
  under the nine tables and every cross-table equality (``identities``), evaluated when at
  least two of its cells are 公布数 (cells not given are taken as printed). Beyond the
  rounding tail a difference is an error; within it the report prints the published
  figure, and one piece of information (``PUBLISHED-ROUNDING``) says so;
- facts entered separately that must agree: 基本支出明细表 against the 基本支出 of 支出明细,
  三公 against 基本支出明细表, 政府采购 中小企业 and 小微企业, 机关运行经费, 上年 figures,
  scores of the 绩效自评表, reasons the narrative needs.

Tables and sections are named in messages as the department's report prints them
(公开07表 is 三公 in Liaoning, 第二部分 its 情况说明). Rounding tails are allowed as
``generator.rulebook`` describes. :data:`RULEBOOK` runs them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.catalog import function_class_lines
from generator.findings import Finding, Severity
from generator.free_text import free_text_rule
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.annex import EvaluationFacts
from generator.kinds.final_accounts.budget_source import THREE_PUBLIC_COLUMNS
from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.facts import Facts
from generator.kinds.final_accounts.free_texts import figures, free_texts
from generator.kinds.final_accounts.identities import (
    FUNCTION_TABLES,
    IDENTITY_RULES,
    Identity,
    identities,
)
from generator.kinds.final_accounts.ledger import JUDGES
from generator.kinds.final_accounts.model import ExpenditureLine
from generator.ledger import ledger_rule, required_fields
from generator.money import ZERO, total
from generator.narrative import Comparison
from generator.published import Published
from generator.rulebook import (
    PUBLISHED_ROUNDING_RULE,
    Context,
    RuleBook,
    count_error,
    judge,
    money,
    named,
    published_against_data,
    published_findings,
    rule,
    share_sum_error,
)
from generator.tables import Ref, RowKeys

#: The rule reporting a 公布数 of each table that disagrees with the computed cell.
PUBLISHED_RULES: dict[str, str] = {
    "summary": "PUB-SUMMARY", "income": "PUB-INCOME", "expenditure": "PUB-EXPENDITURE",
    "fiscal_summary": "PUB-FISCAL-SUMMARY", "general_budget": "PUB-GENERAL-BUDGET",
    "basic_economic": "PUB-BASIC-ECONOMIC", "gov_fund": "PUB-GOV-FUND", "soe": "PUB-SOE",
    "three_public": "PUB-THREE-PUBLIC", "procurement": "PROC-PARTS", "assets": "ASSET-VEHICLES",
}


def _report(ctx: Context) -> Report:
    report = ctx.report
    assert isinstance(report, Report)
    return report


# --- 公布数: against the data and against each other --------------------------------------


@rule(**{rule_id.replace("-", "_"): f"{{{table}}} 公布数 = 按支出明细等数据计算的数"
         for table, rule_id in PUBLISHED_RULES.items() if rule_id.startswith("PUB-")},
      PROC_PARTS="政府采购 公布的总额 = 货物 + 工程 + 服务",
      ASSET_VEHICLES="国有资产 公布的车辆合计 = 各类车辆之和",
      **PUBLISHED_ROUNDING_RULE,
      **{rule_id.replace("-", "_"): text for rule_id, text in IDENTITY_RULES.items()})
def published(ctx: Context) -> Iterator[Finding]:
    """Each 公布数 against the cell computed from the data, and every table and cross-table
    identity with at least two 公布数 among its cells (``generator.rulebook``)."""
    yield from published_findings(ctx, _published_vs_data, _published_identities(ctx),
                                  IDENTITY_RULES)


def _published_vs_data(ctx: Context, entry: Published) -> Finding | None:
    """A 公布数 against the cell computed from the data (None when they agree)."""
    ref = entry.ref
    computed = ctx.computed(ref)
    rule_id = PUBLISHED_RULES[ref[0]]
    if ref[0] == "assets":
        if entry.amount == computed.value:
            return None
        return count_error(rule_id, entry.position, (
            f"{ctx.label(ref)}：公布数 {entry.amount:.0f} 辆，"
            f"“国有资产.车辆”各类之和 {computed.value:.0f} 辆。请补全或更正各类车辆数。"))
    lines = _data_lines(ctx, ref)
    return published_against_data(ctx, entry, rule_id,
                                  f"第 {lines} 行的支出明细" if lines else "相关数据")


def _data_lines(ctx: Context, ref: Ref) -> str:
    """The YAML lines of the 支出明细 entries behind a cell of a 类/款/项 row (≤ 6)."""
    table = ctx.report.tables[ref[0]]
    row = table.row(ref[1])
    if table.keys not in (RowKeys.LINE, RowKeys.CODE) or row is None or not row.code:
        return ""
    lines = sorted({line.position.line for line in ctx.dept.lines
                    if line.code.startswith(row.code) and line.position is not None})
    return "、".join(map(str, lines)) if 0 < len(lines) <= 6 else ""


def _published_identities(ctx: Context) -> Iterator[Identity]:
    """Every identity, with the row and roll-up identities of the codes of each table by
    function code that have data or a 公布数."""
    if not ctx.published:
        return
    tables = ctx.report.tables
    codes: dict[str, set[str]] = {}
    for table_id in FUNCTION_TABLES:
        given = {key for (t, key, _) in ctx.published if t == table_id and key.isdigit()}
        codes[table_id] = {row.code for row in tables[table_id].rows if row.code} | given
    yield from identities(tables, codes)


# --- facts entered separately -------------------------------------------------------------


@rule(BASIC_ECONOMIC_LINES="基本支出明细表 人员经费 + 公用经费（基本支出经济分类之和）"
                           "= 一般公共预算财政拨款 基本支出")
def basic_economic_vs_lines(ctx: Context) -> Iterator[Finding]:
    """基本支出明细表 (基本支出经济分类) against the 一般公共预算 基本支出 of 支出明细."""
    items = [value for _, value in ctx.dept.basic_economic if value]
    basic = [line.basic for line in ctx.dept.lines
             if line.source == terms.GENERAL_BUDGET and line.basic]
    finding = judge(
        "BASIC-ECONOMIC-LINES", ctx.at("基本支出经济分类", "支出明细"),
        named(ctx, "{basic_economic} 人员经费合计 + 公用经费合计 应等于 {general_budget} "
                    "合计行 第2栏（基本支出）"),
        ("基本支出经济分类之和", sum(items, ZERO)),
        ("支出明细中一般公共预算财政拨款的基本支出之和", sum(basic, ZERO)),
        max(len(items), len(basic)),
        "请核对“基本支出经济分类”各科目金额与“支出明细”各行的基本支出。")
    if finding:
        yield finding


@rule(OFFICE_OPERATION="机关运行经费 ≤ 基本支出明细表 公用经费合计")
def office_operation(ctx: Context) -> Iterator[Finding]:
    """机关运行经费 is part of 公用经费, so cannot exceed it beyond the rounding tail."""
    given = ctx.dept.office_operation.current
    if given is None:
        return
    public = ctx.cell(("basic_economic", "公用经费合计", 1))
    finding = judge(
        "OFFICE-OPERATION", ctx.at("机关运行经费.本年"),
        ctx.where("机关运行经费", "explanation", "office_operation"),
        ("本年", given), (named(ctx, "{basic_economic} 公用经费合计"), public.value),
        max(public.terms, 1),
        "机关运行经费是一般公共预算财政拨款基本支出中的公用经费（行政单位和参公事业单位），"
        "不应大于公用经费合计：请核对。", at_most=True)
    if finding:
        yield finding


_ECONOMIC_VS_THREE_PUBLIC = (
    ("30212", "因公出国境", "abroad"), ("30217", "公务接待", "reception"),
    ("30231", "公务用车运行维护", "vehicle_operation"),
    ("31013", "公务用车购置", "vehicle_purchase"),
)


@rule(TP_ECONOMIC="基本支出明细表 30212/30217/30231/31013 ≤ 三公经费对应项目的决算")
def three_public_vs_economic(ctx: Context) -> Iterator[Finding]:
    """Basic expenditure on an item of 三公 cannot exceed the 三公 actual of that item."""
    items = dict(ctx.dept.basic_economic)
    name = ctx.report.table_name("basic_economic")
    for code, key, attr in _ECONOMIC_VS_THREE_PUBLIC:
        spent = items.get(code, ZERO)
        actual = getattr(ctx.dept.three_public, attr).actual
        finding = judge(
            "TP-ECONOMIC", ctx.at(f"基本支出经济分类.{code}", f"三公经费.{key}.决算", "三公经费"),
            f"{name} {code} 是“三公”经费的一部分", (f"{name} {code}", spent),
            (f"三公经费.{key}.决算", actual), 1,
            "“三公”经费决算包括基本支出和项目支出，不应小于基本支出中的同类支出：请核对两处金额。",
            at_most=True)
        if finding:
            yield finding


@rule(TP_RECEPTION="外宾接待支出 ≤ 公务接待决算（国内接待 = 公务接待 − 外宾接待 ≥ 0）")
def reception_split(ctx: Context) -> Iterator[Finding]:
    """国内接待 is computed as 公务接待 − 外宾接待, which must not be negative."""
    reception = ctx.dept.three_public.reception
    finding = judge(
        "TP-RECEPTION", ctx.at("三公经费.公务接待.外宾接待.支出", "三公经费.公务接待"),
        "公务接待费", ("外宾接待支出", reception.foreign.amount),
        ("公务接待决算", reception.actual), 1,
        "国内接待支出 = 公务接待决算 − 外宾接待支出，不能为负：请核对。", at_most=True)
    if finding:
        yield finding


@rule(TP_VISITS="团组数与人次：有团组才有人次，人次不少于团组数")
def visits(ctx: Context) -> Iterator[Finding]:
    """Groups and persons of 出国 and 接待 agree with each other."""
    entered = ctx.dept.three_public
    for path, groups, persons in (
            ("三公经费.因公出国境", entered.abroad.groups, entered.abroad.persons),
            ("三公经费.公务接待.外宾接待", entered.reception.foreign.groups,
             entered.reception.foreign.persons),
            ("三公经费.公务接待.国内接待", entered.reception.domestic.groups,
             entered.reception.domestic.persons)):
        if (groups == 0) != (persons == 0) or persons < groups:
            yield count_error("TP-VISITS", ctx.at(f"{path}.人次", path), (
                f"“{path}”团组数 {groups} 个、人次 {persons} 人次不一致：每个团组至少一人次，"
                "没有团组则没有人次。请核对。"))


@rule(TP_PURCHASE="公务用车购置：购置车辆数与购置费应同时为零或同时不为零")
def vehicle_purchase(ctx: Context) -> Iterator[Finding]:
    """Cars bought and the money spent on buying cars go together."""
    purchase = ctx.dept.three_public.vehicle_purchase
    if (purchase.count == 0) != (purchase.actual == 0):
        position = ctx.at("三公经费.公务用车购置.购置车辆数", "三公经费.公务用车购置", "三公经费")
        yield Finding(position, Severity.WARNING, "TP-PURCHASE", (
                          f"公务用车购置费决算 {money(purchase.actual)} 万元，购置车辆数 "
                          f"{purchase.count} 辆：两者应同时为零或同时不为零，请核对。"))


@rule(PROC_SME="政府采购 授予中小企业 ≤ 采购总额",
      PROC_SMALL="政府采购 授予小微企业 ≤ 授予中小企业")
def procurement(ctx: Context) -> Iterator[Finding]:
    """Amounts awarded to SMEs within the total, to small and micro firms within SMEs."""
    entered = ctx.dept.procurement
    total = ctx.cell(("procurement", "总额", 1))
    where = ctx.where("政府采购", "explanation", "procurement")
    for finding in (
        judge("PROC-SME", ctx.at("政府采购.授予中小企业", "政府采购"), where,
              ("授予中小企业", entered.sme), ("采购总额（货物+工程+服务）", total.value),
              max(total.terms, 1), "授予中小企业的合同金额是采购总额的一部分：请核对。",
              at_most=True),
        judge("PROC-SMALL", ctx.at("政府采购.授予小微企业", "政府采购"), where,
              ("授予小微企业", entered.small_micro), ("授予中小企业", entered.sme), 1,
              "小微企业是中小企业的一部分：请核对。", at_most=True),
    ):
        if finding:
            yield finding


@rule(PRIOR_TOTALS="上年：一般公共预算财政拨款支出 ≤ 财政拨款收支总计 ≤ 收支总计")
def prior_totals(ctx: Context) -> Iterator[Finding]:
    """Last year's figures nest: general budget within fiscal, fiscal within the whole."""
    prior = ctx.dept.prior
    pairs = (("一般公共预算财政拨款支出", prior.general_budget,
              "财政拨款收支总计", prior.fiscal_total),
             ("财政拨款收支总计", prior.fiscal_total, "收支总计", prior.grand_total))
    for small_key, small, big_key, big in pairs:
        if small is None or big is None:
            continue
        finding = judge("PRIOR-TOTALS", ctx.at(f"上年.{small_key}", "上年"), "上年数",
                        (small_key, small), (big_key, big), 1,
                        f"{small_key}是{big_key}的一部分：请对照上年决算公开报告核对。",
                        at_most=True)
        if finding:
            yield finding


def _prior_comparisons(facts: Facts) -> list[tuple[str, str, Comparison]]:
    """Every 上年 comparison a 决算 can print: (the key of last year's figure, the key of
    its reason, the comparison)."""
    three_public = facts.three_public
    found = [(f"上年.{key}", f"上年.{key}变动原因", comparison) for key, comparison in (
        ("收支总计", facts.grand_total), ("本年收入合计", facts.income_change),
        ("本年支出合计", facts.expenditure_change), ("年末结转和结余", facts.closing),
        ("财政拨款收支总计", facts.fiscal_total),
        ("财政拨款支出", facts.fiscal_expenditure.total),
        ("一般公共预算财政拨款支出", facts.general_budget),
        *((f"{fund}收入", comparison) for fund, (_, comparison)
          in zip(terms.FISCAL_FUNDS, facts.fund_incomes, strict=True)))]
    found.append(("机关运行经费.上年", "机关运行经费.变动原因", facts.office_operation))
    found += [(f"三公经费.{key}.上年", f"三公经费.{key}.变动原因", item.change) for key, item in (
        ("因公出国境", three_public.abroad), ("公务用车购置", three_public.purchase),
        ("公务用车运行维护", three_public.operation), ("公务接待", three_public.reception))]
    found.append(("三公经费.公务用车上年", "三公经费.公务用车变动原因",
                  three_public.vehicles.change))
    return found


@rule(PRIOR_REASON="与上年相比有增减时应写变动原因（收支总计等各项总数、机关运行经费、“三公”经费各项）")
def prior_reasons(ctx: Context) -> Iterator[Finding]:
    """Each 与上年度相比 sentence that reports a change needs its reason: every total
    compared with last year, 机关运行经费 (also when this year's is 0) and each 三公 item
    whose last year's figure is given. The finding names the reason missing. A reason the
    completeness ledger requires is its error (LEDGER-MISSING), not said twice here."""
    facts = _report(ctx).facts
    in_ledger = required_fields(ctx.report, JUDGES)
    for prior_key, reason_key, comparison in _prior_comparisons(facts):
        moved = comparison.change
        if moved is None or moved.flat or comparison.reason or reason_key in in_ledger:
            continue
        yield Finding(ctx.at(prior_key, prior_key.rsplit(".", 1)[0]), Severity.WARNING,
                      "PRIOR-REASON", (
            f"“{prior_key}”为 {money(comparison.prior or ZERO)}，本年为 "
            f"{money(comparison.current)}，"
            f"{moved.verb} {money(moved.amount)}，没有写变动原因：请补上“{reason_key}”，"
            "否则报告的“主要原因是”无从填写。"))


@rule(BUDGET_REASON="决算数与比较的预算数（年初预算或全年预算）相差超过“差异原因阈值”"
                    "（默认预算数的 10%）时应写差异原因",
      BUDGET_REASON_UNUSED="地区样式不说明差异原因的资金（“差异原因资金”以外），其支出明细的"
                           "差异原因不会印出",
      TP_REASON="“三公”经费决算与预算不同时应写差异原因")
def budget_reasons(ctx: Context) -> Iterator[Finding]:
    """The narrative explains each 项 whose 决算 differs from its budget by more than the
    profile's threshold (``差异原因阈值``), for the funds the profile explains
    (``差异原因资金``): the reason must be there. A reason on a line of a fund the profile
    does not explain would never be printed."""
    report = _report(ctx)
    facts = report.facts
    threshold = Decimal(int(report.settings["差异原因阈值"]))
    explained = set(report.settings["差异原因资金"])
    stated = ctx.dept.class_budgets
    funds = ((terms.GENERAL_BUDGET, facts.general_budget_fund), (terms.GOV_FUND, facts.gov_fund),
             (terms.SOE_CAPITAL, facts.soe))
    for fund, fund_budget in funds:
        if fund not in explained:
            yield from _unused_reasons(ctx, fund)
            continue
        for item in fund_budget.items:
            if any(item.code.startswith(code) for code in stated):
                continue  # budgeted as a whole by 类/款: the 项 has no budget of its own
            if item.reason or not item.completion.beyond(threshold):
                continue
            if item.purpose and not item.budget:
                continue  # not budgeted: its 用途 says what the money was for (seed 004)
            where = _line_path(ctx, item.code, fund)
            gap = abs(item.actual - item.budget)
            share = (f"超过{item.completion.basis}的 {threshold}%" if item.budget
                     else f"{item.completion.basis}为 0")
            yield Finding(item.position or ctx.at("支出明细"), Severity.WARNING, "BUDGET-REASON", (
                f"科目 {item.code}（{item.item_name}，{fund}）{item.completion.basis} "
                f"{money(item.budget)}，决算 {money(item.actual)}，相差 {money(gap)}（{share}），"
                f"没有写差异原因：请在“{where}”补上“差异原因”。"))
    total = facts.three_public.total
    if total.completion.differs and not ctx.dept.three_public.reason:
        yield Finding(ctx.at("三公经费"), Severity.WARNING, "TP-REASON", (
            f"“三公”经费预算 {money(total.budget)}，决算 {money(total.actual)}，没有写差异原因："
            "请补上“三公经费.差异原因”。"))


def _line_path(ctx: Context, code: str, fund: str) -> str:
    """The 支出明细 line of ``code`` and ``fund`` as a path (“支出明细[3]”)."""
    index = next((i for i, line in enumerate(ctx.dept.lines, 1)
                  if (line.code, line.source) == (code, fund)), None)
    return f"支出明细[{index}]" if index else "支出明细"


def _unused_reasons(ctx: Context, fund: str) -> Iterator[Finding]:
    """A 差异原因 on a line of a fund the profile does not explain: never printed."""
    for i, line in enumerate(ctx.dept.lines, 1):
        if line.source == fund and line.budget_reason:
            yield Finding(line.field_positions.get("budget_reason", line.position)
                          or ctx.at("支出明细"), Severity.WARNING, "BUDGET-REASON-UNUSED", (
                f"“支出明细[{i}].差异原因”不会印出：地区样式“{ctx.dept.profile}”的情况说明不按项"
                f"说明{fund}决算与预算的差异（设置“差异原因资金”）。请删去这个差异原因，"
                "或在样式设置的“差异原因资金”中加上这一资金。"))


@rule(BUDGET_TOTAL="预算总额 = 支出明细各行预算之和（各行写了预算时）")
def budget_totals(ctx: Context) -> Iterator[Finding]:
    """A fund's 年初预算/全年预算 given under 预算总额 against the sum of its lines'."""
    for fund, given in ctx.dept.budget_totals.items():
        lines = [line for line in ctx.dept.lines if line.source == fund]
        for attr, key, values in (
                ("initial", "年初预算", [line.budget for line in lines if line.budget]),
                ("annual", "全年预算", [line.annual_budget for line in lines
                                       if line.annual_budget])):
            stated = getattr(given, attr)
            if stated is None or not values:
                continue
            path = f"预算总额.{fund}.{key}"
            finding = judge(
                "BUDGET-TOTAL", ctx.at(path, f"预算总额.{fund}"), f"{fund}{key}",
                ("预算总额", stated), ("支出明细各行之和", sum(values, ZERO)),
                max(len(values), 1),
                f"报告按预算总额印 {money(stated)}：请核对支出明细各行的{key}或预算总额。",
                tail_advice=f"属四舍五入尾差，报告按预算总额印 {money(stated)}。")
            if finding:
                yield finding


@rule(ANNEX_SCORE_LIMIT="绩效自评表：每项得分 ≤ 分值",
      ANNEX_WEIGHT="绩效自评表：分值合计为 100")
def annex_scores(ctx: Context) -> Iterator[Finding]:
    """Scores within their weights, and weights adding up to 100."""
    for i, facts in enumerate(_report(ctx).evaluations, 1):
        if not isinstance(facts, EvaluationFacts):
            continue
        ev = facts.evaluation
        base = f"附件[{i}]"
        rows = [(f"{base}.资金得分", "资金", ev.fund_weight, ev.fund_score)]
        rows += [(f"{base}.绩效指标[{j}]", f"绩效指标第 {j} 行“{ind.level3}”", ind.weight,
                  ind.score) for j, ind in enumerate(ev.indicators, 1)]
        rows += [(f"{base}.资金管理情况[{j}]", f"资金管理情况第 {j} 行“{m.item}”", m.weight,
                  m.score) for j, m in enumerate(ev.management, 1)]
        for path, what, weight, score in rows:
            if weight is not None and score is not None and score > weight:
                yield count_error("ANNEX-SCORE-LIMIT", ctx.at(path, base), (
                    f"附件第 {i} 张自评表 {what}：得分 {score} 超过分值 {weight}。请核对。"))
        if facts.total_weight and facts.total_weight != 100:
            yield Finding(ctx.at(base), Severity.WARNING, "ANNEX-WEIGHT", (
                f"附件第 {i} 张自评表各项分值合计为 {facts.total_weight}，不是 100：请核对是否漏填"
                "或多填了分值。"))


@rule(SHARE_SUM="各部分占比之和 = 各部分之和占总数的比例（四舍五入尾差以内）")
def shares(ctx: Context) -> Iterator[Finding]:
    """The shares 情况说明 prints add up as their amounts do (``share_sum_error``)."""
    facts = _report(ctx).facts
    places = int(_report(ctx).settings["百分比小数位"])
    groups = (
        (ctx.where("收入构成", "explanation", "income"), facts.income_by_column,
         facts.income_total),
        (ctx.where("支出构成", "explanation", "expenditure"), facts.expenditure_by_kind,
         facts.expenditure_total),
        (ctx.where("一般公共预算财政拨款支出结构", "explanation", "general_budget", "structure"),
         facts.general_budget_classes, facts.general_budget.current),
    )
    for where, parts, whole in groups:
        finding = share_sum_error(ctx.at("支出明细"), where, parts, whole, places)
        if finding:
            yield finding


@rule(CLOSING_NEGATIVE="年末结转和结余不为负（财政拨款各资金为错误，全部资金为警告）")
def closing_balances(ctx: Context) -> Iterator[Finding]:
    """Spending beyond what came in and was carried over leaves a negative balance."""
    fiscal = ctx.report.tables["fiscal_summary"].first("closing").key
    summary = ctx.report.tables["summary"].first("closing").key
    cells = [(("fiscal_summary", fiscal, c), Severity.ERROR) for c in (3, 4, 5)]
    cells.append((("summary", summary, 2), Severity.WARNING))
    for ref, severity in cells:
        value = ctx.cell(ref).value
        if value < 0:
            yield Finding(ctx.at("支出明细"), severity, "CLOSING-NEGATIVE", (
                f"{ctx.label(ref)}为 {money(value)}：支出大于年初结转和结余与本年收入之和。"
                "请核对支出明细中的“本年收入”和“年初结转和结余”。"))
            if severity is Severity.ERROR:
                return


@rule(DATE_ORDER="编制日期应在报告年度之后")
def compiled_date(ctx: Context) -> Iterator[Finding]:
    """A 决算 is compiled after the year it reports on."""
    if ctx.dept.compiled is None:
        return
    year, (compiled_year, month) = ctx.dept.year, ctx.dept.compiled[:2]
    if compiled_year <= year:
        yield Finding(ctx.at("编制日期"), Severity.WARNING, "DATE-ORDER", (
            f"编制日期 {compiled_year} 年 {month} 月不晚于报告年度 {year} 年："
            "决算在年度结束后编制，请核对“年度”和“编制日期”。"))


@rule(CLASS_LINE="支出明细的类须是收入支出决算总表、财政拨款收入支出决算总表列出的 26 个支出类之一")
def class_lines(ctx: Context) -> Iterator[Finding]:
    """A 类 outside the fixed lines of 公开01表/04表 has no row to be printed on."""
    fixed = {entry.code: entry.name for entry in function_class_lines()}
    tables = named(ctx, "{summary}、{fiscal_summary}")
    for line in ctx.dept.lines:
        if line.code[:3] not in fixed:
            where = line.field_positions.get("code", line.position) or ctx.at("支出明细")
            yield Finding(where, Severity.ERROR, "CLASS-LINE", (
                f"科目编码 {line.code} 属于 {line.code[:3]} 类，而{tables}只列出 "
                f"{len(fixed)} 个支出类（{'、'.join(sorted(fixed))}），此类支出无处列示："
                "请核对科目编码。"))


#: The 决算 rules, in the order they run.
@rule(ANNEX_TOTALS="部门整体支出绩效自评表 财政拨款 全年执行数 = 财政拨款支出合计，"
                   "年初预算数 = 各行年初预算之和（四舍五入尾差以内）")
def annex_totals(ctx: Context) -> Iterator[Finding]:
    """The 部门整体支出绩效自评表 repeats the year's 财政拨款 figures: entered a second time,
    they must agree with the report's (a figure corrected in one place only is caught)."""
    fiscal_lines = [line for line in ctx.dept.lines if line.source in terms.FISCAL_FUNDS]
    spent = ctx.cell(("fiscal_summary", ctx.report.tables["fiscal_summary"]
                      .first("expenditure-total").key, 2))
    budgets = [line.budget for line in fiscal_lines if line.budget]
    for i, annex in enumerate(ctx.dept.annexes, 1):
        if getattr(annex, "kind", "") != terms.DEPARTMENT_EVALUATION:
            continue
        fund = next((row for row in annex.funds if row.name == "财政拨款"), None)
        if fund is None:
            continue
        where = ctx.at(f"附件[{i}].资金.财政拨款", f"附件[{i}]")
        checks = [("全年执行数", fund.executed, named(ctx, "{fiscal_summary} 本年支出合计"),
                   spent.value, spent.terms)]
        if budgets:
            checks.append(("年初预算数", fund.initial, "支出明细 财政拨款各行年初预算之和",
                           total(budgets), len(budgets)))
        for column, given, label, computed, count in checks:
            if given is None:
                continue
            finding = judge(
                "ANNEX-TOTALS", where, f"{terms.DEPARTMENT_EVALUATION} 财政拨款 {column}",
                (column, given), (label, computed), max(count, 1),
                "自评表与报告正文、表格说的是同一笔钱，应相同：请核对自评表的“资金”或支出明细。")
            if finding is not None and finding.severity is Severity.ERROR:
                yield finding


@rule(BUDGET_SOURCE="自己写的年初预算 = 预算来源文件的预算数（预算的四舍五入以内）",
      BUDGET_SOURCE_UNUSED="预算来源文件中有预算的科目，决算应有对应的支出明细")
def budget_source(ctx: Context) -> Iterator[Finding]:
    """Where the 决算 gives a 年初预算 itself and also names its 预算 (预算来源), the two
    should agree within the 预算's printed decimals; and a 科目 the 预算 funds needs a
    支出明细 line, or its 年初预算 is left out of the report."""
    source = ctx.dept.budget_source
    if source is None:
        return
    half_unit = Decimal(5) / 10 ** (source.places + 1)
    with_lines = {(line.code, line.source) for line in ctx.dept.lines}
    given: dict[tuple[str, str], list[tuple[int, ExpenditureLine]]] = {}
    for i, line in enumerate(ctx.dept.lines, 1):
        if "budget" in line.field_positions:
            given.setdefault((line.code, line.source), []).append((i, line))
    for (code, fund), amount in source.lines.items():
        lines = given.get((code, fund))
        if lines:
            typed = sum((line.budget for _, line in lines), ZERO)
            if abs(typed - amount) > half_unit:
                first, line = lines[0]
                yield Finding(line.field_positions["budget"], Severity.WARNING,
                              "BUDGET-SOURCE", (
                    f"支出明细第 {first} 项（{code}，{fund}）年初预算 {money(typed)}，预算来源 "
                    f"{source.file} 第 {source.line_positions[(code, fund)].line} 行起为 "
                    f"{amount:.{source.places}f}，相差 {money(abs(typed - amount))}：年初预算就是"
                    "年初公开的预算，请核对；删去这里的“年初预算”即取预算文件的数。"))
        elif (code, fund) not in with_lines:
            yield Finding(source.position, Severity.WARNING, "BUDGET-SOURCE-UNUSED", (
                f"预算来源 {source.file} 第 {source.line_positions[(code, fund)].line} 行起为 "
                f"{code}（{fund}）安排了预算 {amount:.{source.places}f}，支出明细却没有这个科目"
                "和资金来源的一行，这笔年初预算不计入报告：若当年未支出，请补一行只写"
                "“年初预算”的支出明细；若科目有误，请核对两个文件。"))
    for key, attr, _ in THREE_PUBLIC_COLUMNS:
        path = f"三公经费.{key}.预算"
        if path not in ctx.dept.positions:
            continue
        typed = getattr(ctx.dept.three_public, attr).budget
        amount = source.three_public[key]
        if abs(typed - amount) > half_unit:
            yield Finding(ctx.at(path), Severity.WARNING, "BUDGET-SOURCE", (
                f"“{path}” {money(typed)}，预算来源 {source.file} 的“三公”经费预算为 "
                f"{amount:.{source.places}f}，相差 {money(abs(typed - amount))}：请核对；"
                "删去这里的“预算”即取预算文件的数。"))


RULEBOOK = RuleBook((
    published, basic_economic_vs_lines, office_operation,
    three_public_vs_economic, reception_split, visits, vehicle_purchase, procurement,
    prior_totals, prior_reasons, budget_reasons, budget_totals, annex_scores, shares,
    closing_balances,
    compiled_date, class_lines, budget_source, annex_totals, free_text_rule(free_texts, figures),
    ledger_rule(JUDGES),
))

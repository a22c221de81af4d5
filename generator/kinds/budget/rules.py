"""The 预算 rules: Report → findings. The tables add up by construction, so the rules look
where the data can disagree with itself or with what the finance system printed:

- **公布数** against the cells computed from the basic lines and projects, and against each
  other through every sum and cross-table equality of the twelve tables (``identities``);
  within the rounding tail of the printed decimals the report prints the published figure
  and one piece of information says so (``generator.rulebook``);
- facts entered separately that must agree: a project's economic items and its 资金,
  “三公” against the economic items booked to them, 机关运行经费 within 公用经费;
- what the narrative needs: a reason for every change on last year's budget, 绩效目标 for
  every project, economic items for 支出经济分类汇总表.

Tables and sections are named in messages as the department's report prints them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import budget_class_lines
from generator.findings import Finding, Severity
from generator.free_text import free_text_rule
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.derive import Report
from generator.kinds.budget.free_texts import figures, free_texts
from generator.kinds.budget.identities import IDENTITY_RULES, Identity, identities
from generator.kinds.budget.ledger import JUDGES
from generator.kinds.budget.tables import FUNCTION_TABLES, UNCLASSIFIED
from generator.ledger import ledger_rule, required_fields
from generator.money import ZERO, total
from generator.published import Published
from generator.rulebook import (
    PUBLISHED_ROUNDING_RULE,
    Context,
    RuleBook,
    judge,
    named,
    published_against_data,
    published_findings,
    rule,
    share_sum_error,
)
from generator.tables import Ref

#: The rule reporting a 公布数 of each table that disagrees with the computed cell.
PUBLISHED_RULES: dict[str, str] = {
    table: "PUB-" + table.upper().replace("_", "-")
    for table in ("summary", "income", "expenditure", "fiscal_summary", "general_budget",
                  "basic_economic", "economic", "three_public", "gov_fund", "projects",
                  "department_targets", "project_targets")}


def _report(ctx: Context) -> Report:
    report = ctx.report
    assert isinstance(report, Report)
    return report


# --- 公布数 ----------------------------------------------------------------------------


@rule(**{rule_id.replace("-", "_"): f"{{{table}}} 公布数 = 按基本支出和项目计算的数"
         for table, rule_id in PUBLISHED_RULES.items()},
      **PUBLISHED_ROUNDING_RULE,
      **{rule_id.replace("-", "_"): text for rule_id, text in IDENTITY_RULES.items()})
def published(ctx: Context) -> Iterator[Finding]:
    """Each 公布数 against the cell computed from the data, and every identity with at
    least two 公布数 among its cells (``generator.rulebook``)."""
    yield from published_findings(ctx, _published_vs_data, _published_identities(ctx),
                                  IDENTITY_RULES)


def _published_vs_data(ctx: Context, entry: Published) -> Finding | None:
    lines = _data_lines(ctx, entry.ref)
    return published_against_data(ctx, entry, PUBLISHED_RULES[entry.ref[0]],
                                  f"第 {lines} 行的数据" if lines else "相关数据")


def _data_lines(ctx: Context, ref: Ref) -> str:
    """The YAML lines of the basic lines and projects behind a cell (at most 6)."""
    row = ctx.report.tables[ref[0]].row(ref[1])
    dept = ctx.dept
    found: set[int] = set()
    for line in (*dept.basic, *dept.projects):
        if line.position is None or row is None:
            continue
        booked = (row.role == "project" and getattr(line, "project_code", None) == row.key) or (
            row.code and row.role != "item" and line.code.startswith(row.code)) or (
            row.role == "item" and (line.code == row.code
                                    or row.code in dict(line.items)))
        if booked:
            found.add(line.position.line)
    return "、".join(map(str, sorted(found))) if 0 < len(found) <= 6 else ""


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


@rule(PROJECT_ECONOMIC="项目的经济分类之和 = 项目资金之和")
def project_economic(ctx: Context) -> Iterator[Finding]:
    """A project's economic items add up to its money."""
    for i, project in enumerate(ctx.dept.projects, 1):
        if not project.items:
            continue
        items = [amount for _, amount in project.items if amount]
        funds = [amount for _, amount in project.funds if amount]
        finding = judge(
            "PROJECT-ECONOMIC", ctx.at(f"项目[{i}].经济分类", f"项目[{i}]"),
            f"项目“{project.name}”", ("经济分类之和", total(items)), ("资金之和", total(funds)),
            max(len(items), len(funds)),
            "项目的经济分类是它的资金按用途的细分，两者之和应相等：请核对“经济分类”与“资金”。",
            per_term=ctx.tail)
        if finding:
            yield finding


@rule(PROJECT_ECONOMIC_MISSING="项目应写经济分类（否则支出经济分类汇总表另列一行）")
def project_economic_missing(ctx: Context) -> Iterator[Finding]:
    """Projects without economic items leave 支出经济分类汇总表 a row of unclassified money."""
    missing = [(i, p) for i, p in enumerate(ctx.dept.projects, 1) if not p.items and p.amount]
    if not missing or "economic" not in {n.id for n in ctx.outline.tables}:
        return
    first, _ = missing[0]
    names = "、".join(f"“{project.name}”" for _, project in missing[:5])
    more = f"等 {len(missing)} 个项目" if len(missing) > 5 else ""
    yield Finding(ctx.at(f"项目[{first}]"), Severity.WARNING, "PROJECT-ECONOMIC-MISSING", (
        f"{names}{more}没有写“经济分类”：{ctx.report.table_name('economic')}"
        f"把这些项目的 {ctx.money(total(p.amount for _, p in missing))} 万元列为“{UNCLASSIFIED}”。"
        "请按财政系统的项目支出经济分类补上各项目的“经济分类”。"))


@rule(PROJECT_TARGETS="每个项目都应编制绩效目标")
def project_targets(ctx: Context) -> Iterator[Finding]:
    """A project without 绩效目标: 部门预算项目绩效目标汇总表 prints it without indicators
    and 预算绩效情况说明 cannot say every project has them."""
    for i, project in enumerate(ctx.dept.projects, 1):
        if not project.has_targets:
            yield Finding(ctx.at(f"项目[{i}].绩效目标", f"项目[{i}]"), Severity.WARNING,
                          "PROJECT-TARGETS", (
                f"项目“{project.name}”没有绩效目标：预算项目应按要求编制绩效目标，请补上"
                "“绩效目标”的成本、产出、效益、满意度指标。"))


@rule(PROJECT_EMPTY="项目应有资金")
def project_empty(ctx: Context) -> Iterator[Finding]:
    """A project whose 资金 are all zero prints as an empty line."""
    for i, project in enumerate(ctx.dept.projects, 1):
        if not project.amount:
            yield Finding(ctx.at(f"项目[{i}].资金", f"项目[{i}]"), Severity.WARNING,
                          "PROJECT-EMPTY", (
                f"项目“{project.name}”的资金合计为 0：请补上各资金来源的金额，或删去这个项目。"))


_THREE_PUBLIC_ITEMS = (
    ("30212", "因公出国境", "abroad"), ("30217", "公务接待", "reception"),
    ("30231", "公务用车运行维护", "vehicle_operation"),
    ("31013", "公务用车购置", "vehicle_purchase"),
)


@rule(TP_ECONOMIC="一般公共预算安排的 30212/30217/30231/31013 ≤ “三公”经费对应项目的预算")
def three_public_vs_economic(ctx: Context) -> Iterator[Finding]:
    """Money booked to an item of 三公 from the 一般公共预算 cannot exceed its 三公 budget."""
    dept = ctx.dept
    for code, key, attr in _THREE_PUBLIC_ITEMS:
        booked = [amount for line in dept.basic if line.source == terms.GENERAL_BUDGET
                  for item, amount in line.items if item == code and amount]
        booked += [amount for project in dept.projects
                   if {source for source, _ in project.funds} == {terms.GENERAL_BUDGET}
                   for item, amount in project.items if item == code and amount]
        budget = getattr(dept.three_public, attr).budget
        finding = judge(
            "TP-ECONOMIC", ctx.at(f"三公经费.{key}.预算", f"三公经费.{key}", "三公经费"),
            f"经济分类 {code} 是“三公”经费的一部分", (f"一般公共预算安排的 {code}", total(booked)),
            (f"三公经费.{key}.预算", budget), max(len(booked), 1),
            "“三公”经费预算包括基本支出和项目支出中的同类支出，不应小于它们：请核对。",
            at_most=True, per_term=ctx.tail)
        if finding:
            yield finding


@rule(OFFICE_OPERATION="机关运行经费 ≤ 一般公共预算基本支出表 公用经费")
def office_operation(ctx: Context) -> Iterator[Finding]:
    """机关运行经费 is part of 公用经费, so cannot exceed it beyond the rounding tail."""
    given = ctx.dept.office_operation.current
    if given is None:
        return
    public = ctx.cell(("basic_economic", "合计", 3))
    finding = judge(
        "OFFICE-OPERATION", ctx.at("机关运行经费.本年"),
        ctx.where("机关运行经费", "explanation", "other_matters", "office_operation"),
        ("本年", given), (named(ctx, "{basic_economic} 公用经费"), public.value),
        max(public.terms, 1),
        "机关运行经费是一般公共预算基本支出中的公用经费，不应大于公用经费：请核对。",
        at_most=True, per_term=ctx.tail)
    if finding:
        yield finding


@rule(PRIOR_REASON="与上年预算相比有增减时应写变动原因")
def prior_reasons(ctx: Context) -> Iterator[Finding]:
    """Each 与上年相比 sentence that reports a change needs its reason; one the
    completeness ledger requires is its error (LEDGER-MISSING), not said twice here."""
    facts = _report(ctx).facts
    in_ledger = required_fields(ctx.report, JUDGES)
    rows = [("上年.收支总计", facts.grand_total),
            ("上年.一般公共预算收支", facts.general_budget_total),
            ("上年.政府性基金收支", facts.gov_fund_total),
            ("三公经费", facts.three_public.total),
            ("三公经费.因公出国境", facts.three_public.abroad),
            ("三公经费.公务接待", facts.three_public.reception)]
    if facts.soe_total is not None:
        rows.append(("上年.国有资本经营收支", facts.soe_total))
    for path, comparison in rows:
        moved = comparison.change
        if moved is not None and not moved.flat and not comparison.reason:
            where = "变动原因" if path.startswith("三公") else f"{path.split('.')[1]}变动原因"
            field = f"{path}.变动原因" if path.startswith("三公") else f"{path}变动原因"
            if field in in_ledger:
                continue
            yield Finding(ctx.at(path, path.split(".")[0]), Severity.WARNING, "PRIOR-REASON", (
                f"“{path}”上年预算 {ctx.money(comparison.prior or ZERO)}，本年 "
                f"{ctx.money(comparison.current)}，有增减但没有写变动原因：请补上“{where}”，"
                "否则报告的“主要原因是”无从填写。"))
    vehicles = facts.three_public.vehicles
    if (vehicles.change is not None and not vehicles.change.flat and not vehicles.reason
            and "三公经费.公务用车变动原因" not in in_ledger):
        yield Finding(ctx.at("三公经费.公务用车购置", "三公经费"), Severity.WARNING,
                      "PRIOR-REASON", (
            f"公务用车购置及运行费上年预算 {ctx.money(vehicles.prior or ZERO)}，本年 "
            f"{ctx.money(vehicles.current)}，有增减但没有写变动原因：请在“三公经费”下补上"
            "“公务用车变动原因”。"))


@rule(SHARE_SUM="各部分占比之和 = 各部分之和占总数的比例（四舍五入尾差以内）")
def shares(ctx: Context) -> Iterator[Finding]:
    """The shares 情况说明 prints add up as their amounts do (``share_sum_error``)."""
    report = _report(ctx)
    places = int(report.settings["百分比小数位"])
    facts = report.facts
    for where, split in (("支出预算", facts.spending), ("一般公共预算支出", facts.general_budget),
                         ("一般公共预算基本支出", facts.basic)):
        finding = share_sum_error(ctx.at("基本支出"), where, split.parts, split.total, places)
        if finding:
            yield finding


@rule(DATE_ORDER="编制日期不应晚于预算年度")
def compiled_date(ctx: Context) -> Iterator[Finding]:
    """A 预算 is compiled before or early in the year it plans."""
    if ctx.dept.compiled is None:
        return
    year, (compiled_year, month) = ctx.dept.year, ctx.dept.compiled[:2]
    if compiled_year > year:
        yield Finding(ctx.at("编制日期"), Severity.WARNING, "DATE-ORDER", (
            f"编制日期 {compiled_year} 年 {month} 月晚于预算年度 {year} 年："
            "预算在年度开始前后编制，请核对“年度”和“编制日期”。"))


@rule(CLASS_LINE="科目编码的类须是部门收支总体情况表列出的类")
def class_lines(ctx: Context) -> Iterator[Finding]:
    """A 类 outside the year's class lines has no line to be printed on."""
    listed = {entry.code for entry in budget_class_lines(ctx.dept.year)}
    table = ctx.report.table_name("summary")
    for key, lines in (("基本支出", ctx.dept.basic), ("项目", ctx.dept.projects)):
        for i, line in enumerate(lines, 1):
            if line.code[:3] not in listed:
                yield Finding(ctx.at(f"{key}[{i}].科目编码", f"{key}[{i}]"), Severity.ERROR,
                              "CLASS-LINE", (
                    f"科目编码 {line.code} 属于 {line.code[:3]} 类，{ctx.dept.year} 年的{table}"
                    f"没有这一类，此项支出无处列示：请核对科目编码。"))


@rule(UNIT_UNUSED="每个预算单位都应有基本支出或项目")
def units_used(ctx: Context) -> Iterator[Finding]:
    """A unit with no money prints as an empty row."""
    used = {line.unit for line in (*ctx.dept.basic, *ctx.dept.projects)}
    for i, unit in enumerate(ctx.dept.units, 1):
        if unit.code not in used:
            yield Finding(ctx.at(f"预算单位[{i}]"), Severity.WARNING, "UNIT-UNUSED", (
                f"预算单位 {unit.code}（{unit.name}）没有任何基本支出或项目：请核对各行的“单位”，"
                "或删去这个单位。"))


@rule(DEPARTMENT_TARGETS="部门（单位）整体绩效目标表应写年度履职目标和绩效指标")
def department_targets(ctx: Context) -> Iterator[Finding]:
    """The form prints the year's goal and indicators: without them it is empty."""
    if "department_targets" not in {number.id for number in ctx.outline.tables}:
        return
    targets = ctx.dept.department_targets
    if not targets.goal or not targets.indicators:
        missing = "“年度履职目标”" if not targets.goal else "“绩效指标”"
        yield Finding(ctx.at("整体绩效目标"), Severity.WARNING, "DEPARTMENT-TARGETS", (
            f"{ctx.report.table_name('department_targets')}缺少{missing}："
            "请在“整体绩效目标”中补上。"))


#: The 预算 rules, in the order they run.
RULEBOOK = RuleBook((
    published, project_economic, project_economic_missing, project_targets, project_empty,
    three_public_vs_economic, office_operation, prior_reasons, shares, compiled_date,
    class_lines, units_used, department_targets, free_text_rule(free_texts, figures),
    ledger_rule(JUDGES),
))

"""The judges of a 决算's completeness ledger (``templates/final_accounts/*/ledger.yaml``).

Each judge reads the derived Report — the facts and tables the templates print, and
which fields the department's file wrote — and says whether one element of the ledger is
present, 不适用 (with the reason from the data) or missing (with the field to fill). A
value the file did not write is never evidence: a 三公 block left out would print
“无“三公”经费”, so it is missing, not 不适用.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.model import ThreePublic
from generator.ledger import (
    SHARED_JUDGES,
    Element,
    Judge,
    Verdict,
    amount,
    comparison,
    fact,
    missing,
    not_applicable,
    present,
    written,
)


def organization(report: Report, element: Element) -> Verdict:
    """机构设置 or 单位构成: paragraphs on the organization, or the units of the 决算."""
    overview = report.department.overview
    paragraphs = [text for text in overview.organization if text.strip()]
    if not paragraphs and not overview.units:
        return missing("既没有机构设置的说明，也没有列出决算单位", element.field)
    parts = [f"{len(paragraphs)} 段说明"] if paragraphs else []
    parts += [f"{len(overview.units)} 个决算单位"] if overview.units else []
    return present("，".join(parts))


def office_comparison(report: Report, element: Element) -> Verdict:
    """机关运行经费 against last year: compared also when there is none this year (the
    report says it fell to 0, and why); not when neither year had any."""
    office = report.facts.office_operation
    if not office.current and not office.prior:
        return not_applicable("本年、上年都无机关运行经费，不作比较")
    return comparison(report, element)


def three_public(report: Report, element: Element) -> Verdict:
    """三公: the block written; 不适用 when it has no budget, spending, car or visit."""
    if not written(report.department, "三公经费"):
        return missing("没有写“三公”经费（没有也请写明各项预算、决算为 0）", element.field)
    if report.facts.three_public.nothing:
        return not_applicable("“三公”经费预算、决算均为 0，也没有团组、车辆和接待，说明写“无…”")
    return present(f"决算 {amount(report.facts.three_public.total.actual)}")


#: What each 三公 item's counts say, by the item they belong to (``对象``).
_COUNTS: dict[str, Callable[[ThreePublic], str]] = {
    "abroad": lambda entered: f"{entered.abroad.groups} 个团组、{entered.abroad.persons} 人次",
    "purchase": lambda entered: f"购置 {entered.vehicle_purchase.count} 辆",
    "vehicles": lambda entered: f"保有 {entered.vehicles_held} 辆",
    "reception": lambda entered: (
        f"国内 {entered.reception.domestic.groups} 批、{entered.reception.domestic.persons} 人次，"
        f"外宾 {entered.reception.foreign.groups} 批、{entered.reception.foreign.persons} 人次"),
}


def three_public_counts(report: Report, element: Element) -> Verdict:
    """团组数/人次, 购置车辆数, 保有量, 接待批次/人次 (``对象``: the 三公 item whose
    spending needs them): written where that item has spending."""
    if report.facts.three_public.nothing:
        return not_applicable("无“三公”经费，说明写“没有…”")
    item = fact(report, f"three_public.{element.target}")
    dept = report.department
    if any(written(dept, field) for field in element.fields):
        return present(_COUNTS[element.target](dept.three_public))
    if item.actual:
        return missing(f"决算 {amount(item.actual)}，却没有填写", element.field)
    return not_applicable("本项无支出")


def office_operation(report: Report, element: Element) -> Verdict:
    """机关运行经费: the year's amount (given, or 公用经费 of 公开06表)."""
    current = report.facts.office_operation.current
    given = written(report.department, "机关运行经费.本年")
    if not current:
        return not_applicable("机关运行经费为 0，说明写“无机关运行经费支出”")
    source = "按填写" if given else f"按{report.table_name('basic_economic')}公用经费合计"
    return present(f"{amount(current)}（{source}）")


def procurement(report: Report, element: Element) -> Verdict:
    """政府采购: the block written; 不适用 when its total is 0."""
    if not written(report.department, "政府采购"):
        return missing("没有写政府采购（没有采购也请写明货物、工程、服务为 0）", element.field)
    total = report.facts.procurement.total
    if not total:
        return not_applicable("政府采购支出为 0，说明写“无政府采购支出”")
    return present(f"总额 {amount(total)}")


def procurement_share(report: Report, element: Element) -> Verdict:
    """授予中小企业 / 授予小微企业 (``对象``: sme or small_micro): written when there was
    procurement."""
    if not report.facts.procurement.total:
        return not_applicable("无政府采购支出")
    if not written(report.department, element.field):
        return missing("有政府采购，却没有填写", element.field)
    share = getattr(report.facts.procurement, element.target)
    rate = "" if share.rate is None else f"，占 {share.rate}%"
    return present(f"{amount(share.amount)}{rate}")


def assets(report: Report, element: Element) -> Verdict:
    """国有资产占用: the vehicles written (the report states their number)."""
    if not written(report.department, element.field):
        return missing("没有填写国有资产占用情况（车辆）", element.field)
    return present(f"车辆 {report.facts.vehicles} 辆")


def equipment(report: Report, element: Element) -> Verdict:
    """单价 100 万元以上设备: the count written."""
    count = report.department.assets.equipment_over_100
    if count is None:
        return missing("没有填写单价 100 万元以上设备的台（套）数（没有请写 0）", element.field)
    return present(f"{count} 台（套）")


def performance(report: Report, element: Element) -> Verdict:
    """预算绩效: text of the section, or the counts of 绩效管理."""
    dept = report.department
    paragraphs = sum(1 for part in report.facts.performance for _, text in part.paragraphs
                     if text.strip())
    management = written(dept, "绩效管理")
    if not paragraphs and not management:
        return missing("既没有预算绩效的说明，也没有绩效管理情况", element.field)
    parts = [f"{paragraphs} 段说明"] if paragraphs else []
    parts += ["绩效管理情况"] if management else []
    return present("，".join(parts))


def annex(report: Report, element: Element) -> Verdict:
    """The annex of 绩效自评表/绩效目标表: at least one form."""
    forms = report.department.annexes
    if not forms:
        return missing("没有附件（绩效自评表）", element.field)
    return present(f"{len(forms)} 张表")


def key_work(report: Report, element: Element) -> Verdict:
    """重点工作完成情况 (湖北's 第四部分): its sections or its table."""
    work = report.department.key_work
    if not work.sections and not work.rows:
        return missing("没有填写重点工作完成情况", element.field)
    return present(f"{len(work.sections)} 节，{len(work.rows)} 项")


#: The 决算's judges, by the name a ledger.yaml gives in ``判定``.
JUDGES: dict[str, Judge] = {
    **SHARED_JUDGES, "organization": organization, "office_comparison": office_comparison,
    "three_public": three_public, "three_public_counts": three_public_counts,
    "office_operation": office_operation, "procurement": procurement,
    "procurement_share": procurement_share, "assets": assets, "equipment": equipment,
    "performance": performance, "annex": annex, "key_work": key_work,
}

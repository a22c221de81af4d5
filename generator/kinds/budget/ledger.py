"""The judges of a 预算's completeness ledger (``templates/budget/*/ledger.yaml``).

Each judge reads the derived Report — the facts and tables the templates print, and which
fields the department's file wrote — and says whether one element of the ledger is
present, 不适用 (with the reason from the data) or missing (with the field to fill). A
block the file did not write is never evidence: its defaults would print as data.
"""

from __future__ import annotations

from generator.kinds.budget.derive import Report
from generator.ledger import (
    SHARED_JUDGES,
    Element,
    Judge,
    Verdict,
    amount,
    missing,
    not_applicable,
    present,
    written,
)


def units(report: Report, element: Element) -> Verdict:
    """部门预算单位构成: the 所属单位 written (an empty list prints “无”), and the
    内设机构 of 机关本级 where given."""
    overview = report.department.overview
    if not overview.subordinates and not written(report.department, element.field):
        return missing("没有写所属单位（没有请写 []，报告印“无”）", element.field)
    return present(f"内设机构 {len(overview.offices)} 个，所属单位 {len(overview.subordinates)} 个")


def three_public(report: Report, element: Element) -> Verdict:
    """三公: the block written (its budget is printed item by item)."""
    if not written(report.department, element.field):
        return missing("没有写“三公”经费预算（没有也请写明各项预算为 0）", element.field)
    total = report.facts.three_public.total.current
    return present(f"预算 {amount(total)}" if total else "各项预算均为 0")


def office_operation(report: Report, element: Element) -> Verdict:
    """机关运行经费 (机构运转经费): the year's amount, given or 公用经费."""
    current = report.facts.office_operation
    if not current:
        return not_applicable("机关运行经费预算为 0")
    given = written(report.department, element.field)
    source = "按填写" if given else f"按{report.table_name('basic_economic')}公用经费"
    return present(f"{amount(current)}（{source}）")


def procurement(report: Report, element: Element) -> Verdict:
    """政府采购: the block written; 不适用 when its total is 0."""
    if not written(report.department, element.field):
        return missing("没有写政府采购预算（没有也请写明货物、工程、服务为 0）", element.field)
    total = report.facts.procurement.total
    if not total:
        return not_applicable("政府采购预算为 0")
    return present(f"总额 {amount(total)}")


def performance(report: Report, element: Element) -> Verdict:
    """绩效目标: the projects' targets (不适用 without projects)."""
    facts = report.facts.performance
    if not facts.projects:
        return not_applicable("无项目支出预算，说明写“无项目支出预算”")
    if not facts.with_targets:
        return missing(f"{facts.projects} 个项目都没有编制绩效目标", element.field)
    return present(f"{facts.projects} 个项目中 {facts.with_targets} 个编制了绩效目标")


def assets(report: Report, element: Element) -> Verdict:
    """国有资产占用: the block written (vehicles and equipment are printed as counts)."""
    if not written(report.department, element.field):
        return missing("没有填写国有资产占用情况", element.field)
    return present(f"车辆 {report.facts.vehicle_total} 辆")


def transfer_projects(report: Report, element: Element) -> Verdict:
    """专项转移支付项目: the list written; 不适用 when it is empty (“无…”)."""
    projects = report.department.transfer_projects
    if projects:
        return present(f"{len(projects)} 个")
    if not written(report.department, element.field):
        return missing("没有写专项转移支付项目（没有请写 []，报告印“无”）", element.field)
    return not_applicable("没有负责管理的专项转移支付项目，说明写“无…”")


#: The 预算's judges, by the name a ledger.yaml gives in ``判定``.
JUDGES: dict[str, Judge] = {
    **SHARED_JUDGES, "units": units, "three_public": three_public,
    "office_operation": office_operation, "procurement": procurement,
    "performance": performance, "assets": assets, "transfer_projects": transfer_projects,
}

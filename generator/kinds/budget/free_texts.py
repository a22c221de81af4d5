"""The free text of a 预算 with its YAML paths, and the computed figures it may name: what
``generator.free_text`` checks (numbers, years, repeated words)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.free_text import Figures, FreeText, given, glossary_definitions, paragraphs
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.derive import Report
from generator.kinds.budget.model import Department


def free_texts(dept: Department) -> Iterator[FreeText]:
    """Every text the department wrote in its own words, with its YAML path."""
    overview, positions = dept.overview, dept.positions
    yield from paragraphs(positions, "概况.部门职责", overview.duties)
    # 内设机构 and 所属单位 may tell when a unit was set up: their years are history
    yield from paragraphs(positions, "概况.内设机构", overview.offices, dated=False)
    yield from paragraphs(positions, "概况.所属单位", overview.subordinates, dated=False)
    for key, attr in terms.PRIOR.items():
        if attr.endswith("_reason"):
            yield from given(f"上年.{key}", getattr(dept.prior, attr))
    three_public = dept.three_public
    yield from given("三公经费.变动原因", three_public.reason)
    yield from given("三公经费.公务用车变动原因", three_public.vehicle_reason)
    for key, item in (("因公出国境", three_public.abroad),
                      ("公务用车购置", three_public.vehicle_purchase),
                      ("公务用车运行维护", three_public.vehicle_operation),
                      ("公务接待", three_public.reception)):
        yield from given(f"三公经费.{key}.变动原因", item.reason)
    yield from given("机关运行经费.用途", dept.office_operation.purpose)
    yield from paragraphs(positions, "预算绩效", dept.performance)
    targets = dept.department_targets
    yield from given("整体绩效目标.年度履职目标", targets.goal)
    for i, task in enumerate(targets.tasks, 1):
        yield from given(f"整体绩效目标.年度主要任务[{i}].主要内容", task.content)
    yield from glossary_definitions(dept.glossary, dept.glossary_extra)


def figures(report: Report) -> Figures:
    """The figures a 预算's free text may name: the budget's year, the one before and the
    one after, the year's totals and the number of projects."""
    dept, facts = report.department, report.facts
    return Figures(
        years=frozenset({dept.year - 1, dept.year, dept.year + 1}),
        amounts={"收入合计": facts.income_total, "支出合计": facts.spending.total,
                 "收支总计": facts.grand_total.current,
                 "“三公”经费": facts.three_public.total.current,
                 "机关运行经费": facts.office_operation},
        projects=len(dept.projects))

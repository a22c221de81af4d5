"""The free text of a 决算 with its YAML paths, and the computed figures it may name: what
``generator.free_text`` checks (numbers, years, repeated words)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.free_text import Figures, FreeText, given, glossary_definitions, paragraphs
from generator.kinds.final_accounts import forms
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.annex import EvaluationFacts
from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.forms import FORM_SPECS, FormFacts
from generator.kinds.final_accounts.model import (
    BudgetActual,
    Department,
    Evaluation,
    Form,
    PerformanceSection,
    Subheading,
)

#: The 三公 items with their keys, and the texts each may carry.
_THREE_PUBLIC_ITEMS = (("因公出国境", "abroad"), ("公务用车购置", "vehicle_purchase"),
                       ("公务用车运行维护", "vehicle_operation"), ("公务接待", "reception"))
_ITEM_TEXTS = (("差异原因", "reason"), ("变动原因", "change_reason"), ("用途", "purpose"))
#: Computed cells of an annex form that are its total score.
_TOTAL_SCORES = ("总分", "绩效自评总得分")


def _sections(key: str, sections: tuple[PerformanceSection, ...]) -> Iterator[FreeText]:
    """预算绩效 and 重点工作完成情况.段落: titles, paragraphs and sub-headings."""
    for i, section in enumerate(sections, 1):
        yield from given(f"{key}[{i}].标题", section.title)
        for j, paragraph in enumerate(section.paragraphs, 1):
            text = paragraph.text if isinstance(paragraph, Subheading) else paragraph
            yield from given(f"{key}[{i}].段落[{j}]", text)


def free_texts(dept: Department) -> Iterator[FreeText]:
    """Every text the department wrote in its own words, with its YAML path."""
    overview = dept.overview
    yield from paragraphs(dept.positions, "概况.部门职责", overview.duties)
    yield from given("概况.部门职责总述", overview.duties_summary)
    # 机构设置 tells when the institution was set up: its years are history, not stale
    yield from paragraphs(dept.positions, "概况.机构设置", overview.organization, dated=False)
    for i, line in enumerate(dept.lines, 1):
        yield from given(f"支出明细[{i}].差异原因", line.budget_reason)
        yield from given(f"支出明细[{i}].用途", line.purpose)
    for fund, budget_total in dept.budget_totals.items():
        yield from given(f"预算总额.{fund}.差异原因", budget_total.reason)
    for key, attr in terms.PRIOR.items():
        if attr.endswith("_reason"):
            yield from given(f"上年.{key}", getattr(dept.prior, attr))
    three_public = dept.three_public
    for key, attr in terms.THREE_PUBLIC.items():
        value = getattr(three_public, attr)
        if isinstance(value, str):
            yield from given(f"三公经费.{key}", value)
    for key, attr in _THREE_PUBLIC_ITEMS:
        item: BudgetActual = getattr(three_public, attr)
        for text_key, text_attr in _ITEM_TEXTS:
            yield from given(f"三公经费.{key}.{text_key}", getattr(item, text_attr))
    yield from given("三公经费.公务接待.国内接待.用途", three_public.reception.domestic.purpose)
    yield from given("机关运行经费.变动原因", dept.office_operation.reason)
    yield from _sections("预算绩效", dept.performance)
    managed = dept.performance_management
    for key, attr in terms.PERFORMANCE_MANAGEMENT.items():
        value = getattr(managed, attr)
        if isinstance(value, str):
            yield from given(f"绩效管理.{key}", value)
    key_work = dept.key_work
    yield from given("重点工作完成情况.标题", key_work.title)
    yield from _sections("重点工作完成情况.段落", key_work.sections)
    for i, row in enumerate(key_work.rows, 1):
        for key, attr in terms.KEY_WORK_ROW.items():
            yield from given(f"重点工作完成情况.表格[{i}].{key}", getattr(row, attr))
    for i, project in enumerate(dept.projects, 1):
        yield from given(f"项目支出说明[{i}].主要成效", project.effect)
    yield from glossary_definitions(dept.glossary, dept.glossary_extra)
    for i, annex in enumerate(dept.annexes, 1):
        yield from _annex_texts(f"附件[{i}]", annex)


def _annex_texts(path: str, annex: Evaluation | Form) -> Iterator[FreeText]:
    """An annex form's sentences: the goals of a 绩效自评表, the text fields of a declared
    form (its table cells are short entries, not prose, and are not checked)."""
    if isinstance(annex, Evaluation):
        goal = ("年度履职目标" if annex.kind == terms.DEPARTMENT_EVALUATION else "年度总体目标")
        yield from given(f"{path}.{goal}.预期目标", annex.goal_expected)
        yield from given(f"{path}.{goal}.实际完成情况", annex.goal_achieved)
        return
    for key, kind_of in FORM_SPECS[annex.kind].fields.items():
        value = annex.fields.get(key)
        if kind_of == forms.TEXT and isinstance(value, str):
            yield from given(f"{path}.{key}", value)


def figures(report: Report) -> Figures:
    """The figures a 决算's free text may name: the report's year and the one before, the
    annex's self-evaluation totals, the year's totals, and the projects of 项目支出说明."""
    dept, facts = report.department, report.facts
    scores: list[Decimal] = []
    for annex in report.evaluations:
        if isinstance(annex, EvaluationFacts):
            scores.append(annex.total_score)
        elif isinstance(annex, FormFacts):
            scores += [annex.computed[key] for key in _TOTAL_SCORES
                       if isinstance(annex.computed.get(key), Decimal)]
    return Figures(
        years=frozenset({dept.year, dept.year - 1}),
        scores=tuple(scores),
        amounts={"收入合计": facts.income_total, "支出合计": facts.expenditure_total,
                 "收支总计": facts.grand_total.current,
                 "“三公”经费": facts.three_public.total.actual,
                 "机关运行经费": facts.office_operation.current},
        projects=len(dept.projects) or None)

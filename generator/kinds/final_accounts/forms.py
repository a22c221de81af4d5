"""Annex forms of other regions (绩效目标表, 绩效自评表 of Liaoning and Hubei), declared.

Henan's 部门整体/项目支出绩效自评表 have their own model (``model.Evaluation``). The other
forms are declared here, one :class:`FormSpec` each: which fields the department writes
(text, amount, count), which lists of rows (each row a fixed number of cells, some of them
scores), which fixed option lists, and which cells the form computes (an execution rate, a
completion degree, a score subtotal). The schema reads any declared form into a
:class:`~generator.kinds.final_accounts.model.Form`; :func:`form_facts` computes its cells;
its template (``annex/<template>.html.j2``) lays it out. A region that uses one of these
forms needs no code; a new kind of form is a spec here and a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.kinds.final_accounts.model import Form
from generator.money import percent, total
from generator.tables import Spans, indicator_spans

TEXT, AMOUNT, COUNT, SCORE = "text", "amount", "count", "score"


@dataclass(frozen=True)
class FormSpec:
    """A kind of annex form: its YAML fields and the template that prints it.

    ``fields`` maps each scalar key to its type (text, amount, count, score); ``tables``
    maps each list-of-rows key to the type of each of its cells, in order; ``records``
    maps each list-of-mappings key to its keys and their types (a tuple of cell types for
    a key that holds rows). Every key is optional.
    """

    kind: str
    template: str
    fields: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    records: Mapping[str, Mapping[str, str | tuple[str, ...]]] = field(default_factory=dict)
    compute: Callable[[Form, int], dict[str, Any]] | None = None
    #: Printed on a landscape page (a form too wide for portrait).
    landscape: bool = False


@dataclass(frozen=True)
class FormFacts:
    """An annex form with its computed cells (``computed``) and, per list of indicator
    rows, the merged-cell spans of each row."""

    evaluation: Form
    computed: Mapping[str, Any]
    spans: Mapping[str, tuple[Spans, ...]]
    landscape: bool = False


def number(text: str) -> Decimal | None:
    """A cell's text as a number, when it is one (365, 3.8414, 100); else None."""
    try:
        value = Decimal(text.strip().rstrip("%"))
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _self_evaluation(form: Form, places: int) -> dict[str, Any]:
    """预算项目（政策）绩效自评表: 执行率, each indicator's 完成程度, the score subtotal and
    the total score (subtotal + 预算执行率得分 − 减分项)."""
    budget, spent = form.fields.get("项目预算金额"), form.fields.get("全年执行数")
    rows = form.rows.get("绩效指标", ())
    degrees = []
    for row in rows:
        target, achieved = number(row[4]), number(row[6])
        degrees.append(None if target is None or achieved is None
                       else percent(achieved, target, places))
    scores = [number(row[8]) for row in rows]
    subtotal = total(score for score in scores if score is not None)
    execution = form.fields.get("预算执行率得分") or Decimal(0)
    deduction = form.fields.get("减分项") or Decimal(0)
    return {
        "执行率": None if budget in (None, 0) or spent is None else percent(spent, budget, places),
        "完成程度": tuple(degrees),
        "指标自评得分小计": subtotal,
        "绩效自评总得分": subtotal + execution - deduction,
    }


def _execution(form: Form, places: int) -> Decimal | None:
    """执行率 of a 湖北 自评表: 执行数 of 预算数."""
    budget, spent = form.fields.get("预算数"), form.fields.get("执行数")
    if not budget or spent is None:
        return None
    return percent(spent, budget, places)


def _goal_scores(form: Form, places: int) -> dict[str, Any]:
    """整体绩效自评表 (湖北): 执行率, each goal's score (the sum of its indicators'), the
    total score (预算执行 得分 + every indicator's)."""
    goals = form.records.get("年度目标", ())
    sums = []
    for goal in goals:
        rows = goal.get("绩效指标") or ()
        scores = [number(row[5]) for row in rows]  # type: ignore[union-attr]
        sums.append(total(score for score in scores if score is not None))
    execution = form.fields.get("预算执行得分") or Decimal(0)
    return {"执行率": _execution(form, places), "目标得分": tuple(sums),
            "总分": execution + total(sums)}


def _project_scores(form: Form, places: int) -> dict[str, Any]:
    """项目自评表 (湖北): 执行率 and the indicators' score."""
    rows = form.rows.get("绩效指标", ())
    scores = [number(row[5]) for row in rows]
    return {"执行率": _execution(form, places),
            "指标得分": total(score for score in scores if score is not None)}


def _targets_total(form: Form, places: int) -> dict[str, Any]:
    """部门（单位）整体绩效目标表: the budget of its tasks together."""
    amounts = [task.get("预算资金") for task in form.records.get("年度主要任务", ())]
    given = [amount for amount in amounts if amount is not None]
    return {"预算资金合计": total(given) if given else None}


#: The 7 cells of an indicator of a 绩效目标表: 一级/二级/三级指标, 运算符号, 指标值,
#: 度量单位, 完成时限.
TARGET_INDICATOR = (TEXT,) * 7

#: The 16 cells of an indicator of a 预算项目（政策）绩效自评表: 一级/二级/三级指标, 年度目标值
#: (运算符号, 内容, 度量单位), 全年完成值, 分值, 得分, 未完成原因 (经费保障, 制度保障, 人员
#: 保障, 硬件条件保障, 其他, 原因说明), 改进措施. 完成程度 is computed.
SELF_EVALUATION_INDICATOR = (TEXT,) * 7 + (SCORE, SCORE) + (TEXT,) * 7

#: The 6 cells of an indicator of a 湖北 自评表: 一级/二级/三级指标, 年初目标值 (A),
#: 实际完成值 (B), 得分.
SCORED_INDICATOR = (TEXT,) * 5 + (SCORE,)

FORM_SPECS: dict[str, FormSpec] = {spec.kind: spec for spec in (
    FormSpec("部门整体绩效目标表", "department_targets",
             fields={"部门名称": TEXT, "年度绩效目标": TEXT},
             tables={"绩效指标": TARGET_INDICATOR},
             records={"年度主要任务": {"任务": TEXT, "对应项目": TEXT, "预算资金": AMOUNT}},
             compute=_targets_total),
    FormSpec("项目绩效目标表", "project_targets",
             fields={"年度": COUNT, "项目名称": TEXT, "主管部门": TEXT, "实施单位": TEXT,
                     "预算资金": AMOUNT, "总体目标": TEXT},
             tables={"绩效指标": TARGET_INDICATOR}),
    FormSpec("项目绩效自评表", "project_self_evaluation",
             fields={"项目名称": TEXT, "主管部门": TEXT, "实施单位": TEXT,
                     "项目预算金额": AMOUNT, "全年执行数": AMOUNT, "年初设定目标": TEXT,
                     "全年实际完成情况": TEXT, "预算执行率得分": SCORE, "减分项": SCORE,
                     "财政部门总体意见": TEXT},
             tables={"绩效指标": SELF_EVALUATION_INDICATOR},
             records={"结果应用建议": {"选项": TEXT, "具体建议内容": TEXT},
                      "主管部门审核意见": {"选项": TEXT, "具体意见": TEXT},
                      "财政部门审核意见": {"选项": TEXT, "具体意见": TEXT}},
             compute=_self_evaluation, landscape=True),
    FormSpec("整体绩效自评表", "department_scored_evaluation",
             fields={"标题": TEXT, "部门名称": TEXT, "预算执行分值": SCORE, "预算数": AMOUNT,
                     "执行数": AMOUNT, "预算执行得分": SCORE,
                     "偏差大或目标未完成原因分析": TEXT, "改进措施及结果应用方案": TEXT},
             records={"年度目标": {"名称": TEXT, "分值": SCORE,
                                   "绩效指标": SCORED_INDICATOR}},
             compute=_goal_scores),
    FormSpec("项目自评表", "project_scored_evaluation",
             fields={"标题": TEXT, "部门名称": TEXT, "项目名称": TEXT, "主管部门": TEXT,
                     "项目实施单位": TEXT, "项目类别": TEXT, "项目属性": TEXT,
                     "项目类型": TEXT, "预算执行分值": SCORE, "预算数": AMOUNT,
                     "执行数": AMOUNT, "预算执行得分": SCORE, "绩效目标分值": SCORE,
                     "偏差大或目标未完成原因分析": TEXT, "改进措施及结果应用方案": TEXT},
             tables={"绩效指标": SCORED_INDICATOR},
             compute=_project_scores),
)}


def form_facts(form: Form, places: int = 2) -> FormFacts:
    """The computed cells of a declared form, and the spans of its indicator rows."""
    spec = FORM_SPECS[form.kind]
    computed = spec.compute(form, places) if spec.compute else {}
    spans = {key: indicator_spans(rows) for key, rows in form.rows.items()}
    for key, records in form.records.items():
        for i, record in enumerate(records):
            for name, value in record.items():
                if isinstance(value, tuple):
                    spans[f"{key}[{i}].{name}"] = indicator_spans(value)
    return FormFacts(form, computed, spans, spec.landscape)

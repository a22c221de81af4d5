"""Annex forms declared in generator/kinds/final_accounts/forms.py: read by their spec,
their cells computed, their mistakes reported at their line."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from support import BASE, report_for

from generator.findings import InputError
from generator.kinds.final_accounts.forms import FormFacts, indicator_spans

#: 7 blank cells closing an indicator row of a 自评表 (the 未完成原因 columns and 改进措施).
BLANK = ", ".join(['""'] * 7)

SELF_EVALUATION = f"""
附件:
  - 类型: 项目绩效自评表
    项目名称: 平台专网服务项目
    项目预算金额: 130
    全年执行数: 97.5
    年初设定目标: 确保单位正常运转
    绩效指标:
      - [产出指标, 数量指标, 正常运行天数, ">=", "365", 天, "292", "8.3", "6.6", {BLANK}]
      - ["", "", 足额保障率, "=", "100", "%", "100", "8.3", "8.3", {BLANK}]
      - ["", 质量指标, 故障响应及时率, ">=", "100", "%", "", "8.3", "0", {BLANK}]
      - [满意度指标, 服务对象满意度指标, 群众满意度, ">=", "95", "%", 满意, "13.3", "10", {BLANK}]
    预算执行率得分: 7.5
    减分项: 1
"""


def _form(tmp_path: Path, text: str) -> FormFacts:
    facts = report_for(tmp_path, BASE + text).evaluations[0]
    assert isinstance(facts, FormFacts)
    return facts


def test_a_self_evaluation_computes_its_rates_and_scores(tmp_path: Path) -> None:
    facts = _form(tmp_path, SELF_EVALUATION)
    assert facts.computed["执行率"] == D("75.00")
    # 完成程度: 全年完成值 of the target; none where either is not a number
    assert facts.computed["完成程度"] == (D("80.00"), D("100.00"), None, None)
    assert facts.computed["指标自评得分小计"] == D("24.9")
    assert facts.computed["绩效自评总得分"] == D("31.4")  # 24.9 + 7.5 − 1
    assert facts.landscape and facts.evaluation.template == "project_self_evaluation"


def test_indicator_cells_merge_down_until_the_next_one() -> None:
    rows = (("产出", "数量", "a"), ("", "", "b"), ("", "质量", "c"), ("效益", "社会", "d"))
    spans = indicator_spans(rows)
    assert [(span.level1, span.level2) for span in spans] == [
        (3, 2), (None, None), (None, 1), (1, 1)]


def test_a_target_form_totals_its_tasks(tmp_path: Path) -> None:
    facts = _form(tmp_path, """
附件:
  - 类型: 部门整体绩效目标表
    部门名称: 某部门
    年度主要任务:
      - {对应项目: 基本支出公用经费（保运转）, 预算资金: 16.1}
      - {对应项目: 基本支出人员经费（保工资）, 预算资金: 279.33}
    年度绩效目标: 完成全年工作任务
    绩效指标:
      - [履职效能, 重点工作履行情况, 重点工作办结率, "=", "100", "%", 2023年12月]
""")
    assert facts.computed["预算资金合计"] == D("295.43")
    assert facts.evaluation.rows["绩效指标"][0][2] == "重点工作办结率"


@pytest.mark.parametrize(("change", "message"), [
    ('"8.3", "6.6"', '"8.3", "六点六"'),
    ("项目预算金额: 130", "项目预算金额: 一百三十"),
    ("    减分项: 1\n", "    减分项: 1\n    评分人: 张三\n"),
])
def test_a_form_mistake_is_named_at_its_line(tmp_path: Path, change: str, message: str) -> None:
    text = SELF_EVALUATION.replace(change, message, 1)
    with pytest.raises(InputError) as caught:
        report_for(tmp_path, BASE + text)
    finding = caught.value.findings[0]
    line = next(i for i, row in enumerate((BASE + text).splitlines(), 1)
                if message.splitlines()[-1].strip() in row)
    assert finding.position.line == line, finding

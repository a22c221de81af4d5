"""Amounts entered in 元 are kept exact and rounded only when printed, as the finance
system rounds its own tables: no rounding tail between items and totals."""

import re
from decimal import Decimal as D
from pathlib import Path

import lxml.html
import pytest
from support import HEADER

from generator import api

YUAN = HEADER + """\
金额单位: 元
支出明细:
  - 科目编码: "2010301"
    资金来源: 一般公共预算财政拨款
    基本支出: 10040.00
  - 科目编码: "2010302"
    资金来源: 一般公共预算财政拨款
    项目支出: 10040.00
"""


def test_yuan_amounts_are_exact_and_printed_rounded(tmp_path: Path) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(YUAN, encoding="utf-8")
    report = api.load_report(path)
    assert report.department.lines[0].basic == D("1.004")
    assert report.tables["expenditure"].total[1].value == D("2.008")
    html = api.render_html(report)
    rows = {tr.xpath("string(td[1])"): [td.text_content() for td in tr.xpath("td")]
            for tr in lxml.html.document_fromstring(html).xpath("//table//tr")}
    # each 项 prints 1.00, their 款 and 类 2.01: rounded from the exact sum, as the
    # finance system prints them
    assert rows["2010301"][2] == "1.00" and rows["2010302"][2] == "1.00"
    assert rows["20103"][2] == "2.01" and rows["201"][2] == "2.01"
    text = re.sub(r"\s+", "", lxml.html.document_fromstring(html).text_content())
    assert "基本支出1.00万元，占50.00%；项目支出1.00万元，占50.00%" in text


def test_yuan_messages_name_the_unit(tmp_path: Path) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(YUAN.replace("10040.00", "10040.005", 1), encoding="utf-8")
    with pytest.raises(api.InputError, match="金额以元计"):
        api.load_report(path)


def test_scores_are_not_amounts(tmp_path: Path) -> None:
    """金额单位 applies to amounts only: 资金分值 10 stays 10 (not 0.001) in a file in 元,
    while the annex's money is in 元 like the rest of the file."""
    path = tmp_path / "dept.yaml"
    path.write_text(YUAN + """\
附件:
  - 类型: 项目支出绩效自评表
    项目名称: 测试项目
    资金:
      财政拨款: [100400, 100400, 100400]
    资金分值: 10
    资金得分: 9.5
    绩效指标:
      - [产出指标, 数量指标, 完成数量, 1个, 1个, 50, 50, "0.00", ""]
      - ["", "", 完成质量, 合格, 合格, 40, 40, "0.00", ""]
""", encoding="utf-8")
    (evaluation,) = api.load_department(path).model.annexes
    assert (evaluation.fund_weight, evaluation.fund_score) == (D("10.00"), D("9.50"))
    assert evaluation.funds[0].initial == D("10.04")

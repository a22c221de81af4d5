"""What changed between two builds, from what they print (issue 11's change report)."""

from __future__ import annotations

import pytest

from generator.changes import change_report_html, changes_text, compare
from generator.render.content import PrintedBlock, PrintedTable, ReportContent

HEADER = [["项目", "", "本年支出", ""], ["编码", "科目名称", "基本支出", "项目支出"],
          ["栏次", "", "1", "2"]]


def _content(rows: list[list[str]], blocks: list[str]) -> ReportContent:
    table = PrintedTable("公开03表 支出决算表", 3, [row[:] for row in HEADER] + rows)
    return ReportContent("某部门", [table],
                         [PrintedBlock("第三部分 › 三、支出决算情况说明", text) for text in blocks])


OLD = _content([["", "合计", "10.00", "5.00"], ["2010301", "行政运行", "10.00", "5.00"]],
               ["支出合计15.00万元。其中基本支出10.00万元。", "没有变化的一段。"])


def test_cell_change_names_table_row_and_column() -> None:
    new = _content([["", "合计", "10.00", "6.00"], ["2010301", "行政运行", "10.00", "6.00"]],
                   ["支出合计16.00万元。其中基本支出10.00万元。", "没有变化的一段。"])
    lines = changes_text(compare(OLD, new, "某部门"))
    assert lines == [
        "公开03表 支出决算表 第1行「合计」 本年支出·项目支出：5.00 → 6.00",
        "公开03表 支出决算表 第2行「行政运行」 本年支出·项目支出：5.00 → 6.00",
        "第三部分 › 三、支出决算情况说明：「支出合计15.00万元。」 → 「支出合计16.00万元。」",
    ]


def test_rows_added_and_dropped_are_named() -> None:
    new = _content([["", "合计", "10.00", "5.00"], ["2010301", "行政运行", "10.00", "5.00"],
                    ["2010302", "一般行政管理事务", "", "1.00"]],
                   [block.text for block in OLD.blocks])
    changes = compare(OLD, new, "某部门")
    assert [str(change) for change in changes.texts] == [
        "公开03表 支出决算表 第3行：新增「2010302 一般行政管理事务 1.00」"]
    assert not changes.cells
    back = compare(new, OLD, "某部门")
    assert [change.kind for change in back.texts] == ["删除"]


def test_same_content_has_no_changes() -> None:
    assert not compare(OLD, OLD, "某部门")


def test_json_round_trip_and_refusal() -> None:
    assert ReportContent.from_json(OLD.to_json()) == OLD
    with pytest.raises(ValueError, match="不是报告内容文件"):
        ReportContent.from_json(b'{"format": 1}')


def test_change_report_escapes_text() -> None:
    new = _content([["", "合计", "10.00", "5.00"], ["2010301", "<b>行政运行</b>", "10.00", "5.00"]],
                   [block.text for block in OLD.blocks])
    page = change_report_html([compare(OLD, new, "某部门")])
    assert "&lt;b&gt;行政运行&lt;/b&gt;" in page and "<b>行政运行" not in page

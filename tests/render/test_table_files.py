"""Every table of a document as a CSV file (generator/render/table_files.py)."""

from __future__ import annotations

import csv
import io

from generator.render.document import build_document
from generator.render.table_files import table_files

HEAD = ('<html lang="zh-CN"><head><title>t</title></head><body>'
        '<section class="landscape"><h1 id="p2">第二部分 决算表</h1>')
TABLE = ('<h2 class="table-title" id="t1" data-label="一、收入支出决算总表">收入支出决算总表</h2>'
         '<p class="table-code">公开01表</p>'
         '<table class="data"><thead><tr><th colspan="2">收入</th></tr>'
         '<tr><th>项目</th><th>决算数</th></tr></thead>'
         '<tbody><tr><td>一、财政拨款收入</td><td class="num">1,687.12</td></tr>'
         '<tr class="total"><td>合计</td><td class="num">-12,345,678.90</td></tr>'
         '<tr><td>占比, 说明</td><td class="num">78.95%</td></tr></tbody></table>')
FORM = ('<p class="annex-title" data-label="项目支出绩效自评情况表（甲/乙）">'
        '项目支出绩效自评情况表</p>'
        '<table class="form"><tbody><tr><td rowspan="2">项目资金</td><td>年初</td></tr>'
        '<tr><td class="num">2,237.78</td></tr></tbody></table>'
        '<table class="form"><thead><tr><th>一级指标</th></tr></thead>'
        '<tbody><tr><td>产出指标</td></tr></tbody></table>')


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_table_is_its_printed_grid() -> None:
    document = build_document(HEAD + TABLE + "</section></body></html>")
    [table] = table_files(document)
    assert table.name == "公开01表 收入支出决算总表.csv"
    assert rows(table.data()) == [
        ["收入", ""], ["项目", "决算数"], ["一、财政拨款收入", "1687.12"],
        ["合计", "-12345678.90"], ["占比, 说明", "78.95%"]]


def test_a_form_gathers_its_tables_under_its_label() -> None:
    document = build_document(HEAD + TABLE + '</section><section class="portrait">'
                              + FORM + FORM + "</section></body></html>")
    names = [table.name for table in table_files(document)]
    assert names == ["公开01表 收入支出决算总表.csv", "项目支出绩效自评情况表（甲_乙）.csv",
                     "项目支出绩效自评情况表（甲_乙）（2）.csv"]
    form = table_files(document)[1]
    assert rows(form.data()) == [["项目资金", "年初"], ["", "2237.78"], ["一级指标"],
                                 ["产出指标"]]

"""Validation: each mistake gives a Chinese message at its line, and reading goes on."""

from pathlib import Path

import pytest
from support import HEADER, ONE_LINE

from generator.api import load_department
from generator.findings import InputError

GOOD = HEADER + ONE_LINE


def _errors(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "dept.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(InputError) as info:
        load_department(path)
    return [str(f) for f in info.value.findings]


def test_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "dept.yaml"
    path.write_text(GOOD, encoding="utf-8")
    dept = load_department(path).model
    assert dept.lines[0].code == "2010301"
    assert str(dept.lines[0].basic) == "4.94"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('"2010301"', "2010301", ':7:'),
    ("基本支出: 4.94", "基本支出: -4.94", "为负数 -4.94"),
    ("基本支出: 4.94", "基本支出: 4.945", "超过两位小数"),
    ("基本支出: 4.94", "基本支出: 四元", "应为金额"),
    ("基本支出: 4.94", "基本支持: 4.94", "没有字段“基本支持”"),
    ("资金来源: 一般公共预算财政拨款", "资金来源: no", "应为以下之一"),
    ("年度: 2023", "年度: 二〇二三", "应为不带小数的非负整数"),
])
def test_field_errors_name_line_field_and_value(tmp_path: Path, old: str, new: str,
                                                expected: str) -> None:
    errors = _errors(tmp_path, GOOD.replace(old, new))
    assert any(expected in e for e in errors), errors
    assert all(e.startswith(str(tmp_path / "dept.yaml") + ":") for e in errors)


def test_unquoted_code_message_explains_quotes(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, GOOD.replace('"2010301"', "2010301"))
    assert ":7:" in error and "没有加引号" in error and '"2010301"' in error


def test_all_errors_reported_in_one_run(tmp_path: Path) -> None:
    text = GOOD.replace("4.94", "-1") + "    项目支出: 1.234\n"
    errors = _errors(tmp_path, text)
    assert len(errors) == 2


def test_missing_required_field(tmp_path: Path) -> None:
    errors = _errors(tmp_path, GOOD.replace("部门名称: 测试部门\n", ""))
    assert any("缺少必填字段“部门名称”" in e for e in errors)


@pytest.mark.parametrize(("text", "expected"), [
    ("", "文件没有内容"),
    (GOOD + "年度: 2024\n", "字段“年度”重复出现（第一次在第 3 行）"),
    ("a: &x [1]\nb: *x\n", "不支持 YAML 锚点"),
    ("a: [1\n", "YAML 语法错误"),
    ("文档类型: 决算\n\t年度: 2023\n", "YAML 语法错误"),
    ("- 1\n- 2\n", "“文件顶层”应为若干“字段: 值”"),
])
def test_unreadable_files(tmp_path: Path, text: str, expected: str) -> None:
    errors = _errors(tmp_path, text)
    assert any(expected in e for e in errors), errors


def test_not_utf8(tmp_path: Path) -> None:
    (error,) = _errors(tmp_path, GOOD.encode("gbk"))
    assert "不是 UTF-8 编码" in error and ":1:" in error

"""Shared helpers: a small consistent department, and checking YAML text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import api
from generator.checks import check
from generator.findings import Finding

#: A department whose data agree with themselves: check() finds nothing.
BASE = """\
文档类型: 决算
地区样式: 河南
年度: 2023
部门名称: 测试部门
编制日期: 2024-09
支出明细:
  - 科目编码: "2010301"
    资金来源: 一般公共预算财政拨款
    基本支出: 100.00
    项目支出: 20.00
    年初预算: 120.00
  - 科目编码: "2010302"
    资金来源: 一般公共预算财政拨款
    项目支出: 30.00
    年初预算: 30.00
  - 科目编码: "2080505"
    资金来源: 一般公共预算财政拨款
    基本支出: 10.00
    年初预算: 10.00
  - 科目编码: "2290402"
    资金来源: 政府性基金预算财政拨款
    项目支出: 50.00
    年初结转和结余: 5.00
    本年收入: 60.00
    年初预算: 50.00
  - 科目编码: "2010302"
    资金来源: 国有资本经营预算财政拨款
    项目支出: 8.00
    年初预算: 8.00
  - 科目编码: "2010350"
    资金来源: 事业收入
    基本支出: 5.00
    本年收入: 6.00
结转结余:
  结余分配: 0.50
基本支出经济分类:               # 110.00 = 一般公共预算 基本支出 100.00 + 10.00
  "30101": 70.00
  "30302": 10.00
  "30201": 29.80
  "30217": 0.20
三公经费:
  公务接待:
    预算: 0.20
    决算: 0.20
    国内接待:
      团组数: 1
      人次: 5
"""


def findings_for(tmp_path: Path, text: str) -> list[Finding]:
    """Write ``text`` as a department's YAML, load, derive and check it."""
    path = tmp_path / "dept.yaml"
    path.write_text(text, encoding="utf-8")
    return check(api.load_report(path))


def edit(text: str, replace: dict[str, str]) -> str:
    """``text`` with each key of ``replace`` (which must occur once) replaced."""
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., list[Finding]]:
    """``run(extra, replace)`` checks BASE edited by ``replace`` with ``extra`` appended."""
    def _run(extra: str = "", replace: dict[str, str] | None = None) -> list[Finding]:
        return findings_for(tmp_path, edit(BASE, replace or {}) + extra)
    return _run

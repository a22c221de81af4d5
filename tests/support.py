"""What many tests share: the minimal consistent department, and ways to build reports.

``BASE`` is a small 决算 department whose data agree with themselves (``check`` finds
nothing); tests edit it (:func:`edit`) to make one rule fire. Model-level tests build a
Department directly (:func:`department`) and derive it with the Henan profile.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator import api
from generator.findings import Finding
from generator.kinds.final_accounts import KIND
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.model import Department, ExpenditureLine, Overview
from generator.profiles import Profile, load_profile

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))

#: The header every department file starts with.
HEADER = "文档类型: 决算\n地区样式: 河南\n年度: 2023\n部门名称: 测试部门\n编制日期: 2024-09\n"

#: The smallest valid 支出明细: one line.
ONE_LINE = ('支出明细:\n  - 科目编码: "2010301"\n    资金来源: 一般公共预算财政拨款\n'
            "    基本支出: 4.94\n")

#: A department whose data agree with themselves: check() finds nothing.
BASE = HEADER + """\
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


def write(folder: Path, text: str, name: str = "dept.yaml") -> Path:
    """``text`` written as a department's YAML file in ``folder``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(text: str, replace: dict[str, str]) -> str:
    """``text`` with each key of ``replace`` (which must occur once) replaced."""
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def report_for(folder: Path, text: str, templates: Path | None = None) -> Report:
    """Load and derive ``text`` as a department's YAML."""
    return api.load_report(write(folder, text), templates)


def findings_for(folder: Path, text: str, templates: Path | None = None) -> list[Finding]:
    """Load, derive and check ``text`` as a department's YAML."""
    return api.check(report_for(folder, text, templates))


def henan() -> Profile:
    """The Henan profile of the 决算 kind."""
    return load_profile(KIND.name, KIND.folder, "河南")


def line(code: str, source: str = terms.GENERAL_BUDGET, **amounts: str) -> ExpenditureLine:
    """A 支出明细 line with amounts given as text (``basic="1.10"``)."""
    values = {key: value if key.endswith("reason") or key == "purpose" else Decimal(value)
              for key, value in amounts.items()}
    return ExpenditureLine(code=code, source=source, **values)  # type: ignore[arg-type]


def department(*lines: ExpenditureLine, **extra: object) -> Department:
    """A minimal Henan 决算 department holding ``lines``."""
    fields: dict[str, object] = {"overview": Overview(), "compiled": (2024, 9), **extra}
    return Department(kind="决算", profile="河南", year=2023, name="测试部门", lines=lines,
                      **fields)  # type: ignore[arg-type]


def derive(dept: Department, profile: Profile | None = None) -> Report:
    """The report of a model-level department (Henan profile by default)."""
    return KIND.derive(dept, profile or henan())


def render_html(report: Report) -> str:
    """The report's HTML as the templates render it."""
    return api.render_html(report)

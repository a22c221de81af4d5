"""What many tests share: the minimal consistent department, and ways to build reports.

``BASE`` is a small 决算 department whose data agree with themselves (``check`` finds
nothing); tests edit it (:func:`edit`) to make one rule fire. Model-level tests build a
Department directly (:func:`department`) and derive it with the Henan profile.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from generator import api
from generator.findings import Finding
from generator.kinds.final_accounts import KIND
from generator.kinds.final_accounts import vocabulary as terms
from generator.kinds.final_accounts.derive import Report
from generator.kinds.final_accounts.model import Department, ExpenditureLine, Overview
from generator.profiles import Profile, load_profile
from generator.rulebook import Context
from generator.tables import Ref, table_columns

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))


def _kind_of(path: Path) -> str:
    """The 文档类型 an example file names (its first such line)."""
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.startswith("文档类型:"):
            return text.partition(":")[2].split("#")[0].strip()
    return ""


#: The examples of each document kind.
FINAL_ACCOUNTS_EXAMPLES = [path for path in EXAMPLES if _kind_of(path) == "决算"]
BUDGET_EXAMPLES = [path for path in EXAMPLES if _kind_of(path) == "预算"]

#: The header every department file starts with.
HEADER = "文档类型: 决算\n地区样式: 河南\n年度: 2023\n部门名称: 测试部门\n编制日期: 2024-09\n"

#: The smallest valid 支出明细: one line.
ONE_LINE = ('支出明细:\n  - 科目编码: "2010301"\n    资金来源: 一般公共预算财政拨款\n'
            "    基本支出: 4.94\n")

#: A department whose data agree with themselves: check() finds nothing but the elements
#: of the completeness ledger it does not hold (概况, 政府采购 …; see findings_for).
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


#: What BASE lacks of the 决算 completeness ledger (河南; a file that, unlike BASE, has no
#: 三公经费 needs that too): with it, the report has every element (COMPLETE), for the tests
#: that build or check a department whole.
COMPLETION = """\
概况:
  部门职责:
    - 负责本地区的测试工作。
  机构设置:
    - 测试部门内设科室 1 个。
上年:
  收支总计: 200.00
  收支总计变动原因: 新增项目。
  财政拨款收支总计: 200.00
  财政拨款收支总计变动原因: 新增项目。
  一般公共预算财政拨款支出: 150.00
  一般公共预算财政拨款支出变动原因: 新增项目。
机关运行经费:
  上年: 20.00
  变动原因: 人员增加。
政府采购:
  服务: 10.00
  授予中小企业: 10.00
  授予小微企业: 5.00
国有资产:
  车辆:
    其他用车: 1
  单价100万元以上设备: 0
预算绩效:
  - 标题: 绩效管理工作开展情况
    段落:
      - 对全部项目开展了绩效自评。
附件:
  - 类型: 部门整体绩效目标表
    年度绩效目标: 完成年度测试工作。
    绩效指标:
      - [履职效能, 重点工作履行情况, 重点工作办结率, "=", "100", "%", 2023年12月]
"""

#: BASE with every element of the completeness ledger: check() finds nothing at all.
COMPLETE = BASE + COMPLETION


#: A 预算 department whose data agree with themselves: one unit, one basic line, one
#: 一般公共预算 project and one 政府性基金 project (check() finds nothing).
#: 124.5 basic + 30.0 + 20.0 projects = 174.5.
BUDGET_BASE = """\
文档类型: 预算
地区样式: 河南
年度: 2024
部门名称: 测试部门
部门编码: "101"
预算单位:
  - 单位编码: "101001"
    单位名称: 测试部门机关
    单位类型: 行政单位
基本支出:
  - 科目编码: "2010101"
    资金来源: 一般公共预算
    经济分类:
      "30101": 100.0
      "30201": 20.0
      "30217": 0.5
      "30305": 4.0
项目:
  - 项目代码: "10100124000000000001"
    项目名称: 信息化运维
    项目类型: 特定目标类
    科目编码: "2010150"
    资金:
      一般公共预算: 30.0
    经济分类:
      "30227": 30.0
    绩效目标:
      产出指标:
        - [系统运行时间, "≥99%"]
  - 项目代码: "10100124000000000002"
    项目名称: 基金项目
    项目类型: 其他运转类
    科目编码: "2290402"
    资金:
      政府性基金预算: 20.0
    经济分类:
      "31002": 20.0
    绩效目标:
      产出指标:
        - [设备购置数量, "2台"]
上年:
  收支总计: 170.0
  收支总计变动原因: 新增项目。
  一般公共预算收支: 150.0
  一般公共预算收支变动原因: 新增项目。
  政府性基金收支: 20.0
三公经费:
  公务接待: {预算: 0.5, 上年预算: 0.5}
整体绩效目标:
  年度履职目标: 完成年度工作。
  绩效指标:
    - [产出指标, 重点工作任务完成, 预算项目完成数, "≥80%", ""]
"""

#: What BUDGET_BASE lacks of the 预算 completeness ledger: with it (BUDGET_COMPLETE) the
#: report has every element.
BUDGET_COMPLETION = """\
概况:
  部门职责:
    - 负责本地区的测试工作。
  内设机构: [办公室]
  所属单位: []
政府采购: {货物: 0, 工程: 0, 服务: 0}
国有资产:
  车辆: {一般公务用车: 0}
  单价50万元以上通用设备: 0
  单价100万元以上设备: 0
专项转移支付项目: []
"""

#: BUDGET_BASE with every element of the completeness ledger: check() finds nothing.
BUDGET_COMPLETE = BUDGET_BASE.replace("三公经费:\n", (
    "三公经费:\n  因公出国境: {预算: 0, 上年预算: 0}\n  公务用车购置: {预算: 0, 上年预算: 0}\n"
    "  公务用车运行维护: {预算: 0, 上年预算: 0}\n")) + BUDGET_COMPLETION

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


def findings_for(folder: Path, text: str, templates: Path | None = None, *,
                 ledger: bool = False) -> list[Finding]:
    """Load, derive and check ``text`` as a department's YAML. The small departments of
    the rule tests (BASE) hold only what their rule reads, so the elements of the
    completeness ledger they lack (LEDGER-MISSING) are left out unless ``ledger``; the
    ledger's own tests (tests/checks/test_ledger.py) ask for them."""
    findings = api.check(report_for(folder, text, templates))
    return findings if ledger else [f for f in findings if f.rule != "LEDGER-MISSING"]


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


class Cells:
    """The computed cells of a report and their names, as the checker sees them."""

    def __init__(self, report: Any) -> None:
        self.report = report
        self.context = Context(report)

    def get(self, ref: Ref) -> Decimal:
        return self.context.cell(ref).value

    def label(self, ref: Ref) -> str:
        return self.context.label(ref)

    def codes(self, table: str) -> set[str]:
        return {row.code for row in self.report.tables[table].rows if row.code}


def published_yaml(cells: Cells, values: dict[Ref, Decimal], places: int = 2,
                   names: dict[str, str] | None = None) -> str:
    """A 公布数 section giving ``values`` row by row (absent columns as null), each table
    under the name its report prints (``names`` for sections that are not tables), the
    amounts at ``places`` decimals."""
    tables: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for (table, row, column), value in values.items():
        tables[table][row][column] = value
    out = ["公布数:"]
    for table, rows in tables.items():
        out.append(f"  {(names or {}).get(table) or cells.report.table_name(table)}:")
        for key, given_cells in rows.items():
            row = cells.report.tables[table].row(key)
            assert row is not None, (table, key)
            columns = table_columns(cells.report.tables[table], row)
            given = [given_cells.get(c) for c in columns]
            while given[-1] is None:
                given.pop()
            text = ", ".join("null" if v is None else f"{v:.{places}f}" for v in given)
            out.append(f'    "{key}": {text if len(columns) == 1 else f"[{text}]"}')
    return "\n".join(out) + "\n"


def pages(pdf: Path) -> list[str]:
    """The text of each page (layout kept), page-number footer lines left out."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    texts = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not re.fullmatch(r"-\s*\d+\s*-", line.strip())]
        texts.append("\n".join(lines))
    return texts


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """A PDF's bookmarks: (level, title, 0-based page index), in order."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def bench_script(file: str, module: str) -> ModuleType:
    """A script of bench/ (a folder of scripts, not a package) loaded as ``module``."""
    path = Path(__file__).parents[1] / "bench" / file
    spec = importlib.util.spec_from_file_location(module, path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded
    spec.loader.exec_module(loaded)
    return loaded

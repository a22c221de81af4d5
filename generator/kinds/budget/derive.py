"""Derive a 预算: Department + profile → Report, every printed figure computed once.

Pure Python, no I/O, no formatting. The basic lines and projects add up into the twelve
tables (``tables``); the figures the finance system published are resolved to cells and
printed within their rounding tail (``generator.published``, the tail of the profile's
金额小数位); the facts 情况说明 states are read from those printed tables (``facts``).
Templates and the checker only read the Report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalog import (
    economic_catalog,
    function_names,
    government_code,
    government_economic_catalog,
)
from generator.findings import Finding, InputError, Position, Severity
from generator.kinds.budget import vocabulary as terms
from generator.kinds.budget.facts import Facts, explanation_facts
from generator.kinds.budget.identities import same_figure
from generator.kinds.budget.model import Department
from generator.kinds.budget.tables import build_tables
from generator.money import tail_per_term
from generator.numbering import Outline, build_outline
from generator.profiles import Profile
from generator.published import Published, print_published, resolve
from generator.tables import Amount, Ref, Table


@dataclass(frozen=True)
class Report:
    """Everything the templates and the checker read, derived from one 预算 file."""

    department: Department
    profile: Profile
    settings: Mapping[str, Any]
    outline: Outline
    tables: Mapping[str, Table]
    facts: Facts
    published: tuple[Published, ...]
    #: For each cell printed with a published figure, the figure computed from the data.
    computed: Mapping[Ref, Amount]
    #: Each cell printed with a published figure it was not given, → the given cell.
    spread: Mapping[Ref, Ref]
    #: The rounding tail per rounded term of the amounts the report prints.
    tail_per_term: Decimal
    figures: tuple[Any, ...] = ()

    def table_name(self, table: str) -> str:
        """How the report names a table: its code, else its title."""
        try:
            return self.outline.table(table).name
        except KeyError:
            return str(self.settings["表格标题"].get(table, table))


def government_items(dept: Department) -> Callable[[str, str], str | None]:
    """The 政府预算 item of a 部门预算 item in a unit: the department's own pair
    (政府经济分类对应) first, then the national 对照 for the unit's kind."""
    kinds = {unit.code: unit.kind for unit in dept.units}

    def target(item: str, unit: str) -> str | None:
        return dept.government_codes.get(item) or government_code(item, kinds.get(unit, ""))

    return target


def check_codes(dept: Department) -> list[Finding]:
    """Findings for codes the catalogs and the file do not know: a function code's
    项/款/类 name, an economic item, a 政府预算 item (written or needed for
    一般公共预算基本支出表)."""
    name = function_names(dept.code_names)
    economic, government = economic_catalog(), government_economic_catalog()
    target = government_items(dept)
    findings: list[Finding] = []
    start = Position(dept.source, 1, 1)

    def at(path: str, fallback: Position | None = None) -> Position:
        return dept.positions.get(path) or fallback or start

    entries = [("基本支出", i, line) for i, line in enumerate(dept.basic, 1)]
    entries += [("项目", i, project) for i, project in enumerate(dept.projects, 1)]
    for key, index, line in entries:
        for code, level in ((line.code, "项"), (line.code[:5], "款"), (line.code[:3], "类")):
            if not name(code):
                findings.append(Finding(at(f"{key}[{index}].科目编码", line.position),
                                        Severity.ERROR, "CODE-UNKNOWN", (
                    f"科目编码 {line.code} 的{level}级科目 {code} 不在功能分类科目目录中："
                    f"请核对编码，或在“科目名称补充”中写明 \"{code}\": 科目名称。")))
                break
        for item, _ in line.items:
            path = f"{key}[{index}].经济分类.{item}"
            if item not in economic:
                findings.append(Finding(at(path, line.position), Severity.ERROR,
                                        "ECON-CODE-UNKNOWN", (
                    f"经济分类科目编码 {item} 不在部门预算支出经济分类科目目录中：请核对编码。")))
            elif key == "基本支出" and line.source == terms.GENERAL_BUDGET and \
                    target(item, line.unit) is None:
                findings.append(Finding(at(path, line.position), Severity.ERROR,
                                        "ECON-GOVERNMENT-UNKNOWN", (
                    f"经济分类 {item}（{economic[item].name}）对应的政府预算支出经济分类不在"
                    "对照表中，一般公共预算基本支出表无从列示：请在“政府经济分类对应”中写明，"
                    f"如 \"{item}\": \"50201\"。")))
    for item, code in dept.government_codes.items():
        path = f"政府经济分类对应.{item}"
        if item not in economic:
            findings.append(Finding(at(path), Severity.ERROR, "ECON-CODE-UNKNOWN", (
                f"“{path}”：{item} 不在部门预算支出经济分类科目目录中：请核对编码。")))
        if code not in government or government[code].level != 2:
            findings.append(Finding(at(path), Severity.ERROR, "ECON-GOVERNMENT-UNKNOWN", (
                f"“{path}”写成了 {code}，不是政府预算支出经济分类的款级科目（如 50201 办公经费）："
                "请核对编码。")))
    return findings


def outline(settings: Mapping[str, Any]) -> Outline:
    """The numbering of parts, sections and tables the settings ask for."""
    return build_outline(settings["部分顺序"], settings["章节"], settings["表格顺序"],
                         settings["表号格式"], settings["表格标题"])


def table_names(report_outline: Outline) -> dict[str, str]:
    """Every name a table goes by in the report (code, title, id) → its id."""
    found: dict[str, str] = {}
    for number in report_outline.tables:
        for name in (number.id, number.title, number.code):
            if name:
                found[name] = number.id
    return found


def derive(dept: Department, profile: Profile) -> Report:
    """Compute every table and narrative fact of the 预算 from the department's data.

    The tables are computed from the basic lines and projects, then the figures the
    finance system published are printed in place of the computed ones within their
    rounding tail; every fact of 情况说明 is read from those printed tables.
    """
    findings = check_codes(dept)
    if findings:
        raise InputError(findings)
    settings, _ = profile.with_style(dept.style, {})
    name = function_names(dept.code_names)
    built, targets = build_tables(dept, name, settings["类名称"], government_items(dept),
                                  settings["基本支出表排序"] == "科目编码",
                                  settings["保留零值科目表格"])
    computed = {table_id: table.with_labels(settings["行名称"])
                for table_id, table in built.items()}
    numbering = outline(settings)
    published = resolve(dept.published, computed, table_names(numbering))
    tail = tail_per_term(int(settings["金额小数位"]))
    printing = print_published(computed, published, same_figure(computed), tail)
    tables = printing.tables
    facts = explanation_facts(dept, tables, dept.office_operation.current, targets, settings,
                              profile.glossary())
    return Report(dept, profile, settings, numbering, tables, facts, published,
                  printing.computed, printing.spread, tail)

"""Derive a 决算: Department + profile → Report, every printed figure computed once.

Pure Python, no I/O, no formatting. The 项 lines of 支出明细 roll up into the nine tables
(``tables``); the facts 情况说明 states are read from those tables (``facts``); the annex
forms get their computed cells (``annex``); the profile's settings give the numbering
(``generator.numbering``) and number style; the figures the finance system published are
resolved to cells (``generator.published``). Templates and the checker only read the
Report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.catalog import economic_catalog, function_names
from generator.findings import Finding, InputError, Position, Severity
from generator.kinds.final_accounts.annex import EvaluationFacts, evaluation_facts
from generator.kinds.final_accounts.facts import Facts, explanation_facts
from generator.kinds.final_accounts.figures import Figure, report_figures
from generator.kinds.final_accounts.forms import FormFacts, form_facts
from generator.kinds.final_accounts.identities import same_figure
from generator.kinds.final_accounts.model import Department, Evaluation
from generator.kinds.final_accounts.tables import TABLE_IDS, build_tables
from generator.numbering import Outline, build_outline
from generator.profiles import Profile
from generator.published import Published, print_published, resolve
from generator.tables import Amount, Ref, Table

#: Tables not printed as tables but as totals of 情况说明, and where: (part, section).
STATED_TOTALS: dict[str, tuple[str, str, str]] = {
    "procurement": ("政府采购", "explanation", "procurement"),
    "assets": ("国有资产", "explanation", "assets"),
}


@dataclass(frozen=True)
class Report:
    """Everything the templates and the checker read, derived from one Department."""

    department: Department
    profile: Profile
    settings: Mapping[str, Any]
    outline: Outline
    tables: Mapping[str, Table]
    facts: Facts
    evaluations: tuple[EvaluationFacts | FormFacts, ...]
    published: tuple[Published, ...]
    #: For each cell printed with a published figure, the figure computed from the data.
    computed: Mapping[Ref, Amount]
    #: Each cell printed with a published figure it was not given, → the given cell.
    spread: Mapping[Ref, Ref]
    #: The figures 情况说明 prints (the profile's 图表 the data can draw), numbered.
    figures: tuple[Figure, ...] = ()

    def figure(self, figure_id: str) -> Figure | None:
        """The figure of that id, when the report prints it."""
        return next((figure for figure in self.figures if figure.id == figure_id), None)

    def table_name(self, table: str) -> str:
        """How the report names a table: 公开07表, or where it states a total (its title
        when the profile prints neither)."""
        if table in STATED_TOTALS:
            name, part, section = STATED_TOTALS[table]
            return self.outline.ref(part, section) or name
        try:
            return self.outline.table(table).name
        except KeyError:
            return str(self.settings["表格标题"].get(table, table))


def names(dept: Department) -> Callable[[str], str]:
    """The name of a function code: 科目名称补充 first, then the catalog ("" if unknown)."""
    return function_names(dept.code_names)


def check_codes(dept: Department) -> list[Finding]:
    """Findings for codes whose 项, 款 or 类 name is known neither to the catalog nor the YAML."""
    name = names(dept)
    findings = []
    economic = economic_catalog()
    for line in dept.lines:
        pos = line.field_positions.get("code", line.position) or Position(dept.source, 1, 1)
        for code, level in ((line.code, "项"), (line.code[:5], "款"), (line.code[:3], "类")):
            if not name(code):
                findings.append(Finding(pos, Severity.ERROR, "CODE-UNKNOWN", (
                    f"科目编码 {line.code} 的{level}级科目 {code} 不在功能分类科目目录中："
                    f"请核对编码，或在“科目名称补充”中写明 \"{code}\": 科目名称。")))
                break
    for code, _ in dept.basic_economic:
        if code not in economic or code[:3] not in economic:
            pos = dept.positions.get("基本支出经济分类", Position(dept.source, 1, 1))
            findings.append(Finding(pos, Severity.ERROR, "ECON-CODE-UNKNOWN", (
                f"经济分类科目编码 {code} 不在经济分类科目目录中：请核对编码。")))
    return findings


def outline(settings: Mapping[str, Any], dept: Department) -> Outline:
    """The numbering of parts, sections and tables the settings ask for (a part with
    nothing to print — an annex without forms — takes no number)."""
    parts = [part for part in settings["部分顺序"] if part != "annex" or dept.annexes]
    return build_outline(parts, settings["章节"], settings["表格顺序"], settings["表号格式"],
                         settings["表格标题"])


def table_names(report_outline: Outline) -> dict[str, str]:
    """Every name a table goes by in the report (code, title, id) → its id."""
    found: dict[str, str] = {}
    for number in report_outline.tables:
        for name in (number.id, number.title, number.code):
            if name:
                found[name] = number.id
    for table, (name, _, _) in STATED_TOTALS.items():
        found[name] = table
    return found


def derive(dept: Department, profile: Profile) -> Report:
    """Compute every table and narrative fact of the report from the department's data.

    The tables are computed from the lines, then the figures the finance system published
    are printed in place of the computed ones within their rounding tail; every fact of
    情况说明 is read from those printed tables.
    """
    findings = check_codes(dept)
    if findings:
        raise InputError(findings)
    settings, _ = profile.with_style(dept.style, {})
    name = names(dept)
    computed = {table_id: table.with_labels(settings["行名称"]) for table_id, table
                in build_tables(dept, name, settings["基本支出明细表分栏"],
                                settings["保留零值科目表格"],
                                settings["基本支出明细表省略科目"]).items()}
    numbering = outline(settings, dept)
    published = resolve(dept.published, computed, table_names(numbering))
    printing = print_published(computed, published, same_figure(computed))
    tables = printing.tables
    public = tables["basic_economic"].first("public")[1].value
    office = dept.office_operation.current
    places = int(settings["百分比小数位"])
    facts = explanation_facts(dept, tables, public if office is None else office, name,
                              settings, profile.glossary())
    return Report(
        department=dept,
        profile=profile,
        settings=settings,
        outline=numbering,
        tables=tables,
        facts=facts,
        evaluations=tuple(evaluation_facts(ev, places) if isinstance(ev, Evaluation)
                          else form_facts(ev, places) for ev in dept.annexes),
        published=published,
        computed=printing.computed,
        spread=printing.spread,
        figures=report_figures(facts, settings["图表"], places, bool(settings["百分比去零"])),
    )


__all__ = ["TABLE_IDS", "Report", "check_codes", "derive", "names"]

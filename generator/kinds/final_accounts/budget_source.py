"""预算来源: a 决算 takes its 年初预算 from the same department's 预算 file for the year.

The 年初预算 of a 决算 is the budget the department published at the start of the year.
When the 决算 file names that 预算 file (``预算来源: 2024预算.yaml``, relative to the 决算
file), the 预算 is read and derived by its own kind, and its figures fill what the 决算
does not give itself:

- each 支出明细 line of a 财政拨款 fund without ``年初预算`` takes the 预算's amount for
  its 科目编码 and fund: 一般公共预算支出情况表 and 政府性基金预算支出情况表 as the 预算
  prints them (the finance system's figures where the 预算 gives 公布数), and the basic
  lines and projects for 国有资本经营预算, which the 预算 prints in no table by 项;
- each 三公 item without ``预算`` takes 一般公共预算“三公”经费支出情况表's figure.

Only this year's appropriation counts (not money carried over from last year): it is what
the 预算's two fund tables print. A figure the 决算 gives itself stays; ``check`` reports
where it disagrees with the 预算 (rule BUDGET-SOURCE) and where the 预算 has money on a
科目 the 决算 has no line for (BUDGET-SOURCE-UNUSED).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.findings import Finding, InputError, Position, Severity
from generator.kinds.budget.tables import basic_amount
from generator.kinds.final_accounts import model
from generator.kinds.final_accounts import vocabulary as terms
from generator.load import Scalar, Value, load_bytes, read_source
from generator.money import ZERO
from generator.rulebook import places_of

#: The 预算's 资金来源 of this year's appropriation → the 决算's fund.
FUNDS: dict[str, str] = {
    "一般公共预算": terms.GENERAL_BUDGET,
    "政府性基金预算": terms.GOV_FUND,
    "国有资本经营预算": terms.SOE_CAPITAL,
}

#: The 三公 items (key under 三公经费, attribute) and their column in the 预算's table.
THREE_PUBLIC_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("因公出国境", "abroad", 2), ("公务用车购置", "vehicle_purchase", 4),
    ("公务用车运行维护", "vehicle_operation", 5), ("公务接待", "reception", 6),
)


@dataclass(frozen=True)
class BudgetSource:
    """The 预算 a 决算 names: its file, its 年初预算 per (科目编码, fund) and per 三公
    item, where each was written in it, and the decimals it prints."""

    file: str
    position: Position  # of 预算来源 in the 决算 file
    lines: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    line_positions: dict[tuple[str, str], Position] = field(default_factory=dict,
                                                            compare=False)
    three_public: dict[str, Decimal] = field(default_factory=dict)
    places: int = 2


def read_budget_source(value: Value, decision_file: str, year: int, name: str
                       ) -> BudgetSource:
    """The 预算 file ``value`` names, read, checked to be the same department's budget
    for the same year, and derived; InputError at ``预算来源`` (or in the 预算 file, at
    its own line) when it cannot be used."""
    from generator.kinds import select  # the kinds package imports this one's package

    if not isinstance(value, Scalar) or value.null or not value.text.strip():
        raise InputError([Finding(value.position, Severity.ERROR, "BUDGET-SOURCE-FILE", (
            "“预算来源”应写同一部门同一年度的预算文件路径（相对于本文件所在文件夹），"
            "如 预算来源: 2024年预算.yaml。"))])
    path = Path(decision_file).parent / value.text.strip()
    if not path.is_file():
        raise InputError([Finding(value.position, Severity.ERROR, "BUDGET-SOURCE-FILE", (
            f"“预算来源”指向的文件 {path} 不存在：路径相对于本文件所在的文件夹，请核对。"))])
    root = load_bytes(read_source(path), str(path))
    kind, profile = select(root, str(path))
    if kind.name != "预算":
        raise InputError([Finding(value.position, Severity.ERROR, "BUDGET-SOURCE-KIND", (
            f"“预算来源”指向的 {path} 是{kind.name}文件，不是预算：请指向本部门 {year} 年的"
            "预算文件。"))])
    budget = kind.read(root, str(path), profile)
    if budget.year != year or budget.name != name:
        raise InputError([Finding(value.position, Severity.ERROR, "BUDGET-SOURCE-MATCH", (
            f"“预算来源”指向的 {path} 是“{budget.name}” {budget.year} 年的预算，本文件是"
            f"“{name}” {year} 年的决算：年初预算只能取自同一部门同一年度的预算，请核对路径。"))])
    report = kind.derive(budget, profile)
    return _figures(report, str(path), value.position)


def _figures(report: object, file: str, position: Position) -> BudgetSource:
    """The budget figures of a derived 预算 ``report`` the 决算 can use."""
    dept = report.department  # type: ignore[attr-defined]
    tables = report.tables  # type: ignore[attr-defined]
    lines: dict[tuple[str, str], Decimal] = {}
    where: dict[tuple[str, str], Position] = {}
    for table_id, fund in (("general_budget", terms.GENERAL_BUDGET),
                           ("gov_fund", terms.GOV_FUND)):
        for row in tables[table_id].with_level(3):
            if row[1].value:
                lines[(row.code, fund)] = row[1].value
    entered = [(line.code, line.source, basic_amount(line).value, line.position)
               for line in dept.basic]
    entered += [(project.code, source, amount, project.position)
                for project in dept.projects for source, amount in project.funds]
    for code, source, amount, written in entered:
        fund = FUNDS.get(source)
        if fund is None or not amount:
            continue
        where.setdefault((code, fund), written)
        if fund == terms.SOE_CAPITAL:  # printed in no table of the 预算 by 项
            lines[(code, fund)] = lines.get((code, fund), ZERO) + amount
    budget_row = tables["three_public"].row("预算")
    three_public = {key: budget_row[column].value for key, _, column in THREE_PUBLIC_COLUMNS}
    places = places_of(report.tail_per_term)  # type: ignore[attr-defined]
    return BudgetSource(file, position, lines, where, three_public, places)


def apply(dept: model.Department, source: BudgetSource) -> model.Department:
    """``dept`` with the 年初预算 it does not give itself taken from ``source``: a
    科目 and fund's budget goes to its first line (a second line of the same 科目 and fund
    would count it twice), unless one of its lines gives 年初预算 itself."""
    given = {(line.code, line.source) for line in dept.lines if "budget" in line.field_positions}
    filled: set[tuple[str, str]] = set()
    lines = []
    for line in dept.lines:
        key = (line.code, line.source)
        if key in source.lines and key not in given and key not in filled:
            line = dataclasses.replace(line, budget=source.lines[key])
            filled.add(key)
        lines.append(line)
    three_public = dept.three_public
    for key, attr, _ in THREE_PUBLIC_COLUMNS:
        if f"三公经费.{key}.预算" not in dept.positions and source.three_public[key]:
            item = dataclasses.replace(getattr(three_public, attr),
                                       budget=source.three_public[key])
            three_public = dataclasses.replace(three_public, **{attr: item})
    return dataclasses.replace(dept, lines=tuple(lines), three_public=three_public,
                               budget_source=source)

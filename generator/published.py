"""公布数: the figures the finance system published, resolved to cells and printed.

A department enters them as its report names them — the table by its printed code
(公开07表, 表7) or title, the row by 行次, code or name — so a Liaoning user writes
公开07表 for 三公 and means it. :func:`resolve` maps each entry to a cell address
(table id, row key, 栏次) of the derived tables, or reports, at the line it was written,
a table, row or number of 栏 the report does not have.

The finance system adds up unrounded yuan and rounds every cell, so its totals may miss
the sum of its printed lines by a rounding tail. Its figures are the truth a report
prints: :func:`print_published` puts each published figure that lies within the tail of
the computed one into its cell, and into every cell that is the same figure (公开01表
第58行 and 公开03表 合计 第1栏 are one number printed twice); a figure beyond the tail is
left to the checker, which reports it as an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from generator.findings import Finding, InputError, Position, Severity
from generator.money import TAIL_PER_TERM, tolerance
from generator.tables import Amount, Ref, RowKeys, Table, table_columns


@dataclass(frozen=True)
class PublishedRow:
    """A row of ``公布数`` as the department wrote it.

    ``table`` names the table as the report does (公开07表, 表7, its title, or 政府采购 /
    国有资产); ``row`` is the 行次, the function or economic code, or a row name (合计,
    人员经费合计, 预算, 总额); ``values`` are the row's amounts from its first 栏, each
    with where it was written (None for a 栏 left unchecked).
    """

    table: str
    row: str
    values: tuple[tuple[Decimal | None, Position], ...]
    position: Position | None = field(default=None, compare=False)
    table_position: Position | None = field(default=None, compare=False)
    values_position: Position | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Published:
    """A published figure at its cell."""

    ref: Ref
    amount: Decimal
    position: Position


def _ranges(numbers: list[int]) -> str:
    """1–8、27–29、31: consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def row_hint(table: Table) -> str:
    """What the row keys of ``table`` look like, for error messages."""
    if table.keys is RowKeys.LINE:
        sides: dict[int, list[int]] = {}
        for row in table.rows:
            sides.setdefault(min(row.cells), []).append(int(row.key))
        names = dict(table.sides)
        text = "或 ".join(f"{_ranges(numbers)}（{names.get(first, f'第{first}栏起')}）"
                         for first, numbers in sorted(sides.items()))
        return f"行次 {text}，如 \"{max(int(row.key) for row in table.rows)}\""
    if table.keys is RowKeys.CODE:
        return "“合计”或 3、5、7 位功能分类科目编码（如 \"210\"）"
    if table.keys is RowKeys.HALF:
        return "、".join(f"“{row.key}”" for row in table.rows)
    named = [f"“{row.key}”" for row in table.rows if not row.code]
    coded = any(row.code for row in table.rows)
    return "、".join(named) + ("或经济分类科目编码（如 \"30101\"）" if coded else "")


def resolve(rows: Iterable[PublishedRow], tables: Mapping[str, Table],
            names: Mapping[str, str]) -> tuple[Published, ...]:
    """Each published amount at its cell; InputError listing every entry that names no
    table, no row, or more 栏 than its row has.

    ``names`` maps every name a table goes by in the department's report (its printed
    code, its title, its id) to its id.
    """
    out: list[Published] = []
    findings: list[Finding] = []

    def error(position: Position | None, rule: str, message: str) -> None:
        findings.append(Finding(position or Position("", 1, 1), Severity.ERROR, rule, message))

    for entry in rows:
        table_id = names.get(entry.table)
        if table_id is None:
            known = "、".join(name for name, id_ in names.items() if name != id_)
            error(entry.table_position, "PUBLISHED-TABLE",
                  f"“公布数.{entry.table}”：本报告没有这张表。表名应写为报告中印出的表号或表名："
                  f"{known}。")
            continue
        table = tables[table_id]
        key = entry.row
        if table.keys is RowKeys.LINE and key.isdigit():
            key = str(int(key))  # 行次 "040" is row 40
        row = table.row(key)
        where = f"公布数.{entry.table}.{entry.row}"
        if row is None:
            error(entry.position, "PUBLISHED-ROW",
                  f"“{where}”：{entry.table}没有“{entry.row}”这一行。行应写为{row_hint(table)}。")
            continue
        columns = table_columns(table, row)
        if len(entry.values) > len(columns):
            span = (f"第{columns[0]}栏" if len(columns) == 1
                    else f"第{columns[0]}–{columns[-1]}栏")
            error(entry.values_position or entry.position, "PUBLISHED-COLUMNS",
                  f"“{where}”有 {len(entry.values)} 个数，但这一行只有 {len(columns)} 栏"
                  f"（{span}）。")
            continue
        for column, (value, position) in zip(columns, entry.values, strict=False):
            if value is not None:
                out.append(Published((table_id, key, column), value, position))
    if findings:
        raise InputError(findings)
    return tuple(out)


@dataclass(frozen=True)
class Printing:
    """The tables as the report prints them, and what was computed where they differ.

    ``computed`` holds, for every cell printed with a published figure (given or the same
    figure as a given one), the figure computed from the data; ``spread`` maps each such
    cell that was not itself given to the published cell it repeats.
    """

    tables: Mapping[str, Table]
    computed: Mapping[Ref, Amount]
    spread: Mapping[Ref, Ref]


def _classes(pairs: Iterable[tuple[Ref, Ref]]) -> dict[Ref, set[Ref]]:
    """Cells that are the same figure, grouped: each cell → its whole group."""
    groups: dict[Ref, set[Ref]] = {}
    for first, second in pairs:
        merged = groups.get(first, {first}) | groups.get(second, {second})
        for ref in merged:
            groups[ref] = merged
    return groups


def print_published(tables: Mapping[str, Table], published: Iterable[Published],
                    same_figure: Iterable[tuple[Ref, Ref]],
                    per_term: Decimal = TAIL_PER_TERM) -> Printing:
    """Put each published figure within the rounding tail of its computed cell into that
    cell and into every cell that is the same figure (``same_figure`` pairs); the tail is
    ``per_term`` for each rounded term (``money.tail_per_term`` of the printed decimals).

    A published figure beyond the tail, or one the data gives exactly, changes nothing; a
    cell that was itself published keeps its own figure; a group of cells given two
    different published figures spreads neither (the checker reports the conflict).
    """
    given = {p.ref: p for p in published}
    groups = _classes(same_figure)
    conflicting = {ref for ref, group in groups.items()
                   if len({given[r].amount for r in group if r in given}) > 1}
    printed: dict[Ref, Amount] = {}
    spread: dict[Ref, Ref] = {}
    for ref, entry in given.items():
        computed = tables[ref[0]].cell(ref[1], ref[2])
        difference = abs(entry.amount - computed.value)
        if difference == 0 or difference > tolerance(max(computed.terms, 1), per_term):
            continue
        printed[ref] = Amount(entry.amount, 1)
        if ref in conflicting:
            continue
        for other in sorted(groups.get(ref, ())):
            if other != ref and other not in given and other not in spread:
                printed[other] = Amount(entry.amount, 1)
                spread[other] = ref
    changes: dict[str, dict[tuple[str, int], Amount]] = {}
    for (table, key, column), figure in printed.items():
        changes.setdefault(table, {})[(key, column)] = figure
    computed = {ref: tables[ref[0]].cell(ref[1], ref[2]) for ref in printed}
    return Printing({table_id: table.with_cells(changes.get(table_id, {}))
                     for table_id, table in tables.items()}, computed, spread)

"""Readers of the parts every document kind's file shares: 公布数, 名词解释 and
名词解释补充, 科目名称补充, and where each key was written.

Each kind's ``schema`` reads its own fields with a :class:`~generator.reader.Reader` and
calls these for the shared ones, so the same key means the same thing, and is checked the
same way, in a 决算 and in a 预算.
"""

from __future__ import annotations

from generator.findings import InputError, Position
from generator.load import Mapping, Scalar, Sequence, Value
from generator.published import PublishedRow
from generator.reader import INT, Reader, shape
from generator.vocabulary import AMOUNT_UNITS

#: The keys of a 名词解释 (or 名词解释补充) entry.
GLOSSARY_TERM: dict[str, str] = {"术语": "term", "解释": "definition"}


def read_top(reader: Reader, root: Value, keys: dict[str, str], required: tuple[str, ...]
             ) -> tuple[Mapping, int | None]:
    """The top-level mapping of a department's file with its 金额单位 applied to ``reader``,
    the ``required`` keys checked, and its 年度 (None when missing or wrong); InputError when
    the file is not a mapping at all. Shared by every document kind."""
    top = reader.mapping(root, "文件顶层", keys)
    if top is None:
        if not reader.findings:
            reader.error(root.position, "TYPE-MAPPING", "文件顶层应为“字段: 值”形式的部门数据。")
        raise InputError(reader.findings)
    entries = top.entries
    unit = reader.choice(entries.get("金额单位"), "金额单位", tuple(AMOUNT_UNITS)) or "万元"
    reader.unit, reader.per_wan = unit, AMOUNT_UNITS[unit]
    for key in required:
        reader.required(top, key, key)
    year = reader.count(entries.get("年度"), "年度", None)
    if year is not None and not 2000 <= year <= 2100:
        reader.error(entries["年度"].position, "YEAR-RANGE", f"“年度”为 {year}，不是合理的年份。")
        year = None
    return top, year


def read_item(reader: Reader, item: Value, where: str, keys: dict[str, str], fields: str
              ) -> Mapping | None:
    """A list item that must be a mapping of ``keys``; a plain value gets the error that
    names the ``fields`` it should have (“科目编码”“资金来源”等字段)."""
    found = reader.mapping(item, where, keys)
    if found is None and isinstance(item, Scalar):
        reader.error(item.position, "TYPE-MAPPING", f"{where}应为{fields}。")
    return found


def key_paths(top: Mapping) -> dict[str, Position]:
    """Where every key and list item of the file was written, by dotted path."""
    paths: dict[str, Position] = {}
    stack: list[tuple[str, Value]] = [("", top)]
    while stack:
        prefix, value = stack.pop()
        if isinstance(value, Mapping):
            for key, child in value.entries.items():
                path = f"{prefix}.{key}" if prefix else key
                paths[path] = value.key_positions[key]
                stack.append((path, child))
        elif isinstance(value, Sequence):
            for i, item in enumerate(value.items, 1):
                path = f"{prefix}[{i}]"
                paths[path] = item.position
                stack.append((path, item))
    return paths


def read_published(reader: Reader, value: Value | None) -> tuple[PublishedRow, ...]:
    """公布数: figures as printed by the finance system, by table, row and 栏.

    Tables and rows are resolved against the department's profile and tables when the
    report is derived; here each row is read as one amount or a list of them.
    """
    if value is None or (isinstance(value, Scalar) and value.null):
        return ()
    if not isinstance(value, Mapping):
        reader.error(value.position, "TYPE-MAPPING",
                f"“公布数”应为“表名: 各行金额”的映射，这里写成了{shape(value)}。")
        return ()
    out: list[PublishedRow] = []
    for table, rows_value in value.entries.items():
        where = f"公布数.{table}"
        if not isinstance(rows_value, Mapping):
            if not (isinstance(rows_value, Scalar) and rows_value.null):
                reader.error(rows_value.position, "TYPE-MAPPING",
                        f"“{where}”应为“行: 金额”的映射，这里写成了{shape(rows_value)}。")
            continue
        for row, cell in rows_value.entries.items():
            cells: list[Value] = cell.items if isinstance(cell, Sequence) else [cell]
            values = []
            for column, item in enumerate(cells, 1):
                if isinstance(item, Scalar) and item.null:
                    values.append((None, item.position))  # a column not given
                    continue
                amount = reader.amount(item, f"{where}.{row} 第{column}个数", None)
                values.append((amount, item.position))
            out.append(PublishedRow(table, row, tuple(values),
                                    rows_value.key_positions[row],
                                    value.key_positions[table], cell.position))
    return tuple(out)


def read_code_names(reader: Reader, value: Value | None) -> dict[str, str]:
    """科目名称补充: names of function codes the catalog lacks, by 3, 5 or 7-digit code."""
    fields = reader.mapping(value, "科目名称补充", {})
    names: dict[str, str] = {}
    if fields is None:
        return names
    reader.findings = [f for f in reader.findings if not (f.rule == "FIELD-UNKNOWN"
                                                and f.position in fields.key_positions.values())]
    for key, val in fields.entries.items():
        where = f"科目名称补充.{key}"
        if not INT.match(key) or len(key) not in (3, 5, 7):
            reader.error(fields.key_positions[key], "CODE-FORMAT",
                    f"“{where}”：科目编码应为 3、5 或 7 位数字，这里写成了“{key}”。")
            continue
        text = reader.text(val, where)
        if text:
            names[key] = text
    return names


def read_glossary_terms(reader: Reader, value: Value | None, key: str
                        ) -> tuple[tuple[str, str], ...]:
    """名词解释 (replacing the standard terms) or 名词解释补充 (added to them)."""
    found = []
    for i, item in enumerate(reader.sequence(value, key), 1):
        where = f"{key}第 {i} 项"
        fields = reader.mapping(item, where, GLOSSARY_TERM)
        if fields is None:
            continue
        term = reader.text(reader.required(fields, "术语", f"{where}.术语"), f"{where}.术语")
        definition = reader.text(reader.required(fields, "解释", f"{where}.解释"), f"{where}.解释")
        if term and definition:
            found.append((term, definition))
    return tuple(found)

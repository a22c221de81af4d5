"""Tables: every printed figure as a cell of a semantic table, computed once, with its tail.

A document kind's derive step builds its tables as :class:`Table` objects: rows of
:class:`Amount` cells addressed by (table id, row key, 栏次). Templates print them, the
checker compares them with the figures the finance system published (``公布数``) and with
each other, and check messages name them as the report prints them (:func:`label`).

Nothing here knows a document kind: a table is its id (``summary``, ``three_public`` …),
its columns, its rows and, for tables printed in a layout of their own, the printed lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from typing import Protocol, TypeVar

from generator.money import ZERO


@dataclass(frozen=True)
class Amount:
    """A printed amount (a table cell) and the number of rounded amounts added up to get it.

    ``terms`` sizes the rounding tail a comparison allows (``money.rounding_tail``): a sum
    of *n* amounts each rounded to 0.01 万元 may miss its rounded total by up to *n* × 0.005.
    """

    value: Decimal
    terms: int = 1

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.value + other.value, self.terms + other.terms)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.value - other.value, self.terms + other.terms)

    def __bool__(self) -> bool:
        return self.value != 0


#: The figure of an empty cell: zero, adding no rounded term.
NOTHING = Amount(ZERO, 0)


def sum_entered(*values: Decimal) -> Amount:
    """Sum amounts as entered, counting the non-zero ones as rounded terms."""
    items = [v for v in values if v]
    return Amount(sum(items, ZERO), len(items))


def sum_amounts(amounts: Iterable[Amount]) -> Amount:
    """The sum of amounts (their terms add up)."""
    result = NOTHING
    for amount in amounts:
        result = result + amount
    return result


class RowKeys(Enum):
    """How a table's rows are addressed, in 公布数 and in messages."""

    LINE = "行次"  # 公开01表/04表: the printed line number, 第27行
    CODE = "科目编码"  # tables by function code: 合计 or a 3/5/7-digit code
    NAME = "名称"  # a named row (人员经费合计) or an economic code (公开06表)
    HALF = "半表"  # 公开09表: 预算 / 决算, each a run of 栏


@dataclass(frozen=True)
class Column:
    """A column (栏): its printed number and its name."""

    number: int
    name: str


@dataclass(frozen=True)
class Row:
    """A row of a table.

    ``key`` addresses it (行次 "27", code "2010301", "合计", "人员经费合计", "预算");
    ``role`` says what it is, independently of numbering (``income-total``, ``class``);
    ``code`` is the classification code it stands for, if any; ``level`` is 1 for a 类 or
    economic group, 2 for a 款 or economic item, 3 for a 项 (0 otherwise). ``cells`` maps
    栏次 to the figure printed there; ``marker`` is printed before the label (一、).
    """

    key: str
    label: str
    cells: dict[int, Amount]
    role: str = ""
    code: str = ""
    level: int = 0
    marker: str = ""

    def __getitem__(self, column: int) -> Amount:
        return self.cells.get(column, NOTHING)

    @property
    def values(self) -> tuple[Amount, ...]:
        """The cells in column order."""
        return tuple(self.cells[c] for c in sorted(self.cells))

    @property
    def empty(self) -> bool:
        """True when every cell is zero."""
        return not any(self.cells.values())


@dataclass(frozen=True)
class Line:
    """A printed line of a table laid out in blocks side by side (公开01/04表 income and
    expenditure, 公开06表's three blocks): per block, its 行次 (None when the block has no
    line numbers) and the row on it (None for a blank line)."""

    slots: tuple[tuple[int | None, Row | None], ...]


@dataclass(frozen=True)
class Table:
    """A semantic table: its id, columns, rows in print order, and printed lines.

    ``any_code`` tables (by function classification) address a 3/5/7-digit code that has
    no row as a zero row: it exists in the catalog, it just has no money. ``lines`` are
    the printed lines of a table laid out in blocks side by side, ``sides`` the names of
    those blocks.
    """

    id: str
    keys: RowKeys
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    lines: tuple[Line, ...] = ()
    any_code: bool = False
    #: Blocks side by side (收入 | 支出), each by its first 栏: ((1, "收入"), (2, "支出")).
    sides: tuple[tuple[int, str], ...] = ()
    _index: dict[str, Row] = field(default_factory=dict, init=False, repr=False,
                                   compare=False)

    def __post_init__(self) -> None:
        self._index.update((row.key, row) for row in self.rows)

    def row(self, key: str) -> Row | None:
        """The row addressed by ``key``; a zero row for an unused code of an any_code table.

        A table of named rows also finds a row by its printed label (with or without its
        marker: 四、财政专户管理资金收入), when only one row prints it.
        """
        found = self._index.get(key)
        if found is None and self.any_code and key.isdigit() and len(key) in (3, 5, 7):
            found = Row(key, "", {}, "code", key, {3: 1, 5: 2, 7: 3}[len(key)])
        if found is None and self.keys is RowKeys.NAME:
            named = [row for row in self.rows if key in (row.label, row.marker + row.label)]
            found = named[0] if len(named) == 1 else None
        return found

    def cell(self, key: str, column: int) -> Amount:
        """The figure at (row ``key``, 栏 ``column``); KeyError when there is no such row."""
        found = self.row(key)
        if found is None:
            raise KeyError((self.id, key, column))
        return found[column]

    def column(self, number: int) -> Column:
        """The column numbered ``number``."""
        return next(c for c in self.columns if c.number == number)

    def by_role(self, role: str) -> list[Row]:
        """The rows of a role, in print order."""
        return [row for row in self.rows if row.role == role]

    def first(self, role: str) -> Row:
        """The one row of a role."""
        (row,) = self.by_role(role)
        return row

    @property
    def total(self) -> Row:
        """The 合计 row (tables by code)."""
        return self.first("total")

    def with_level(self, level: int) -> list[Row]:
        """The rows of a classification level (1 类, 2 款, 3 项), in print order."""
        return [row for row in self.rows if row.level == level]

    @property
    def empty(self) -> bool:
        """True when no cell of the table has money."""
        return all(row.empty for row in self.rows)

    def with_cells(self, changes: dict[tuple[str, int], Amount]) -> Table:
        """A copy of the table with the figures at (row key, 栏次) replaced."""
        if not changes:
            return self
        rows = {}
        for row in self.rows:
            mine = {column: figure for (key, column), figure in changes.items()
                    if key == row.key}
            rows[row.key] = replace(row, cells={**row.cells, **mine}) if mine else row
        lines = tuple(Line(tuple((number, rows[row.key] if row is not None else None)
                                 for number, row in line.slots)) for line in self.lines)
        return replace(self, rows=tuple(rows.values()), lines=lines)

    def with_labels(self, names: Mapping[str, str]) -> Table:
        """A copy of the table with row labels renamed (``names``: label → printed label)."""
        if not any(row.label in names for row in self.rows):
            return self
        rows = {row.key: replace(row, label=names.get(row.label, row.label)) for row in self.rows}
        lines = tuple(Line(tuple((number, rows[row.key] if row is not None else None)
                                 for number, row in line.slots)) for line in self.lines)
        return replace(self, rows=tuple(rows.values()), lines=lines)

    def cells(self) -> Iterator[tuple[Row, int, Amount]]:
        """Every (row, 栏次, figure) of the table, in print order."""
        for row in self.rows:
            for column in sorted(row.cells):
                yield row, column, row.cells[column]


#: A cell's address: (table id, row key, 栏次).
Ref = tuple[str, str, int]


def label(table: Table, name: str, ref: Ref) -> str:
    """A cell named as the report prints it: ``公开04表 第59行“本年支出合计” 第3栏（…）``.

    ``name`` is the table's printed name in the department's profile (公开04表, 表4 or its
    title).
    """
    _, key, column = ref
    row = table.row(key)
    row_label = row.label if row is not None else ""
    if table.keys is RowKeys.LINE:
        text = f"{name} 第{key}行“{row_label}”"
        if row is not None and len(table_columns(table, row)) > 1:
            text += f" 第{column}栏（{table.column(column).name}）"
        return text
    if table.keys is RowKeys.CODE:
        head = "合计行" if key == "合计" else f"{key}“{row_label}”行"
        return f"{name} {head} 第{column}栏（{table.column(column).name}）"
    if table.keys is RowKeys.HALF:
        return f"{name} 第{column}栏（{row_label} {table.column(column).name}）"
    text = f"{name} {key}“{row_label}”" if row is not None and row.code else \
        f"{name} {row_label or key}"
    if row is not None and len(table_columns(table, row)) > 1:
        text += f" 第{column}栏（{table.column(column).name}）"
    return text


def table_columns(table: Table, row: Row) -> tuple[int, ...]:
    """The 栏 a row of ``table`` has, in order (a zero row of a code table has them all)."""
    if row.cells:
        return tuple(sorted(row.cells))
    return tuple(c.number for c in table.columns)


# --- tables by function code -----------------------------------------------------------


class Coded(Protocol):
    """Anything booked on a 7-digit function code (a line of 支出明细, a project)."""

    @property
    def code(self) -> str: ...


Booked = TypeVar("Booked", bound=Coded)


def numbered_columns(names: Sequence[str], start: int = 1) -> tuple[Column, ...]:
    """Columns named ``names``, numbered from ``start``."""
    return tuple(Column(number, name) for number, name in enumerate(names, start))


def function_table(table_id: str, columns: Sequence[str], items: Iterable[Booked],
                   cells: Callable[[Booked], tuple[Amount, ...]], name: Callable[[str], str],
                   keep_zero: bool = False) -> Table:
    """Sum each item's cells per 项, then per 款 and 类, in code order, under a 合计 row.

    A code whose cells are all zero is not printed, unless ``keep_zero`` (a profile
    prints every 项 of the data); the 合计 is the sum of the 类 rows; ``name`` names a
    code.
    """
    width = len(columns)
    sums: dict[str, list[Amount]] = {}
    for item in items:
        figures = cells(item)
        for code in (item.code[:3], item.code[:5], item.code):
            acc = sums.setdefault(code, [NOTHING] * width)
            for i, figure in enumerate(figures):
                acc[i] = acc[i] + figure
    rows = [Row(code, name(code), dict(enumerate(figures, 1)), "code", code,
                {3: 1, 5: 2, 7: 3}[len(code)])
            for code, figures in sorted(sums.items()) if keep_zero or any(figures)]
    classes = [row for row in rows if row.level == 1]
    head = Row("合计", "合计",
               {c: sum_amounts(row[c] for row in classes) for c in range(1, width + 1)},
               "total")
    return Table(table_id, RowKeys.CODE, numbered_columns(columns), (head, *rows),
                 any_code=True)


# --- merged cells of forms ---------------------------------------------------------------


@dataclass(frozen=True)
class Spans:
    """Where the merged 一级/二级 indicator cells of a row start and how many rows each
    covers (None: covered by a cell above)."""

    level1: int | None
    level2: int | None


def indicator_spans(rows: tuple[tuple[str, ...], ...]) -> tuple[Spans, ...]:
    """An empty 一级 or 二级 cell (the first two of a row) continues the one above."""
    def span(start: int, starts: Callable[[tuple[str, ...]], bool]) -> int:
        count = 1
        for later in rows[start + 1:]:
            if starts(later):
                break
            count += 1
        return count

    spans = []
    for i, row in enumerate(rows):
        first = i == 0
        level1 = span(i, lambda r: bool(r[0])) if row[0] or first else None
        level2 = (span(i, lambda r: bool(r[1] or r[0]))
                  if row[1] or row[0] or first else None)
        spans.append(Spans(level1, level2))
    return tuple(spans)

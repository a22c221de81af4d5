"""What changed between two builds of a report, from what they print (issue 11).

``compare(old, new)`` takes two ``ReportContent`` (the ``<stem>.content.json`` a build
keeps beside the DOCX and PDF) and lists the table cells that differ — table, row and
column, old → new — and the sentences that differ, added or dropped. It never compares
PDF bytes: two PDFs of the same content are the same report to a reader.
``change_report_html`` lays the changes of a batch out as the ``变更报告.html`` a finance
officer reads after correcting a figure; ``changes_text`` as the lines ``disclosure diff``
prints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.render.content import PrintedTable, ReportContent, is_amount

__all__ = ["CellChange", "ReportChanges", "TextChange", "change_report_html", "changes_text",
           "compare"]

_SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")
_TEMPLATE = Path(__file__).parent / "templates" / "base" / "change-report.html"


@dataclass(frozen=True)
class CellChange:
    """One table cell that prints differently: ``row`` counts the table's body rows from 1."""

    table: str
    row: int
    row_label: str
    column: str
    old: str
    new: str

    def __str__(self) -> str:
        where = f"「{self.row_label}」" if self.row_label else ""
        return (f"{self.table} 第{self.row}行{where} {self.column}："
                f"{self.old or '（空）'} → {self.new or '（空）'}")


@dataclass(frozen=True)
class TextChange:
    """A sentence, row or table that differs: changed (old and new), added (no old) or
    dropped (no new)."""

    place: str
    old: str | None
    new: str | None

    @property
    def kind(self) -> str:
        """修改, 新增 or 删除."""
        return "新增" if self.old is None else "删除" if self.new is None else "修改"

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.place}：新增「{self.new}」"
        if self.new is None:
            return f"{self.place}：删除「{self.old}」"
        return f"{self.place}：「{self.old}」 → 「{self.new}」"


@dataclass
class ReportChanges:
    """Every difference between two builds of one report."""

    name: str
    cells: list[CellChange] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cells or self.texts)


def compare(old: ReportContent, new: ReportContent, name: str) -> ReportChanges:
    """The differences of ``new`` from ``old``, a report called ``name``."""
    changes = ReportChanges(name)
    if old.title != new.title:
        changes.texts.append(TextChange("标题", old.title, new.title))
    _compare_tables(old.tables, new.tables, changes)
    _compare_blocks(old, new, changes)
    return changes


def _keyed(tables: Sequence[PrintedTable]) -> dict[tuple[str, int], PrintedTable]:
    """Tables by (name, occurrence): an annex form's tables share its name."""
    seen: dict[str, int] = {}
    keyed = {}
    for table in tables:
        seen[table.name] = seen.get(table.name, 0) + 1
        keyed[(table.name, seen[table.name])] = table
    return keyed


def _compare_tables(old: Sequence[PrintedTable], new: Sequence[PrintedTable],
                    changes: ReportChanges) -> None:
    old_tables, new_tables = _keyed(old), _keyed(new)
    for key, table in new_tables.items():
        before = old_tables.get(key)
        if before is None:
            changes.texts.append(TextChange(table.name, None, "（新增此表）"))
        else:
            _compare_rows(before, table, changes)
    for key, table in old_tables.items():
        if key not in new_tables:
            changes.texts.append(TextChange(table.name, "（此表已删除）", None))


def _row_key(table: PrintedTable, row: int) -> str:
    """What names a row across builds: its cells that are not amounts."""
    return "|".join(cell for cell in table.rows[row] if cell and not is_amount(cell))


def _compare_rows(old: PrintedTable, new: PrintedTable, changes: ReportChanges) -> None:
    """Cells of rows that stand in both tables; rows added or dropped as such."""
    old_keys = [_row_key(old, row) for row in range(len(old.rows))]
    new_keys = [_row_key(new, row) for row in range(len(new.rows))]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and old_end - old_start == new_end - new_start):
            for old_row, new_row in zip(range(old_start, old_end), range(new_start, new_end),
                                        strict=True):
                _compare_cells(old, old_row, new, new_row, changes)
            continue
        for row in range(old_start, old_end):
            changes.texts.append(TextChange(f"{old.name} 第{row + 1 - old.header_rows}行",
                                            " ".join(filter(None, old.rows[row])), None))
        for row in range(new_start, new_end):
            changes.texts.append(TextChange(
                f"{new.name} 第{row + 1 - new.header_rows}行", None,
                " ".join(filter(None, new.rows[row]))))


def _compare_cells(old: PrintedTable, old_row: int, new: PrintedTable, new_row: int,
                   changes: ReportChanges) -> None:
    before, after = old.rows[old_row], new.rows[new_row]
    for column in range(max(len(before), len(after))):
        old_cell = before[column] if column < len(before) else ""
        new_cell = after[column] if column < len(after) else ""
        if old_cell != new_cell:
            changes.cells.append(CellChange(
                new.name, new_row + 1 - new.header_rows, new.row_label(new_row, column),
                new.column_label(column) if column < len(after) else f"第{column + 1}栏",
                old_cell, new_cell))


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences, each with its closing mark."""
    return [piece for piece in _SENTENCE.findall(text) if piece.strip()]


def _compare_blocks(old: ReportContent, new: ReportContent, changes: ReportChanges) -> None:
    """Headings and paragraphs: changed ones sentence by sentence."""
    old_texts = [(block.place, block.text) for block in old.blocks]
    new_texts = [(block.place, block.text) for block in new.blocks]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old.blocks[old_start:old_end], new.blocks[new_start:new_end]
        if tag == "replace" and len(before) == len(after):
            for old_block, new_block in zip(before, after, strict=True):
                _compare_sentences(new_block.place, old_block.text, new_block.text, changes)
            continue
        changes.texts += [TextChange(block.place, block.text, None) for block in before]
        changes.texts += [TextChange(block.place, None, block.text) for block in after]


def _compare_sentences(place: str, old: str, new: str, changes: ReportChanges) -> None:
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    matcher = difflib.SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = "".join(old_sentences[old_start:old_end]) or None
        after = "".join(new_sentences[new_start:new_end]) or None
        changes.texts.append(TextChange(place, before, after))


def changes_text(changes: ReportChanges) -> list[str]:
    """The changes of one report as lines: cells first, then sentences."""
    return [str(change) for change in changes.cells] + [str(change) for change in changes.texts]


def change_report_html(changed: Sequence[ReportChanges], *, title: str = "变更报告",
                       unchanged: Sequence[str] = (), new: Sequence[str] = ()) -> str:
    """The batch's change report as one HTML page (wording and layout in
    ``templates/base/change-report.html``)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATE.parent), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template(_TEMPLATE.name).render(
        title=title, changed=[report for report in changed if report],
        unchanged=list(unchanged), new=list(new))

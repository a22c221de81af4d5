"""What a report prints, as data: every table cell and every sentence (issue 11).

``report_content(document)`` reads the validated document tree (the one both writers
receive) and lists, in document order, each table with its printed grid and each text
block (headings, paragraphs, notes) with the part and section it stands in. It is the
report's semantic content: the build keeps it beside the outputs as ``<stem>.content.json``,
the change report and ``disclosure diff`` compare two of them, and the self-audit
(``generator.render.audit``) looks for every piece of it in the DOCX and PDF written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generator.render.table_files import named_tables, printed_text, table_rows
from generator.render.tree import Document, classes, iter_sections

__all__ = ["CONTENT_FORMAT", "CONTENT_SUFFIX", "PrintedBlock", "PrintedTable", "ReportContent",
           "is_amount", "report_content"]

#: The suffix of a report's content file, beside its DOCX and PDF (``NAME.content.json``).
CONTENT_SUFFIX = ".content.json"
#: Version of the JSON layout; a reader refuses another.
CONTENT_FORMAT = 1
#: Paragraph classes that are printed text of the report body (the cover, the TOC and
#: table codes are left out: the TOC repeats headings, a code names its table).
_TEXT_PARAGRAPHS = frozenset({"", "note", "list-item", "table-meta", "annex-title"})


@dataclass
class PrintedTable:
    """One printed table: its name (code and title, or its annex form or section), the
    number of header rows, and its grid as printed (a merged cell's text in its first
    slot, the others empty)."""

    name: str
    header_rows: int
    rows: list[list[str]]

    def column_label(self, column: int) -> str:
        """The column's heading: the header cells above it, top down, without the 栏次
        numbers; else 第N栏. An empty slot takes the nearest cell to its left (a cell
        merged across columns), unless a cell of its own stood above it (then the slot is
        that cell merged down)."""
        labels: list[str] = []
        own_above = False
        for row in self.rows[:self.header_rows]:
            if row[column]:
                label, own_above = row[column], True
            elif own_above:
                continue
            else:
                label = next((cell for cell in reversed(row[:column]) if cell), "")
            if label and not is_amount(label) and label != "栏次" and label not in labels:
                labels.append(label)
        return "·".join(labels) or f"第{column + 1}栏"

    def row_label(self, row: int, column: int) -> str:
        """The row's name for a cell: the nearest text (not an amount) left of it, else
        the row's first text."""
        cells = self.rows[row]
        for cell in [*reversed(cells[:column]), *cells[column:]]:
            if cell and not is_amount(cell):
                return cell
        return ""


@dataclass
class PrintedBlock:
    """One heading or paragraph as printed, with where it stands (part › section)."""

    place: str
    text: str
    heading: bool = False


@dataclass
class ReportContent:
    """Every table and text block of one report, in document order."""

    title: str
    tables: list[PrintedTable] = field(default_factory=list)
    blocks: list[PrintedBlock] = field(default_factory=list)

    def to_json(self) -> bytes:
        """Deterministic JSON bytes (UTF-8, keys in order, one block or row a line)."""
        data = {"format": CONTENT_FORMAT, "title": self.title,
                "tables": [{"name": table.name, "header_rows": table.header_rows,
                            "rows": table.rows} for table in self.tables],
                "blocks": [{"place": block.place, "text": block.text,
                            "heading": block.heading} for block in self.blocks]}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> ReportContent:
        """Read what ``to_json`` wrote; ValueError when it is not such a file."""
        try:
            raw: Any = json.loads(data)
            if raw.get("format") != CONTENT_FORMAT:
                raise ValueError(f"不是报告内容文件（格式 {raw.get('format')!r}，应为 "
                                 f"{CONTENT_FORMAT}）")
            return cls(
                str(raw["title"]),
                [PrintedTable(str(table["name"]), int(table["header_rows"]),
                              [[str(cell) for cell in row] for row in table["rows"]])
                 for table in raw["tables"]],
                [PrintedBlock(str(block["place"]), str(block["text"]), bool(block["heading"]))
                 for block in raw["blocks"]])
        except (AttributeError, KeyError, TypeError, UnicodeDecodeError,
                json.JSONDecodeError) as exc:
            raise ValueError(f"不是报告内容文件（{exc}）") from exc


def is_amount(text: str) -> bool:
    """True for a printed amount, share or count (``1,687.12``, ``-3.5%``, ``12``)."""
    stripped = text.replace(",", "").replace("%", "").lstrip("-")
    return stripped.replace(".", "", 1).isdigit()


def report_content(document: Document) -> ReportContent:
    """The printed tables and text blocks of ``document`` (see the module docstring)."""
    names = {table: file.name.removesuffix(".csv")
             for file, table in named_tables(document)}
    content = ReportContent(document.title)
    part = section = ""
    for kind, element_section in iter_sections(document.root):
        if kind in ("cover", "toc"):
            continue
        for element in element_section.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag
            if tag in ("h1", "h2", "h3", "h4"):
                text = printed_text(element)
                label = " ".join((element.get("data-label") or text).split())
                if tag == "h1":
                    part, section = label, ""
                elif tag == "h2":
                    section = label
                content.blocks.append(PrintedBlock(_place(part, section), text, heading=True))
            elif (tag == "figcaption"
                  or (tag == "p" and " ".join(classes(element)) in _TEXT_PARAGRAPHS)):
                text = printed_text(element)
                if text:
                    content.blocks.append(PrintedBlock(_place(part, section), text))
            elif tag == "table":
                grid = document.table_grid(element)
                content.tables.append(PrintedTable(
                    names[element], grid.header_rows, table_rows(grid, as_printed=True)))
    return content


def _place(part: str, section: str) -> str:
    """Where a block stands: ``第三部分 … › 一、…``."""
    return " › ".join(piece for piece in (part, section) if piece)

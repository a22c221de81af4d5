"""The self-audit: read the written DOCX and PDF back and find what the report prints.

After rendering, and before any file is written, ``audit_docx`` and ``audit_pdf`` look
for every table cell and text block of the report's content (``report_content``, made
from the same document tree the writers received) in the bytes the writers produced:

* **DOCX**: the body's tables are read cell by cell (a merged cell's text in its first
  slot, as the content holds it) and must equal the content's tables, in order, cell for
  cell; its paragraphs must hold every text block, in order.
* **PDF**: the text of every page is extracted (PDFium). Every text block must be found,
  in order, in the running text (white space ignored: the PDF breaks lines and pages
  where it likes; a page's number line is dropped); every table's amounts must be found
  in order, row by row, after its title, and its other cells as characters in order
  near it (a long name wraps, and its lines interleave with the neighbouring cells'; a
  writer may draw a cell merged down several rows after them).

A difference means a writer lost, altered or moved something the report computed: an
internal error (``AuditError``); nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

from lxml import etree

from generator.render.content import PrintedTable, ReportContent

__all__ = ["AuditError", "audit_docx", "audit_pdf"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TR, _TC, _P, _T, _VAL = f"{_W}tr", f"{_W}tc", f"{_W}p", f"{_W}t", f"{_W}val"
_GRID_SPAN, _V_MERGE = f"{_W}gridSpan", f"{_W}vMerge"
_SPACE = re.compile(r"\s+")
#: A page's number line (``- 6 -``, ``第 6 页``, ``6``): not part of the report's text.
_PAGE_NUMBER_LINE = re.compile(r"^[\s\-—–第页/共]*\d+[\s\-—–第页/共\d]*$")
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?%?$")
#: How far past a table's last amount its other cells may stand (a cell merged down many
#: rows is drawn after them; a table's text after its last amount is rarely longer).
_TEXT_REACH = 4000
#: How much of a difference the error shows.
_SHOWN = 5


class AuditError(RuntimeError):
    """The written report does not print what the report computed (a program error)."""

    def __init__(self, fmt: str, differences: list[str]) -> None:
        self.differences = differences
        shown = "；".join(differences[:_SHOWN])
        more = f"（另有 {len(differences) - _SHOWN} 处）" if len(differences) > _SHOWN else ""
        super().__init__(f"自检发现 {fmt.upper()} 与计算结果不一致：{shown}{more}")


def _squeeze(text: str) -> str:
    """Text with all white space removed (the unit of comparison)."""
    return _SPACE.sub("", text)


# ----------------------------------------------------------------------------- DOCX


def _docx_text(element: etree._Element) -> str:
    """The text of a paragraph or cell: its w:t runs (field codes and deleted text are not
    text a reader sees)."""
    return "".join(node.text or "" for node in element.iter(_T))


def _docx_rows(table: etree._Element) -> list[list[str]]:
    """A w:tbl's grid: a cell spanning columns (gridSpan) fills its first slot and leaves
    the others empty; a vertically merged continuation cell is empty; a cell's text is its
    paragraphs' texts, each with its white space collapsed, joined by a space.

    One pass over the elements that matter, in document order (a row, a cell, its span or
    merge, a paragraph, a run's text): four times faster than asking each cell for its
    properties and paragraphs, on tables of thousands of cells. The writer never nests
    tables."""
    rows: list[list[str]] = []
    cells: list[str] = []
    paragraphs: list[list[str]] | None = None  # the open cell's paragraphs' text runs
    span, continuation = 1, False

    def close_cell() -> None:
        if paragraphs is None:
            return
        text = "" if continuation else " ".join(
            " ".join("".join(runs).split()) for runs in paragraphs).strip()
        cells.append(text)
        cells.extend([""] * (span - 1))

    for element in table.iter(_TR, _TC, _GRID_SPAN, _V_MERGE, _P, _T):
        tag = element.tag
        if tag == _T:
            if paragraphs:
                paragraphs[-1].append(element.text or "")
        elif tag == _P:
            if paragraphs is not None:
                paragraphs.append([])
        elif tag == _TC:
            close_cell()
            paragraphs, span, continuation = [], 1, False
        elif tag == _TR:
            close_cell()
            paragraphs, cells = None, []
            rows.append(cells)
        elif tag == _GRID_SPAN:
            span = int(element.get(_VAL, "1"))
        else:  # vMerge: "restart" begins a merge, anything else continues one
            continuation = element.get(_VAL) != "restart"
    close_cell()
    return rows


def audit_docx(content: ReportContent, docx: bytes) -> None:
    """Raise ``AuditError`` unless the DOCX prints every table and block of ``content``."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{_W}body")
    tables = list(body.iter(f"{_W}tbl"))
    paragraphs = [_squeeze(_docx_text(p)) for p in body.iter(f"{_W}p")
                  if p.getparent().tag != f"{_W}tc"]
    differences: list[str] = []
    if len(tables) != len(content.tables):
        differences.append(f"表格数 {len(tables)}，应为 {len(content.tables)}")
    for printed, table in zip(content.tables, tables, strict=False):
        differences += _compare_grid(printed, _docx_rows(table))
    def next_paragraph(wanted: str, start: int) -> int:
        index = next((index for index in range(start, len(paragraphs))
                      if paragraphs[index] == wanted), -1)
        return index if index < 0 else index + 1

    differences += _missing_blocks(content, next_paragraph)
    if differences:
        raise AuditError("docx", differences)


def _compare_grid(printed: PrintedTable, rows: list[list[str]]) -> list[str]:
    """The cells where ``rows`` differ from the printed table."""
    if len(rows) != len(printed.rows):
        return [f"{printed.name}：{len(rows)} 行，应为 {len(printed.rows)} 行"]
    differences = []
    for number, (expected, found) in enumerate(zip(printed.rows, rows, strict=True), 1):
        if [_squeeze(cell) for cell in expected] != [_squeeze(cell) for cell in found]:
            differences.append(f"{printed.name} 第{number}行：{found}，应为 {expected}")
    return differences


def _missing_blocks(content: ReportContent, find: Callable[[str, int], int]) -> list[str]:
    """The blocks of ``content`` that ``find(text, from)`` does not find in order (it
    returns where the next search starts, or -1)."""
    differences = []
    position = 0
    for block in content.blocks:
        found = find(_squeeze(block.text), position)
        if found < 0:
            differences.append(f"{block.place}：找不到「{block.text[:40]}」")
        else:
            position = found
    return differences


# ------------------------------------------------------------------------------ PDF


def pdf_text(pdf: bytes) -> list[str]:
    """The text of every page of ``pdf`` (PDFium's extraction), in page order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return pages
    finally:
        document.close()


def _running_text(pages: Iterable[str]) -> str:
    """The pages' text as one string without white space or page-number lines."""
    kept = []
    for page in pages:
        lines = page.replace("\r", "\n").split("\n")
        while lines and (not lines[-1].strip() or _PAGE_NUMBER_LINE.match(lines[-1])):
            lines.pop()
        kept.append("".join(lines))
    # PDFium marks a hyphen that ends a line as U+FFFE (it takes it for hyphenation); the
    # report never hyphenates, so it is the printed hyphen.
    return _squeeze("".join(kept)).replace("\ufffe", "-")


def audit_pdf(content: ReportContent, pdf: bytes) -> None:
    """Raise ``AuditError`` unless the PDF prints every table and block of ``content``."""
    text = _running_text(pdf_text(pdf))
    def next_occurrence(wanted: str, start: int) -> int:
        index = text.find(wanted, start)
        return index if index < 0 else index + len(wanted)

    differences = _missing_blocks(content, next_occurrence)
    position = 0
    for printed in content.tables:
        start = text.find(_squeeze(printed.name.split(" ", 1)[-1]), position)
        position = max(position, start)
        position, missing = _find_table(printed, text, position)
        differences += missing
    if differences:
        raise AuditError("pdf", differences)


def _find_table(printed: PrintedTable, text: str, position: int) -> tuple[int, list[str]]:
    """Find the table's body cells in ``text`` from ``position`` (its title): amounts
    exactly, in order (one out of order — a writer may draw a cell merged down several
    rows after those rows — must still stand in the table); other cells as their
    characters in order, anywhere from the table's start to a little past its last
    amount (a long name wraps into its neighbours' lines). Returns where the table ends
    and what was not found."""
    start = position
    missing: list[str] = []
    texts: list[tuple[int, str]] = []
    for number, row in enumerate(printed.rows[printed.header_rows:], printed.header_rows + 1):
        for cell in row:
            wanted = _squeeze(cell)
            if not wanted:
                continue
            if not _AMOUNT.match(wanted):
                texts.append((number, cell))
                continue
            found = text.find(wanted, position)
            if found >= 0:
                position = found + len(wanted)
            elif text.find(wanted, start, position + _TEXT_REACH) < 0:
                return position, [f"{printed.name} 第{number}行：找不到「{cell}」"]
    end = position + _TEXT_REACH
    for number, cell in texts:
        if not _characters_in_order(_squeeze(cell), text, start, end):
            missing.append(f"{printed.name} 第{number}行：找不到「{cell}」")
    return position, missing


def _characters_in_order(wanted: str, text: str, start: int, end: int) -> bool:
    """True when the characters of ``wanted`` stand in ``text[start:end]`` in order."""
    position = start
    for character in wanted:
        position = text.find(character, position, end)
        if position < 0:
            return False
        position += 1
    return True

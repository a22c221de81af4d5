"""Every table of a document as a CSV file, for the PDF to carry (issue 7: the data
travels with the report).

The CSV holds what the report prints, cell by cell, read from the validated document tree
(so it can never disagree with the pages): one CSV row per table row, header rows first,
a cell spanning several columns or rows written in its first slot and the others left
empty (as Excel saves merged cells), amounts without thousands separators
(``1,687.12`` → ``1687.12``). A table with a title (h2.table-title) is named by its code
and title (``公开01表 收入支出决算总表.csv``); an annex form by its outline label, with
the rows of every table under that title in one file; any other table by its section
(``二、部门决算单位构成.csv``). Files are UTF-8 with a byte-order
mark and CRLF line ends, as Excel opens them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from generator.render.tree import Document, TableGrid, classes, iter_sections

__all__ = ["TableFile", "named_tables", "printed_text", "table_files", "table_rows"]

_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class TableFile:
    """One CSV file: its name (with ``.csv``) and its rows of printed cell texts."""

    name: str
    rows: list[list[str]] = field(default_factory=list)

    def data(self) -> bytes:
        """The CSV bytes: UTF-8 with BOM, CRLF line ends, minimal quoting."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(self.rows)
        return buffer.getvalue().encode("utf-8-sig")


def printed_text(element: HtmlElement) -> str:
    """An element's text as printed: white space collapsed (a ``br`` joins its lines)."""
    return " ".join(element.text_content().split())


def cell_text(cell: HtmlElement) -> str:
    """A cell's text as a CSV value: white space collapsed, thousands separators dropped."""
    text = printed_text(cell)
    return text.replace(",", "") if _AMOUNT.fullmatch(text) else text


def table_rows(grid: TableGrid, *, as_printed: bool = False) -> list[list[str]]:
    """The rows of a table's grid, a spanning cell's text in its first slot only: CSV
    values, or with ``as_printed`` the text as the page shows it (``1,687.12``)."""
    text_of = printed_text if as_printed else cell_text
    return [[text_of(slot.element) if (slot.row, slot.col) == (row, col) else ""
             for col, slot in enumerate(slots)]
            for row, slots in enumerate(grid.slots)]


def table_files(document: Document) -> list[TableFile]:
    """One CSV file per titled table or annex form of ``document``, in document order."""
    files: list[TableFile] = []
    for file, table in named_tables(document):
        if not files or files[-1] is not file:
            files.append(file)
        file.rows.extend(table_rows(document.table_grid(table)))
    return files


def named_tables(document: Document) -> list[tuple[TableFile, HtmlElement]]:
    """Every table of ``document`` in order, with the (empty) file it belongs to: its own,
    or, for the tables of one annex form, the form's."""
    named: list[tuple[TableFile, HtmlElement]] = []
    files: list[TableFile] = []
    current: TableFile | None = None
    pending_title = ""
    for _, section in iter_sections(document.root):
        for element in section:
            if not isinstance(element.tag, str):
                continue
            element_classes = classes(element)
            if element.tag == "h2" and "table-title" in element_classes:
                pending_title = " ".join(element.text_content().split())
                current = None
            elif element.tag in ("h1", "h2", "h3"):
                # A table with no title of its own is named after its section (a heading
                # kept out of the outline does not name one).
                if element.get("data-label") != "":
                    pending_title = " ".join((element.get("data-label")
                                              or element.text_content()).split())
                current = None
            elif element.tag == "p" and element_classes == ["table-code"] and pending_title:
                pending_title = f"{' '.join(element.text_content().split())} {pending_title}"
            elif element.tag == "p" and element_classes == ["annex-title"]:
                label = element.get("data-label") or element.text_content()
                current = _new_file(files, " ".join(label.split()))
                pending_title = ""
            elif element.tag == "table":
                if current is None:
                    current = _new_file(files, pending_title or f"表格{len(files) + 1}")
                    pending_title = ""
                named.append((current, element))
    return named


def _new_file(files: list[TableFile], title: str) -> TableFile:
    """Append a file named after ``title`` (made safe, and unique among ``files``)."""
    base = _UNSAFE_NAME.sub("_", title).strip() or "表格"
    taken = {existing.name for existing in files}
    name, number = f"{base}.csv", 1
    while name in taken:
        number += 1
        name = f"{base}（{number}）.csv"
    files.append(TableFile(name))
    return files[-1]

"""Typst PDF writer: the validated document tree (docs/document-tree.md) → PDF bytes, fast.

The second PDF writer beside WeasyPrint (``pdf_writer``), over the same ``Document``. It
walks the tree, as the DOCX writer does, and writes Typst markup that calls the functions
of ``templates/base/print.typ`` (the Typst counterpart of print.css: fonts, sizes, page
setup), one call per element, then compiles it in memory with the ``typst`` package.

Safety: every piece of text from the tree (a department's name, a cell, a label) is written
as a Typst *string literal* (:func:`literal`), never as markup, so ``#``, ``$``, ``*``,
``_``, ``[``, ``]``, ``\\``, ``@`` and ``<`` print as themselves and no text can run code.
The document's resources (the charts' SVG) and the attachments travel as ``sys.inputs``
strings and are turned into bytes inside Typst; the markup names no file, so the compile
reads nothing from the disk but the fonts.

What the PDF has, as the WeasyPrint one: the fonts of print.css, A4 portrait and
landscape pages, page numbers ``- 1 -`` from the first body page (cover and TOC
unnumbered), the TOC with the page numbers of its targets, header rows repeated on every
page, merged cells, column widths from ``colgroup``, bookmarks for parts, sections, tables
and annex forms under the labels print.css gives them, the document's title, author,
subject, keywords and language, and the department's YAML and the tables' CSV as
attachments. Determinism: no date is written (``document(date: none)``); the same tree,
fonts and Typst version give the same bytes.

Typst imports lazily: only a caller of :func:`render_pdf_typst` pays for it.
"""

from __future__ import annotations

import functools
import logging
import pathlib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from generator.render.tree import (
    DocumentTreeError,
    Inline,
    classes,
    inline_content,
    iter_sections,
    kept_rows_from,
    notes_after,
)

if TYPE_CHECKING:
    import typst

    from generator.render.pdf_writer import EmbeddedFile
    from generator.render.tree import Document

__all__ = ["BASE_STYLE", "TypstWriter", "forget_layouts", "literal", "render_pdf_typst",
           "typst_source"]

LOGGER = logging.getLogger(__name__)

#: The packaged Typst style (the counterpart of ``templates/base/print.css``).
BASE_STYLE = pathlib.Path(__file__).resolve().parents[1] / "templates" / "base" / "print.typ"

#: Media types of attachments, by suffix (Typst writes them as the file's ``Subtype``).
ATTACHMENT_TYPES: dict[str, str] = {".yaml": "application/yaml", ".yml": "application/yaml",
                                    ".csv": "text/csv", ".json": "application/json"}
#: Typst's image formats, by resource suffix.
IMAGE_FORMATS: dict[str, str] = {".svg": "svg", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
#: The paragraph classes drawn by the print.typ function of the same name, from the text.
_SIMPLE_P = frozenset({"cover-subtitle", "cover-date", "toc-title", "table-code", "note"})
#: Warnings of Typst that say nothing about the document: a font stack names the Windows
#: fonts first, which a Linux server does not have.
_QUIET_WARNING = re.compile(r"^unknown font family")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LANGUAGE_RE = re.compile(r"^([A-Za-z]{2,3})(?:-([A-Za-z]{2}))?$")
#: Full-width punctuation that print.typ keeps at its full width: the closing marks, which
#: stay on the line of the character before them, and the opening ones, which stay on the
#: line of the character after them.
_CLOSING_MARKS = "，。、；：？！）》」』”’"
_OPENING_MARKS = "（《「『“‘"
_FULL_WIDTH_MARK = re.compile(f"([{_CLOSING_MARKS}{_OPENING_MARKS}])")


#: What :func:`literal` writes for a character that a string literal cannot hold as itself.
_LITERAL_TABLE = {
    **{code: f"\\u{{{code:x}}}" for code in (*range(0x20), *range(0x7F, 0xA0))},
    **{ord(char): escape for char, escape in _ESCAPES.items()},
}


def literal(text: str) -> str:
    """``text`` as a Typst string literal: prints exactly as written, never as markup."""
    return '"' + text.translate(_LITERAL_TABLE) + '"'


def _array(items: Iterable[str]) -> str:
    """A Typst array of the given expressions (a one-item array keeps its comma)."""
    listed = list(items)
    return "(" + ", ".join(listed) + ("," if len(listed) == 1 else "") + ")"


def _text(text: str) -> list[str]:
    """A piece of text as items of a content block: its literals, and a call of print.typ's
    ``punct-close`` / ``punct-open`` for each full-width mark kept at its full width."""
    items: list[str] = []
    for index, piece in enumerate(_FULL_WIDTH_MARK.split(text)):
        if not piece:
            continue
        if index % 2 == 0:
            items.append("#" + literal(piece))
        else:
            function = "punct-open" if piece in _OPENING_MARKS else "punct-close"
            items.append(f"#{function}({literal(piece)})")
    return items


def _content(runs: Sequence[Inline]) -> str:
    """Inline runs as a Typst content block: text literals, full-width marks, ``strong``
    and line breaks."""
    parts: list[str] = []
    for run in runs:
        pieces = run.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                parts.append("#linebreak()")
            if not piece:
                continue
            items = _text(piece)
            if not run.bold:
                parts += items
            elif len(items) == 1 and not items[0].startswith("#punct-"):
                parts.append(f"#strong({items[0][1:]})")
            else:
                parts.append("#strong[" + "".join(items) + "]")
    return "[" + "".join(parts) + "]"


def _outline_label(element: HtmlElement) -> str | None:
    """The element's bookmark label as print.css gives it, or None for no bookmark:
    ``data-label`` when present (empty: no bookmark), else the element's text."""
    label = element.get("data-label")
    if label is None:
        label = " ".join(element.text_content().split())
    return label or None


def _after_unlabelled_section(element: HtmlElement) -> bool:
    """True when an earlier sibling is an h2 with an empty ``data-label`` (print.css:
    ``h2[data-label=""] ~ h3`` gets no bookmark)."""
    return any(sibling.tag == "h2" and sibling.get("data-label") == ""
               for sibling in element.itersiblings(preceding=True))


class TypstWriter:
    """Writes a validated document tree as Typst markup (see :meth:`write`).

    A strict visitor: each element has a ``visit_<tag>`` method and an element without
    one raises ``DocumentTreeError``. Binary data (the document's images, attachments) is
    collected in :attr:`inputs`, to be passed as ``sys.inputs``.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines: list[str] = []
        #: The ``sys.inputs`` of the compile: key → data as text.
        self.inputs: dict[str, str] = {}
        #: True from a forced page break to the next element: that element starts a page
        #: and keeps its top margin there (CSS does; Typst drops a block's spacing).
        self._page_top = False
        #: Notes drawn with the table they follow (kept with its last row), not again.
        self._notes_drawn: set[HtmlElement] = set()

    # ------------------------------------------------------------------ document level

    def write(self, attachments: Sequence[EmbeddedFile] = ()) -> str:
        """The whole document as Typst markup (to follow print.typ)."""
        document = self.document
        self._metadata()
        first_body = True
        for kind, section in iter_sections(document.root):
            if kind == "cover":
                opening = "#cover-section["
            elif kind == "toc":
                opening = "#toc-section["
            else:
                landscape = "true" if kind == "landscape" else "false"
                first = "true" if first_body else "false"
                opening = f"#body-section(landscape: {landscape}, first-body: {first})["
                first_body = False
            self.lines.append(opening)
            if section.get("id"):
                self._anchor(section.get("id"))
            self._page_top = True
            for element in section:
                if isinstance(element.tag, str):
                    self.visit(element)
                    self._page_top = element.tag == "div"
            self.lines.append("]")
        for index, attachment in enumerate(attachments):
            self._attach(index, attachment)
        return "\n".join(self.lines) + "\n"

    def _metadata(self) -> None:
        """Title, author, subject, keywords and language, from the tree's ``head``."""
        document = self.document
        fields = [f"title: {literal(document.title)}"] if document.title else []
        if document.meta("author"):
            fields.append(f"author: {literal(document.meta('author'))}")
        if document.meta("description"):
            fields.append(f"description: {literal(document.meta('description'))}")
        keywords = [word.strip() for word in document.meta("keywords").split(",")]
        if any(keywords):
            fields.append("keywords: " + _array(literal(word) for word in keywords if word))
        if fields:
            self.lines.append("#set document(" + ", ".join(fields) + ")")
        match = _LANGUAGE_RE.match(document.language)
        if match:
            region = f", region: {literal(match.group(2).lower())}" if match.group(2) else ""
            self.lines.append(f"#set text(lang: {literal(match.group(1).lower())}{region})")

    def _data(self, key: str, data: bytes) -> str:
        """A Typst expression for ``data`` passed through ``sys.inputs`` under ``key``."""
        try:
            self.inputs[key] = data.decode("utf-8")
            return f"bytes(sys.inputs.at({literal(key)}))"
        except UnicodeDecodeError:
            self.inputs[key] = data.decode("latin-1")
            return f"latin1-bytes(sys.inputs.at({literal(key)}))"

    def _attach(self, index: int, attachment: EmbeddedFile) -> None:
        data = self._data(f"attachment/{index}", attachment.data)
        mime = ATTACHMENT_TYPES.get(pathlib.PurePath(attachment.name).suffix.lower(),
                                    "application/octet-stream")
        fields = [literal(attachment.name), data,
                  f"relationship: {literal(attachment.relationship.lower())}",
                  f"mime-type: {literal(mime)}"]
        if attachment.description:
            fields.append(f"description: {literal(attachment.description)}")
        self.lines.append("#pdf.attach(" + ", ".join(fields) + ")")

    def visit(self, element: HtmlElement) -> None:
        """Dispatch to ``visit_<tag>``; an element without a method is an error."""
        method = getattr(self, f"visit_{element.tag}", None)
        if method is None:
            raise DocumentTreeError(f"the Typst writer does not handle <{element.tag}>",
                                    element)
        method(element)

    def _anchor(self, ident: str) -> None:
        self.lines.append(f"#anchor({literal(ident)})")

    def _top(self) -> tuple[str, ...]:
        """The argument that says an element starts a page after a forced break."""
        return ("top: true",) if self._page_top else ()

    def _mark(self, level: int, label: str | None) -> None:
        """An outline entry (PDF bookmark) at this point, when it has a label."""
        if label:
            self.lines.append(f"#mark({level}, {literal(label)})")

    def _call(self, function: str, element: HtmlElement, *args: str,
              preserve_space: bool = False) -> None:
        """``#function(args)[text of element]``, after the element's anchor (its id)."""
        if element.get("id"):
            self._anchor(element.get("id"))
        arguments = f"({', '.join(args)})" if args else ""
        body = _content(inline_content(element, preserve_space=preserve_space))
        self.lines.append(f"#{function}{arguments}{body}")

    # ------------------------------------------------------------------------ headings

    def visit_h1(self, element: HtmlElement) -> None:
        """Part title; a part that is not first in its section starts a page."""
        first = next(c for c in element.getparent() if isinstance(c.tag, str)) is element
        if not first:
            self.lines.append("#page-break()")
        self._mark(1, _outline_label(element))
        self._call("part-title", element, f"first: {'true' if first else 'false'}")

    def visit_h2(self, element: HtmlElement) -> None:
        """Section title, or a table's title (h2.table-title)."""
        self._mark(2, _outline_label(element))
        if "table-title" in classes(element):
            self._call("table-title", element, *self._top())
        else:
            self._call("section-title", element)

    def visit_h3(self, element: HtmlElement) -> None:
        """Sub-section title: a bookmark by its text, unless its section has none."""
        if not _after_unlabelled_section(element):
            self._mark(3, " ".join(element.text_content().split()) or None)
        self._call("subsection-title", element)

    def visit_h4(self, element: HtmlElement) -> None:
        """Numbered sub-heading (no bookmark)."""
        self._call("subheading", element)

    # ---------------------------------------------------------------------- paragraphs

    def visit_p(self, element: HtmlElement) -> None:
        """A paragraph; its class picks the print.typ function."""
        cls = (classes(element) or [None])[0]
        if element in self._notes_drawn:
            return
        first = next(c for c in element.getparent() if isinstance(c.tag, str)) is element
        if cls is None or cls == "list-item":
            self._call("paragraph", element)
        elif cls == "annex-title":
            self._mark(2, _outline_label(element))
            self._call("annex-title", element, *self._top())
        elif cls in ("cover-title", "cover-kind"):
            self._call(cls, element, f"first: {'true' if first else 'false'}")
        elif cls == "table-meta":
            self._table_meta(element)
        elif cls in _SIMPLE_P:
            self._call(cls, element, preserve_space=cls == "toc-title")
        else:  # toc-1 / toc-2 outside a nav: validation refuses them
            raise DocumentTreeError(f"the Typst writer does not handle p.{cls} here", element)

    def _table_meta(self, element: HtmlElement) -> None:
        """部门：… / 2023年度 / 单位：万元 on one line (left, optional centre, right)."""
        parts: dict[str, str] = {}
        for span in element:
            parts[classes(span)[0]] = _content(inline_content(span))
        self.lines.append("#table-meta(" + ", ".join(
            parts.get(side, "none") for side in ("left", "center", "right")) + ")")

    def visit_nav(self, element: HtmlElement) -> None:
        """The TOC: each entry its label, a leader and the page number of its target."""
        for entry in element:
            if not isinstance(entry.tag, str):
                continue
            level = 1 if classes(entry) == ["toc-1"] else 2
            target = entry[0].get("href", "")[1:]
            self.lines.append(f"#toc-entry({level}, {literal(target)}, "
                              f"{_content(inline_content(entry))})")

    def visit_div(self, element: HtmlElement) -> None:
        """div.page-break: the next element starts a new page."""
        self.lines.append("#page-break()")

    def visit_figure(self, element: HtmlElement) -> None:
        """A chart or picture, at most the text width, then its caption."""
        if element.get("id"):
            self._anchor(element.get("id"))
        image = element.find("img")
        source = image.get("src")
        data = self._data(f"resource/{source}", self.document.resources[source])
        image_format = IMAGE_FORMATS[pathlib.PurePath(source).suffix.lower()]
        caption = element.find("figcaption")
        text = "none" if caption is None else _content(inline_content(caption))
        self.lines.append(f"#figure-block({data}, {literal(image_format)}, {text})")

    # -------------------------------------------------------------------------- tables

    def visit_table(self, element: HtmlElement) -> None:
        """A table from its grid: widths, header rows, merged cells, total rows.

        Each cell is a ``table.cell`` whose alignment, padding and text style come from
        print.typ's ``cell-look``, called once per kind of cell in the table (its tag,
        classes, total row, spanning rows) and bound to a name the cells spread. The notes
        after the table are drawn with it, so that they keep with its last row, and the
        rows that never part (a form's last four) are given as ``kept-from``."""
        grid = self.document.table_grid(element)
        form = classes(element) == ["form"]
        previous = element.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        joined = form and previous is not None and previous.tag == "table" and (
            classes(previous) == ["form"])
        form_argument = "true" if form else "false"
        #: cell-look's arguments → the name its result is bound to in this table
        looks: dict[str, str] = {}
        header: list[str] = []
        body: list[str] = []
        for row_index, row in enumerate(grid.rows):
            bold = classes(row) == ["total"]
            for cell, origin in grid.row_cells(row_index):
                if not origin:
                    continue
                look = [f"kind: {literal(cell.element.tag)}", f"form: {form_argument}"]
                cell_classes = classes(cell.element)
                if cell_classes:
                    look.append("classes: " + _array(map(literal, cell_classes)))
                if bold:
                    look.append("bold: true")
                if cell.rowspan > 1:
                    look.append("spanning: true")
                name = looks.setdefault(", ".join(look), f"look{len(looks)}")
                arguments = [f"x: {cell.col}", f"y: {cell.row}"]
                if cell.colspan > 1:
                    arguments.append(f"colspan: {cell.colspan}")
                if cell.rowspan > 1:
                    arguments.append(f"rowspan: {cell.rowspan}")
                text = f"text(..{name}.text, {_content(inline_content(cell.element))})"
                target = header if row_index < grid.header_rows else body
                target.append(f"table.cell({', '.join(arguments)}, ..{name}.cell, {text})")
        self.lines.append("#{")
        self.lines.extend(f"  let {name} = cell-look({look})" for look, name in looks.items())
        notes = [note for note in notes_after(element) if not note.get("id")]
        self._notes_drawn.update(notes)
        kept_from = kept_rows_from(grid, form)
        if notes:  # the last row keeps with them
            kept_from = min(kept_from, max(grid.header_rows, len(grid.rows) - 1))
        kept = f"kept-from: {kept_from}, " if kept_from < len(grid.rows) + len(notes) else ""
        widths = _array(f"{width:.6f}" for width in grid.widths)
        self.lines.append(
            f"  data-table(form: {form_argument}, "
            f"joined: {'true' if joined else 'false'}, widths: {widths},\n"
            f"    rows: {len(grid.rows)}, {kept}"
            f"notes: {_array(_content(inline_content(note)) for note in notes)},\n"
            f"    header: {_array(header)},\n    body: {_array(body)})")
        self.lines.append("}")


def typst_source(document: Document, attachments: Sequence[EmbeddedFile] = (),
                 styles: Sequence[pathlib.Path] = (BASE_STYLE,)) -> tuple[str, dict[str, str]]:
    """The document as one Typst source (the styles, then the document's markup) and the
    ``sys.inputs`` it reads (images and attachments as text)."""
    writer = TypstWriter(document)
    markup = writer.write(attachments)
    style = "\n".join(pathlib.Path(path).read_text(encoding="utf-8") for path in styles)
    return style + "\n" + markup, writer.inputs


@functools.cache
def _compiler() -> typst.Compiler:
    """One Typst compiler per process: system fonts are found once."""
    import typst

    return typst.Compiler()


#: After how many compiles that do not use it the typst package drops a memoized result
#: (it evicts its memo so after every compile).
MEMO_AGE = 10


def forget_layouts() -> None:
    """Let the typst package drop what it laid out for the documents compiled so far.

    The package keeps its memo (layouts, shaped text) across compiles, and drops an entry
    only after ``MEMO_AGE`` compiles that did not use it: a batch worker's memo grew to
    1.9 GB, and each compile got slower among more entries. ``MEMO_AGE`` compiles of an
    empty document (the first also dropping the last document's inputs) age all of it
    out: a worker stays under 0.8 GB. It costs about what it saves (walking the memo ten
    times against faulting in fresh memory: the kernel's share of a batch fell from 10 to
    2%), so a batch takes as long as before, in less than half the memory. A batch calls
    this after each department; nothing happens in a process that has not compiled with
    Typst."""
    if _compiler.cache_info().currsize == 0:
        return
    compiler = _compiler()
    compiler.compile(b"", format="svg", sys_inputs={})
    for _ in range(MEMO_AGE - 1):
        compiler.compile(b"", format="svg")


def render_pdf_typst(document: Document, attachments: Sequence[EmbeddedFile] = (),
                     *, styles: Sequence[pathlib.Path] = (BASE_STYLE,)) -> bytes:
    """Render the document to PDF bytes with Typst, carrying ``attachments``.

    ``styles`` are the Typst files that define the look (print.typ and any region or user
    override, most general first: a later file may redefine a function). Raises
    ``RuntimeError`` when Typst cannot compile the document (a defect of this writer or a
    style file, never of the data).
    """
    import typst

    source, inputs = typst_source(document, attachments, styles)
    try:
        pdf, warnings = _compiler().compile_with_warnings(
            source.encode("utf-8"), format="pdf", sys_inputs=inputs)
    except typst.TypstError as error:
        raise RuntimeError(f"Typst could not compile the document: {error.message} "
                           f"{error.diagnostic}".strip()) from None
    for warning in warnings:
        if not _QUIET_WARNING.match(warning.message):
            LOGGER.warning("typst: %s", warning.message)
    if not isinstance(pdf, bytes):  # pragma: no cover - bytes when no output path is given
        raise RuntimeError("Typst returned no PDF")
    return pdf


"""The document tree: semantic HTML in, a validated lxml tree out (docs/document-tree.md).

``parse_html`` parses the HTML rendered by the templates, ``validate`` rejects anything
outside the closed vocabulary, and :class:`Document` is the validated tree with the
resources (images) it refers to: the one thing both writers (WeasyPrint for PDF,
python-docx for DOCX) receive. The helpers below (``iter_sections``, ``table_grid``,
``inline_content``) compute the facts the writers need from a valid tree, once and in one
place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from generator.render.charts import ChartSpec

SECTION_KINDS = frozenset({"cover", "toc", "portrait", "landscape"})
P_CLASSES = frozenset(
    {"cover-title", "cover-kind", "cover-subtitle", "cover-date", "toc-title", "toc-1",
     "toc-2", "table-code", "table-meta", "note", "annex-title", "list-item"}
)
#: Suffixes of the images a document may carry as resources, with their media type. An
#: SVG is a chart drawn from data (``generator.render.charts``): the DOCX writer draws it
#: as a native chart from the document's ChartSpec of the same name.
IMAGE_TYPES: dict[str, str] = {".png": "image/png", ".jpg": "image/jpeg",
                               ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
_RESOURCE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
CELL_CLASSES = frozenset({"num", "center", "code", "indent-1", "indent-2", "empty-note"})
_INLINE = frozenset({"strong", "br"})
_WIDTH_RE = re.compile(r"^\s*width\s*:\s*(\d+(?:\.\d+)?)\s*%\s*;?\s*$")
_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
_MAX_SPAN = 1000


class DocumentTreeError(ValueError):
    """The HTML is outside the document-tree vocabulary; names the element and its line."""

    def __init__(self, message: str, element: HtmlElement | None = None) -> None:
        self.line: int | None = None if element is None else element.sourceline
        self.tag: str | None = None if element is None else str(element.tag)
        super().__init__(message if element is None else f"{describe(element)}: {message}")


@dataclass(frozen=True)
class _Rule:
    """What one tag may carry: attributes, classes, child tags, and whether it holds text."""

    attrs: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    class_required: bool = False
    multi_class: bool = False
    children: frozenset[str] = frozenset()
    text: bool = False


def _rule(attrs: str = "", classes: frozenset[str] | str = "", children: str = "",
          *, required: bool = False, multi: bool = False, text: bool = False) -> _Rule:
    cls = classes if isinstance(classes, frozenset) else frozenset(classes.split())
    return _Rule(frozenset(attrs.split()), cls, required, multi,
                 frozenset(children.split()), text)


_CELL = _rule("class colspan rowspan", CELL_CLASSES, "strong br", multi=True, text=True)
_HEAD = _rule("id", children="strong br", text=True)
#: A part or section title: ``data-label`` is its label in the TOC and the PDF bookmarks
#: when that differs from its text (一、收入支出决算总表 for a table titled 收入支出决算总表).
_OUTLINE_HEAD = _rule("id data-label", children="strong br", text=True)
VOCABULARY: dict[str, _Rule] = {
    "html": _rule("lang", children="head body"),
    "head": _rule(children="meta title"),
    "meta": _rule("charset name content"),
    "title": _rule(text=True),
    "body": _rule(children="section"),
    "section": _rule("class id", SECTION_KINDS, "h1 h2 h3 h4 p table div nav figure",
                     required=True),
    "nav": _rule("class", "toc", "p", required=True),
    "h1": _OUTLINE_HEAD, "h3": _HEAD,
    "h2": _rule("id class data-label", "table-title", "strong br", text=True),
    "h4": _rule(children="strong br", text=True),
    "p": _rule("class data-label", P_CLASSES, "strong br span a", text=True),
    "span": _rule("class", "left center right", "strong br", required=True, text=True),
    "a": _rule("href", text=True),
    "strong": _rule(children="br", text=True),
    "br": _rule(),
    "table": _rule("class", "data form", "colgroup thead tbody", required=True),
    "colgroup": _rule(children="col"),
    "col": _rule("style"),
    "thead": _rule(children="tr"),
    "tbody": _rule(children="tr"),
    "tr": _rule("class", "total", "th td"),
    "th": _CELL, "td": _CELL,
    "div": _rule("class", "page-break", required=True),
    "figure": _rule("id", children="img figcaption"),
    "img": _rule("src alt"),
    "figcaption": _rule(children="strong br", text=True),
}


def classes(el: HtmlElement) -> list[str]:
    """The element's class names, in source order."""
    return (el.get("class") or "").split()


def describe(el: HtmlElement) -> str:
    """Name an element for messages: ``<td class="num"> (line 12)``."""
    cls = el.get("class")
    attr = f' class="{cls}"' if cls else ""
    return f"<{el.tag}{attr}> (line {el.sourceline})"


@dataclass(frozen=True)
class Document:
    """The validated document tree and the resources its ``img`` elements name.

    ``resources`` maps a resource name (``figure-1.png``, ``chart-1.svg``) to its bytes;
    an ``img src`` is always one of these names, never a path or URL, so both writers
    embed exactly what the renderer produced. ``charts`` maps the name of a chart's SVG
    resource to the :class:`~generator.render.charts.ChartSpec` it was drawn from: the PDF
    shows the SVG, the DOCX a native chart drawn from the same spec.
    """

    root: HtmlElement
    resources: Mapping[str, bytes] = field(default_factory=dict)
    charts: Mapping[str, ChartSpec] = field(default_factory=dict)
    #: Grids of the tables, computed once (:meth:`table_grid`); the tree is not changed
    #: once it is a Document.
    _grids: dict[HtmlElement, TableGrid] = field(default_factory=dict, init=False,
                                                 repr=False, compare=False)

    def table_grid(self, table: HtmlElement) -> TableGrid:
        """:func:`table_grid` of one of the document's tables, computed once for the
        writers, the table files, the content and the self-audit."""
        grid = self._grids.get(table)
        if grid is None:
            grid = self._grids[table] = table_grid(table)
        return grid

    @property
    def title(self) -> str:
        """The document title (``head/title``)."""
        return document_title(self.root)

    def meta(self, name: str) -> str:
        """The content of ``head/meta[@name]`` (author, description, keywords), or ``""``;
        both writers take the document's properties from here."""
        for element in self.root.iterfind("head/meta"):
            if element.get("name") == name:
                return " ".join((element.get("content") or "").split())
        return ""

    @property
    def language(self) -> str:
        """The document's language (``html/@lang``), e.g. ``zh-CN``."""
        return self.root.get("lang") or ""

    def html(self) -> str:
        """The tree serialised as an HTML document (what WeasyPrint reads)."""
        return "<!DOCTYPE html>\n" + lxml.html.tostring(self.root, encoding="unicode")


def parse_html(html: str) -> HtmlElement:
    """Parse HTML text into an lxml tree (not yet validated); return the root element."""
    if not html.strip():
        raise DocumentTreeError("the document is empty")
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DocumentTreeError(f"the HTML cannot be parsed: {exc}") from exc


def validate(root: HtmlElement, resources: Mapping[str, bytes] | None = None,
             charts: Mapping[str, ChartSpec] | None = None,
             grid_of: Callable[[HtmlElement], TableGrid] | None = None) -> None:
    """Check the tree against the vocabulary and its structural rules.

    Raises ``DocumentTreeError`` naming the first offending element, its class and its
    source line. An ``img src`` must name one of ``resources``; each of ``charts`` must
    name an SVG resource. Tables are checked by resolving their grid with ``grid_of``
    (default :func:`table_grid`; a Document's ``table_grid`` keeps them).
    """
    grid_of = grid_of or table_grid
    ids = _check_vocabulary(root)
    _check_structure(root, ids, resources or {}, grid_of)
    for name in charts or {}:
        if not name.lower().endswith(".svg") or name not in (resources or {}):
            raise DocumentTreeError(f"chart {name!r} names no SVG resource of the document")


def parse_document(html: str, resources: Mapping[str, bytes] | None = None) -> HtmlElement:
    """Parse the semantic HTML and validate it; return the root ``html`` element."""
    root = parse_html(html)
    validate(root, resources)
    return root


def _check_vocabulary(root: HtmlElement) -> set[str]:
    """Check every element against ``VOCABULARY``; return the set of ids."""
    ids: set[str] = set()
    if root.tag != "html":
        raise DocumentTreeError("the root element must be <html>", root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            if isinstance(el, lxml.etree._Comment):
                continue
            raise DocumentTreeError(f"unexpected node {el!r} (line {el.sourceline})")
        rule = VOCABULARY.get(el.tag)
        if rule is None:
            raise DocumentTreeError(f"element <{el.tag}> is not in the vocabulary", el)
        for name in el.attrib:
            if name not in rule.attrs:
                raise DocumentTreeError(f"attribute {name!r} is not allowed here", el)
        _check_classes(el, rule)
        if (ident := el.get("id")) is not None:
            if not ident or ident in ids:
                raise DocumentTreeError(f"id {ident!r} is empty or not unique", el)
            ids.add(ident)
        parent = el.getparent()
        if parent is not None and el.tag not in VOCABULARY[parent.tag].children:
            raise DocumentTreeError(f"<{el.tag}> is not allowed inside {describe(parent)}", el)
        if not rule.text:
            _check_no_text(el)
    return ids


def _check_classes(el: HtmlElement, rule: _Rule) -> None:
    names = classes(el)
    for name in names:
        if name not in rule.classes:
            raise DocumentTreeError(f"class {name!r} is not allowed on <{el.tag}>", el)
    if rule.class_required and len(names) != 1:
        raise DocumentTreeError(f"<{el.tag}> needs exactly one of {sorted(rule.classes)}", el)
    if not rule.multi_class and len(names) > 1:
        raise DocumentTreeError(f"<{el.tag}> takes at most one class", el)
    if "indent-1" in names and "indent-2" in names:
        raise DocumentTreeError("indent-1 and indent-2 exclude each other", el)


def _check_no_text(el: HtmlElement) -> None:
    if (el.text or "").strip():
        raise DocumentTreeError(f"text {el.text.strip()[:20]!r} is not allowed here", el)
    for child in el:
        if (child.tail or "").strip():
            raise DocumentTreeError(f"text {child.tail.strip()[:20]!r} is not allowed "
                                    f"inside {describe(el)}", child)


def _check_structure(root: HtmlElement, ids: set[str], resources: Mapping[str, bytes],
                     grid_of: Callable[[HtmlElement], TableGrid]) -> None:
    """Checks that depend on context: sections, the TOC, table-meta, tables, images."""
    body = root.find("body")
    if body is None or len(body.findall("section")) == 0:
        raise DocumentTreeError("the body must hold at least one <section>", root)
    for el in root.iter("nav", "a", "span", "p", "div", "table", "figure", "img"):
        parent = el.getparent()
        cls = classes(el)
        if el.tag == "nav" and "toc" not in classes(parent):
            raise DocumentTreeError("<nav> belongs in <section class=\"toc\">", el)
        elif el.tag == "a":
            href = el.get("href") or ""
            if parent.getparent().tag != "nav":
                raise DocumentTreeError("<a> is allowed only in nav.toc entries", el)
            if not href.startswith("#") or href[1:] not in ids:
                raise DocumentTreeError(f"href {href!r} must be '#id' of an element", el)
        elif el.tag == "span" and "table-meta" not in classes(parent):
            raise DocumentTreeError("<span> is allowed only in p.table-meta", el)
        elif el.tag == "p":
            _check_paragraph(el, cls, parent)
        elif el.tag == "div" and (len(el) or (el.text or "").strip()):
            raise DocumentTreeError("div.page-break must be empty", el)
        elif el.tag == "table":
            grid_of(el)
        elif el.tag == "figure":
            _check_figure(el)
        elif el.tag == "img":
            _check_image(el, resources)
    for section in body.iterchildren("section"):
        navs = section.findall("nav")
        if ("toc" in classes(section)) != (len(navs) == 1):
            raise DocumentTreeError("a section.toc holds exactly one nav.toc; no other "
                                    "section holds one", section)


def _check_figure(el: HtmlElement) -> None:
    children = [c.tag for c in el if isinstance(c.tag, str)]
    if children not in (["img"], ["img", "figcaption"]):
        raise DocumentTreeError("a figure holds one img, then optionally one figcaption", el)


def _check_image(el: HtmlElement, resources: Mapping[str, bytes]) -> None:
    src = el.get("src") or ""
    if el.getparent().tag != "figure":
        raise DocumentTreeError("<img> is allowed only in a figure", el)
    suffix = src[src.rfind("."):].lower() if "." in src else ""
    if not _RESOURCE_NAME_RE.match(src) or suffix not in IMAGE_TYPES:
        raise DocumentTreeError(f"img src {src!r} must be a resource name such as "
                                "'figure-1.png' (png, jpg or svg)", el)
    if src not in resources:
        raise DocumentTreeError(f"img src {src!r} names no resource of the document", el)


def _check_paragraph(el: HtmlElement, cls: list[str], parent: HtmlElement) -> None:
    in_nav = parent.tag == "nav"
    is_entry = bool(cls) and cls[0] in ("toc-1", "toc-2")
    if in_nav != is_entry:
        raise DocumentTreeError("nav.toc holds only p.toc-1/p.toc-2, and only there", el)
    if is_entry and (len(el) != 1 or el[0].tag != "a" or (el.text or "").strip()
                     or (el[0].tail or "").strip()):
        raise DocumentTreeError("a TOC entry holds exactly one <a href=\"#id\">", el)
    if el.get("data-label") is not None and cls != ["annex-title"]:
        raise DocumentTreeError("data-label is allowed only on h1, h2 and p.annex-title", el)
    if cls == ["table-meta"]:
        if (el.text or "").strip() or any(c.tag != "span" for c in el):
            raise DocumentTreeError("p.table-meta holds only span.left / span.center / "
                                    "span.right", el)
    elif any(c.tag == "span" for c in el):
        raise DocumentTreeError("<span> is allowed only in p.table-meta", el)


def iter_sections(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Yield ``(kind, section)`` for each body section; kind is cover/toc/portrait/landscape."""
    for section in root.find("body").iterchildren("section"):
        yield classes(section)[0], section


def document_title(root: HtmlElement) -> str:
    """The text of ``head/title`` (the document title), or ``""``."""
    title = root.find("head/title")
    return "" if title is None else " ".join((title.text or "").split())


# ------------------------------------------------------------------------------ tables


@dataclass(frozen=True)
class GridCell:
    """One th/td placed on the table grid (0-based origin, spans of at least 1)."""

    element: HtmlElement
    row: int
    col: int
    rowspan: int
    colspan: int

    @property
    def header(self) -> bool:
        """True for cells of ``thead`` rows."""
        return self.element.getparent().getparent().tag == "thead"


@dataclass(frozen=True)
class TableGrid:
    """A table resolved onto its grid: ``slots[r][c]`` is the cell covering that slot."""

    rows: tuple[HtmlElement, ...]
    header_rows: int
    n_cols: int
    slots: tuple[tuple[GridCell, ...], ...]
    widths: tuple[float, ...]

    def row_cells(self, r: int) -> Iterator[tuple[GridCell, bool]]:
        """Yield ``(cell, is_origin_row)`` once per cell touching row ``r``, left to right."""
        c = 0
        while c < self.n_cols:
            cell = self.slots[r][c]
            yield cell, cell.row == r
            c += cell.colspan


#: How many rows at the end of a form never part (print.css: ``table.form tbody
#: tr:nth-last-child(-n+3) { break-before: avoid }``: no page starts at its last three rows).
FORM_KEPT_ROWS = 4


def kept_rows_from(grid: TableGrid, form: bool) -> int:
    """The first of the body rows at the end of a table that stay on one page (a form's
    last :data:`FORM_KEPT_ROWS`), or the row count when no rows are kept together."""
    if not form:
        return len(grid.rows)
    return max(grid.header_rows, len(grid.rows) - FORM_KEPT_ROWS)


def notes_after(table: HtmlElement) -> list[HtmlElement]:
    """The table notes (p.note) that follow ``table`` one after another: they keep with
    its last row (print.css: ``table + p.note, p.note + p.note { break-before: avoid }``)."""
    notes: list[HtmlElement] = []
    following = table.getnext()
    while following is not None:
        if isinstance(following.tag, str):
            if following.tag != "p" or classes(following) != ["note"]:
                break
            notes.append(following)
        following = following.getnext()
    return notes


def _span(cell: HtmlElement, name: str) -> int:
    raw = cell.get(name, "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= _MAX_SPAN:
        raise DocumentTreeError(f"{name}={raw!r} must be an integer from 1 to {_MAX_SPAN}",
                                cell)
    return int(raw)


def table_grid(table: HtmlElement) -> TableGrid:
    """Place every cell of ``table`` on a grid in one pass (colspan/rowspan resolved).

    Raises ``DocumentTreeError`` when the table is not a full rectangle, a rowspan leaves
    its thead/tbody, or the colgroup does not match the number of columns.
    """
    groups = [g for g in table if g.tag in ("thead", "tbody")]
    order = [g.tag for g in table]
    if (order.count("colgroup") > 1 or order.count("thead") > 1 or "tbody" not in order
            or order != sorted(order, key=["colgroup", "thead", "tbody"].index)):
        raise DocumentTreeError("a table is colgroup?, thead?, tbody+ in that order", table)
    rows: list[HtmlElement] = []
    grid: list[list[GridCell | None]] = []
    n_cols = 0
    for group in groups:
        start = len(rows)
        group_rows = list(group)
        for r, tr in enumerate(group_rows, start):
            rows.append(tr)
            while len(grid) <= r:
                grid.append([])
            c = 0
            for td in tr:
                line = grid[r]
                while c < len(line) and line[c] is not None:
                    c += 1
                cell = GridCell(td, r, c, _span(td, "rowspan"), _span(td, "colspan"))
                if r + cell.rowspan > start + len(group_rows):
                    raise DocumentTreeError(f"rowspan leaves its <{group.tag}>", td)
                for rr in range(r, r + cell.rowspan):
                    while len(grid) <= rr:
                        grid.append([])
                    target = grid[rr]
                    target.extend([None] * (c + cell.colspan - len(target)))
                    for cc in range(c, c + cell.colspan):
                        if target[cc] is not None:
                            raise DocumentTreeError("cell overlaps another cell", td)
                        target[cc] = cell
                c += cell.colspan
        if start == len(rows):
            raise DocumentTreeError(f"<{group.tag}> has no rows", group)
    n_cols = max(len(line) for line in grid)
    if n_cols == 0:
        raise DocumentTreeError("the table has no cells", table)
    for r, line in enumerate(grid):
        if len(line) != n_cols or any(slot is None for slot in line):
            filled = sum(slot is not None for slot in line)
            raise DocumentTreeError(f"row fills {filled} of {n_cols} columns", rows[r])
    header_rows = sum(len(g) for g in groups if g.tag == "thead")
    slots = tuple(tuple(line) for line in grid)  # type: ignore[arg-type]
    return TableGrid(tuple(rows), header_rows, n_cols, slots, _widths(table, n_cols))


def _widths(table: HtmlElement, n_cols: int) -> tuple[float, ...]:
    colgroup = table.find("colgroup")
    if colgroup is None:
        return tuple(1 / n_cols for _ in range(n_cols))
    values: list[float] = []
    for col in colgroup:
        match = _WIDTH_RE.match(col.get("style", ""))
        if match is None or float(match.group(1)) <= 0:
            raise DocumentTreeError('col needs style="width: N%" with N > 0', col)
        values.append(float(match.group(1)))
    if len(values) != n_cols:
        raise DocumentTreeError(f"colgroup has {len(values)} cols, the table {n_cols}",
                                colgroup)
    total = sum(values)
    return tuple(v / total for v in values)


# ----------------------------------------------------------------------------- inline


@dataclass(frozen=True)
class Inline:
    """A run of text with its formatting; ``"\\n"`` in ``text`` is a line break (br)."""

    text: str
    bold: bool = False
    href: str | None = None


def inline_content(el: HtmlElement, *, preserve_space: bool = False) -> list[Inline]:
    """The text of a paragraph-like element as runs, whitespace collapsed as HTML does.

    Runs of ASCII whitespace become one space; spaces at the start and end of the element
    and around ``br`` are dropped. ``preserve_space`` keeps spaces as written (newlines
    still become spaces). Raises ``DocumentTreeError`` on an element that is not inline.
    """
    if len(el) == 0:  # text only (most table cells): what the general walk gives
        text = (el.text or "").replace("\n", " ") if preserve_space else (
            _SPACE_RE.sub(" ", el.text or "").strip(" "))
        return [Inline(text)] if text else []
    pieces: list[Inline] = []
    _collect(el, False, None, pieces)
    out: list[Inline] = []
    line_start = True
    for piece in pieces:
        if isinstance(piece, _LineBreak):
            if out and out[-1].text.endswith(" ") and not preserve_space:
                out[-1] = Inline(out[-1].text.rstrip(" "), out[-1].bold, out[-1].href)
            out.append(Inline("\n", piece.bold, piece.href))
            line_start = True
            continue
        text = piece.text.replace("\n", " ") if preserve_space else (
            _SPACE_RE.sub(" ", piece.text))
        if not preserve_space and (line_start or (out and out[-1].text.endswith(" "))):
            text = text.lstrip(" ")
        if text:
            out.append(Inline(text, piece.bold, piece.href))
            line_start = False
    if out and not preserve_space:
        out[-1] = Inline(out[-1].text.rstrip(" "), out[-1].bold, out[-1].href)
    return _merge([p for p in out if p.text])


class _LineBreak(Inline):
    """A ``br`` while the runs are collected (a text that is only a newline is not one)."""


def _collect(el: HtmlElement, bold: bool, href: str | None, out: list[Inline]) -> None:
    if el.text:
        out.append(Inline(el.text, bold, href))
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "br":
                out.append(_LineBreak("\n", bold, href))
            elif child.tag in ("strong", "a", "span"):
                _collect(child, bold or child.tag == "strong", child.get("href", href), out)
            else:
                raise DocumentTreeError(f"<{child.tag}> is not inline content", child)
        if child.tail:
            out.append(Inline(child.tail, bold, href))


def _merge(runs: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].href) == (run.bold, run.href):
            merged[-1] = Inline(merged[-1].text + run.text, run.bold, run.href)
        else:
            merged.append(run)
    return merged


"""DOCX writer: the validated document tree (docs/document-tree.md) in, .docx bytes out.

A strict visitor over the ``Document``: each element has a ``visit_<tag>`` method and an
element without one raises ``DocumentTreeError`` (nothing is silently dropped). It only
names styles; fonts, sizes and page setup come from the reference document
(``docx_reference``). Each ``section`` becomes a Word section on a new page, portrait or
landscape; tables are built in one pass over a precomputed grid. The output is
deterministic: the same HTML gives byte-identical files.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Pt, Twips
from docx.text.paragraph import Paragraph
from lxml.etree import _Element
from lxml.html import HtmlElement

from generator.render import docx_xml, tree
from generator.render.charts import CHART_HEIGHT, CHART_WIDTH, ChartSpec, add_native_chart
from generator.render.docx_reference import (
    LANDSCAPE_FOOTER_DISTANCE,
    LANDSCAPE_MARGINS,
    STYLE_NAMES,
    ensure_style,
    load_reference,
)
from generator.render.tree import (
    DocumentTreeError,
    Inline,
    TableGrid,
    classes,
    inline_content,
    iter_sections,
    kept_rows_from,
    notes_after,
    table_grid,
)

#: The TOC field, as hyperlinks: part and section headings (outline levels 1–2) and the
#: TC entries of level 1–2 that table titles carry (一、收入支出决算总表: the number is
#: not printed in the title, so the entry cannot come from the heading's text).
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u \\l "1-2"'
_P_STYLES = {
    None: "Normal", "cover-title": "Title", "cover-kind": "封面类别",
    "cover-subtitle": "Subtitle",
    "cover-date": "封面日期", "toc-title": "TOC Heading", "table-code": "表格编号",
    "table-meta": "表格信息行", "note": "表格注释", "annex-title": "附件标题",
    "list-item": "列表项", "toc-1": "toc 1", "toc-2": "toc 2",
}
#: A table cell's paragraph alignment (``w:jc``) by its class.
_ALIGN = {"num": "right", "center": "center", "empty-note": "center"}
_FRONT = ("cover", "toc")
#: Word's outline level of body text (``w:outlineLvl`` 9): not a heading.
BODY_TEXT_LEVEL = 9
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_COVER_TOP_SPACE = Pt(142)


def render_docx(document: tree.Document, reference: Path | None = None) -> bytes:
    """Write the document to DOCX bytes, styled by ``reference`` (or ours)."""
    doc = load_reference(reference)
    DocxWriter(doc, own_reference=reference is None).write(document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_package(buffer.getvalue())


def normalize_package(data: bytes) -> bytes:
    """Rewrite a zip package with fixed entry dates and attributes (byte-stable output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


#: The extended (application) properties part, written anew for every document.
APP_PROPERTIES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Template>Normal.dotm</Template><Application>{application}</Application>\
<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company>{company}</Company>\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
<HyperlinksChanged>false</HyperlinksChanged></Properties>"""
#: What ``docProps/app.xml`` names as the application that wrote the file.
APPLICATION = "disclosure-generator"


def set_application_properties(doc: Document, company: str) -> None:
    """Write ``docProps/app.xml``: this generator as the application and the department as
    the company, instead of the template's "Microsoft Macintosh Word" 14.0 and its stale
    page and word counts (Word recounts them when it saves)."""
    blob = APP_PROPERTIES.format(application=APPLICATION,
                                 company=xml_escape(company)).encode("utf-8")
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            # python-docx keeps this part opaque; its blob is the only handle.
            part._blob = blob
            return


def bookmark_name(ident: str, taken: set[str]) -> str:
    """A Word bookmark name for an HTML id: hidden (leading ``_``), ≤ 40 chars, unique."""
    base = "_" + re.sub(r"[^0-9A-Za-z_]", "_", ident)[:35]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


class DocxWriter:
    """Writes a validated document tree into a reference ``Document`` (see ``write``)."""

    def __init__(self, doc: Document, *, own_reference: bool = True) -> None:
        self.doc = doc
        self._own_reference = own_reference
        self.body = doc.element.body
        self.style_ids = {name: doc.styles[name].style_id for name in STYLE_NAMES}
        sentinel = self.body.get_or_add_sectPr()
        #: The body's last child, the open section's properties: every block goes just
        #: before it (python-docx's ``add_p`` would search the body for it each time,
        #: which makes a long document quadratic).
        self._sectpr = sentinel
        self._ref_refs = [copy.deepcopy(ref) for ref in sentinel
                          if ref.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        docx_xml.remove_header_footer_references(sentinel)
        ref = Section(sentinel, doc.part)
        self._portrait = (ref.top_margin, ref.right_margin, ref.bottom_margin,
                          ref.left_margin, ref.footer_distance)
        self._landscape = (*LANDSCAPE_MARGINS, LANDSCAPE_FOOTER_DISTANCE)
        self._anchors: dict[str, str] = {}
        self._bookmark_id = 0
        self._page_break = False
        self._text_width = 0
        self._resources: dict[str, bytes] = {}
        self._charts: dict[str, ChartSpec] = {}
        self._table_grid: Callable[[HtmlElement], TableGrid] = table_grid

    # ------------------------------------------------------------------ document level

    def write(self, document: tree.Document) -> None:
        """Write the whole tree: sections, then footers/page numbers and settings."""
        root = document.root
        self._resources = dict(document.resources)
        self._charts = dict(document.charts)
        self._table_grid = document.table_grid
        taken: set[str] = set()
        for el in root.iter("h1", "h2", "h3"):
            if el.get("id"):
                self._anchors[el.get("id")] = bookmark_name(el.get("id"), taken)
        props = self.doc.core_properties
        props.title = document.title
        props.author = document.meta("author")
        props.subject = document.meta("description")
        props.keywords = document.meta("keywords")
        props.language = document.language
        props.revision = 1
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for old in props._element.findall(qn(tag)):
                props._element.remove(old)
        kinds: list[str] = []
        for index, (kind, section) in enumerate(iter_sections(root)):
            if index:
                self._end_section()
            self._start_section(kind)
            kinds.append(kind)
            for el in section:
                if isinstance(el.tag, str):
                    self.visit(el)
        if self._last_block_is_table():
            self._spacer()
        self._assign_headers_footers(kinds)
        settings = self.doc.settings.element
        docx_xml.set_compatibility_mode(settings, 15)
        docx_xml.set_no_justify_before_line_break(settings)
        set_application_properties(self.doc, company=document.meta("author"))
        if root.find(".//nav") is not None:
            docx_xml.set_update_fields(settings)

    def visit(self, el: HtmlElement) -> None:
        """Dispatch to ``visit_<tag>``; an element without a method is an error."""
        method = getattr(self, f"visit_{el.tag}", None)
        if method is None:
            raise DocumentTreeError(f"the DOCX writer does not handle <{el.tag}>", el)
        method(el)

    def _start_section(self, kind: str) -> None:
        """Set up the last (open) Word section for an HTML section of ``kind``."""
        sectpr = self._sectpr
        docx_xml.set_section_start(sectpr, "nextPage")
        section = Section(sectpr, self.doc.part)
        landscape = kind == "landscape"
        docx_xml.set_orientation(sectpr, landscape=landscape)
        (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin,
         section.footer_distance) = self._landscape if landscape else self._portrait
        self._text_width = Emu(section.page_width - section.left_margin
                               - section.right_margin).twips

    def _end_section(self) -> None:
        """Close the open section: its properties move into its last paragraph."""
        last = self._sectpr.getprevious()
        # A table, a paragraph that already ends a section, or a framed paragraph (which
        # LibreOffice anchors to the next paragraph) cannot carry the section break.
        if last is None or last.tag != qn("w:p") or last.find(
                f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None or last.find(
                f"{qn('w:pPr')}/{qn('w:framePr')}") is not None:
            last = self._spacer()
        last.get_or_add_pPr()._insert_sectPr(copy.deepcopy(self._sectpr))

    def _last_block_is_table(self) -> bool:
        last = self._sectpr.getprevious()
        return last is not None and last.tag == qn("w:tbl")

    def _add_block(self, block: _Element) -> _Element:
        """Append a paragraph or table to the body (before the open section's
        properties), in constant time."""
        self._sectpr.addprevious(block)
        return block

    def _spacer(self) -> _Element:
        """An empty 1pt paragraph (after a table, before a section break)."""
        p = self._add_block(OxmlElement("w:p"))
        ppr = p.get_or_add_pPr()
        ppr.style = self.style_ids["表格注释"]
        docx_xml.child(ppr, "w:spacing", docx_xml.PPR_SEQ, before="0", after="0",
                       line="20", lineRule="exact")
        return p

    def _assign_headers_footers(self, kinds: list[str]) -> None:
        """Cover/TOC pages get blank headers and footers; body pages the reference ones,
        with page numbering restarting at 1 on the first body page."""
        sectprs = [*self.body.xpath("./w:p/w:pPr/w:sectPr"), self.body.sectPr]
        numbered = False
        for index, (kind, sectpr) in enumerate(zip(kinds, sectprs, strict=True)):
            front = kind in _FRONT
            if index and front == (kinds[index - 1] in _FRONT):
                continue
            if front:
                section = Section(sectpr, self.doc.part)
                kinds_present = {ref.tag for ref in self._ref_refs}
                if qn("w:footerReference") in kinds_present:
                    section.footer.is_linked_to_previous = False
                if qn("w:headerReference") in kinds_present:
                    section.header.is_linked_to_previous = False
            else:
                for ref in self._ref_refs:
                    kind_name = "header" if ref.tag == qn("w:headerReference") else "footer"
                    docx_xml.add_header_footer_reference(
                        sectpr, kind_name, ref.get(qn("w:type")), ref.get(qn("r:id")))
                if not numbered:
                    docx_xml.set_page_number_start(sectpr, 1)
                    numbered = True

    # --------------------------------------------------------------------- paragraphs

    def _paragraph(self, style: str) -> Paragraph:
        """A new body paragraph in the named style (applies a pending page break)."""
        paragraph = Paragraph(self._add_block(OxmlElement("w:p")), self.doc._body)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.style = self.style_ids[style]
        if self._page_break:
            docx_xml.set_page_break_before(ppr)
            self._page_break = False
        return paragraph

    def _runs(self, paragraph: Paragraph, runs: list[Inline], bold: bool = False) -> None:
        """Append inline runs (bold, line breaks, TOC links) to ``paragraph``: written as
        markup (:meth:`_runs_markup`) and parsed at once, as a table's cells are."""
        docx_xml.append_markup(paragraph._p, self._runs_markup(runs, bold))

    def _heading(self, el: HtmlElement, style: str) -> Paragraph:
        paragraph = self._paragraph(style)
        self._runs(paragraph, inline_content(el))
        anchor = self._anchors.get(el.get("id") or "")
        if anchor is not None:
            self._bookmark_id += 1
            docx_xml.add_bookmark(paragraph._p, anchor, self._bookmark_id)
        return paragraph

    def visit_h1(self, el: HtmlElement) -> None:
        """Part title (Heading 1); a part that is not first in its section starts a page."""
        first = next(c for c in el.getparent() if isinstance(c.tag, str)) is el
        if not first:
            self._page_break = True
        self._heading(el, "Heading 1")

    def visit_h2(self, el: HtmlElement) -> None:
        """Section title (Heading 2), or a table's title (h2.table-title: 表格标题).

        A table's title enters the TOC by a TC field with its outline label (one with the
        number, 一、收入支出决算总表), and the paragraph itself is body text to Word's
        outline, so that an updated TOC lists it once and keeps its number.
        """
        if "table-title" not in classes(el):
            self._heading(el, "Heading 2")
            return
        paragraph = self._heading(el, "表格标题")
        label = el.get("data-label")
        if label:
            ppr = paragraph._p.get_or_add_pPr()
            docx_xml.set_outline_level(ppr, BODY_TEXT_LEVEL)
            docx_xml.add_toc_entry(paragraph._p, label, 2)

    def visit_h3(self, el: HtmlElement) -> None:
        """Sub-section title (Heading 3)."""
        self._heading(el, "Heading 3")

    def visit_h4(self, el: HtmlElement) -> None:
        """Numbered sub-heading (Heading 4)."""
        self._heading(el, "Heading 4")

    def visit_p(self, el: HtmlElement) -> None:
        """A paragraph; its class picks the style (see ``_P_STYLES``)."""
        cls = (classes(el) or [None])[0]
        if cls == "table-meta":
            self._table_meta(el)
            return
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        paragraph = self._paragraph(_P_STYLES[cls])
        if cls in ("cover-title", "cover-kind") and prev is None:
            paragraph.paragraph_format.space_before = _COVER_TOP_SPACE
        elif cls == "cover-date":
            docx_xml.set_frame_at_page_bottom(paragraph._p.get_or_add_pPr(), self._text_width)
        self._runs(paragraph, inline_content(el, preserve_space=cls == "toc-title"))

    def _table_meta(self, el: HtmlElement) -> None:
        """部门：… ⇥ 2023年度 ⇥ 单位：万元 — one line: the middle part (if any) on a centre
        tab stop, the right part on a right tab stop."""
        paragraph = self._paragraph("表格信息行")
        tabs = paragraph.paragraph_format.tab_stops
        if any(classes(span) == ["center"] for span in el):
            tabs.add_tab_stop(Twips(self._text_width // 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Twips(self._text_width), WD_TAB_ALIGNMENT.RIGHT)
        for span in el:
            if classes(span) in (["center"], ["right"]):
                paragraph.add_run("\t")
            self._runs(paragraph, inline_content(span))

    def visit_nav(self, el: HtmlElement) -> None:
        """The TOC: a TOC field whose cached result is the nav entries, each a link to its
        heading. Page numbers appear when Word updates the field (``w:updateFields``)."""
        entries = [p for p in el if isinstance(p.tag, str)]
        if not entries:
            paragraph = self._paragraph("toc 1")
            docx_xml.begin_field(paragraph._p, TOC_INSTRUCTION, dirty=True)
            docx_xml.end_field(paragraph._p)
            return
        for index, entry in enumerate(entries):
            paragraph = self._paragraph(_P_STYLES[classes(entry)[0]])
            if index == 0:
                docx_xml.begin_field(paragraph._p, TOC_INSTRUCTION, dirty=True)
            self._runs(paragraph, inline_content(entry))
            if index == len(entries) - 1:
                docx_xml.end_field(paragraph._p)

    def _style(self, name: str) -> str:
        """The id of an on-demand style (defined the first time a document needs it)."""
        if name not in self.style_ids:
            self.style_ids[name] = ensure_style(self.doc, name, ours=self._own_reference)
        return self.style_ids[name]

    def visit_figure(self, el: HtmlElement) -> None:
        """A figure, centred at most the text width, then its caption.

        A chart (an SVG resource with a ChartSpec in ``Document.charts``) becomes a native
        Word chart drawn from the spec; a PNG or JPEG a picture. An SVG without a spec is
        refused: Word would need a raster fallback the document does not have.
        """
        image = el.find("img")
        src = image.get("src")
        spec = self._charts.get(src)
        if spec is None and src.lower().endswith(".svg"):
            raise DocumentTreeError(f"img src {src!r} is an SVG without a chart spec: the "
                                    "DOCX can show a chart (Document.charts) or a PNG/JPEG "
                                    "picture, not an SVG image", image)
        paragraph = self._paragraph("Normal")
        paragraph._p.get_or_add_pPr().style = self._style("图片")
        # A line of exact height clips an inline drawing to it (Word and LibreOffice show
        # a strip of the picture): the figure's line is as high as what it holds.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = paragraph.add_run()
        limit = Twips(self._text_width)
        if spec is not None:
            width = min(CHART_WIDTH, limit)
            add_native_chart(run, spec, Emu(width), Emu(round(CHART_HEIGHT * width
                                                              / CHART_WIDTH)))
        else:
            picture = run.add_picture(io.BytesIO(self._resources[src]))
            if picture.width > limit:
                picture.height = round(picture.height * limit / picture.width)
                picture.width = limit
        caption = el.find("figcaption")
        if caption is not None:
            paragraph = self._paragraph("Normal")
            paragraph._p.get_or_add_pPr().style = self._style("Caption")
            self._runs(paragraph, inline_content(caption))

    def visit_div(self, el: HtmlElement) -> None:
        """div.page-break: the next paragraph starts a new page."""
        self._page_break = True

    # ------------------------------------------------------------------------- tables

    def visit_table(self, el: HtmlElement) -> None:
        """Build the table in one pass over its grid: merges, header rows, widths.

        Rows never split across pages; header rows repeat on every page and keep with the
        next row; the last row keeps with a note that follows the table, and (as print.css)
        the last four rows of a form never part.
        """
        if self._page_break:
            self._paragraph("表格注释")
        elif self._last_block_is_table():
            self._spacer()  # Word would join the two tables; a 1pt paragraph keeps them apart
        grid = self._table_grid(el)
        widths = [round(f * self._text_width) for f in grid.widths]
        widths[-1] += self._text_width - sum(widths)
        form = classes(el) == ["form"]
        # cell padding as print.css sets it: forms 1.5pt 3pt, number tables 2pt 4pt
        table = docx_xml.TableMarkup(widths, cell_margins=(30, 60) if form else (40, 80))
        text_style = self.style_ids["附表文字" if form else "表格文字"]
        head_style = self.style_ids["表格表头"]
        last = len(grid.rows) - 1
        kept_from = kept_rows_from(grid, form)
        note_follows = bool(notes_after(el))
        for row, tr_el in enumerate(grid.rows):
            header = row < grid.header_rows
            table.add_row(header=header)
            keep = header or kept_from <= row < last or (row == last and note_follows)
            bold_row = classes(tr_el) == ["total"]
            for cell, origin in grid.row_cells(row):
                merge = None if cell.rowspan == 1 else ("restart" if origin else "continue")
                width = sum(widths[cell.col:cell.col + cell.colspan])
                style = head_style if cell.element.tag == "th" else text_style
                if not origin:
                    table.add_cell(width, style=style, grid_span=cell.colspan, v_merge=merge,
                                   keep_with_next=keep)
                    continue
                cell_cls = classes(cell.element)
                table.add_cell(
                    width, style=style, grid_span=cell.colspan, v_merge=merge,
                    no_wrap="num" in cell_cls or "code" in cell_cls, keep_with_next=keep,
                    indent_chars=next((level for level in (2, 1)
                                       if f"indent-{level}" in cell_cls), 0),
                    align=next((_ALIGN[c] for c in cell_cls if c in _ALIGN), None),
                    content=self._runs_markup(inline_content(cell.element), bold_row))
        self._add_block(table.element())

    def _runs_markup(self, runs: list[Inline], bold: bool = False) -> str:
        """Inline runs as markup: ``w:r`` (:func:`docx_xml.run_markup`), in a
        ``w:hyperlink`` to its bookmark when the run links to a heading (a TOC entry)."""
        parts = []
        for inline in runs:
            run = docx_xml.run_markup(inline.text, inline.bold or bold)
            anchor = self._anchors.get((inline.href or "")[1:])
            parts.append(run if anchor is None else docx_xml.hyperlink_markup(anchor, run))
        return "".join(parts)

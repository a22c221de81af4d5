"""The reference document: named styles and page setup in, a python-docx ``Document`` out.

Like pandoc's ``--reference-doc``, the DOCX writer takes fonts, sizes, spacing, page size,
margins and the page-number footer from a reference document and only names styles.
``build_reference`` makes ours in code (GB/T 9704-like: A4, 仿宋_GB2312 三号 body on a
28pt line, 黑体/楷体 headings, 宋体 tables, "- 1 -" page numbers), matching
``templates/base/print.css``. ``load_reference`` opens a user's .docx instead and adds any
style the writer needs that it lacks.

Either is prepared once per process (per version of a user's file) and kept as package
bytes; every report opens its own copy of them, which it is free to change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips
from docx.styles.style import ParagraphStyle
from lxml import etree

from generator.render import docx_xml

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
#: Font substitutes written to the font table (``w:altName``) for machines without the
#: GB2312-era fonts; 黑体 and 宋体 ship with every Chinese Windows.
FONT_ALTERNATES = {FANGSONG: "仿宋", KAITI: "楷体", HEITI: None, SONGTI: None}

A4 = (Cm(21.0), Cm(29.7))
#: Portrait margins (top, right, bottom, left): the GB/T 9704 type area of 156 × 225 mm.
PORTRAIT_MARGINS = (Cm(3.7), Cm(2.6), Cm(3.5), Cm(2.8))
#: Landscape table pages use narrower margins, as print.css does.
LANDSCAPE_MARGINS = (Cm(2.2), Cm(2.0), Cm(2.2), Cm(2.0))
HEADER_DISTANCE = Cm(1.5)
FOOTER_DISTANCE = Cm(2.4)
LANDSCAPE_FOOTER_DISTANCE = Cm(1.0)

L, C, R, J = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
              WD_ALIGN_PARAGRAPH.JUSTIFY)


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: sizes in points, ``indent_chars`` in characters."""

    name: str
    style_id: str
    font: str
    size: float
    line: float
    align: WD_ALIGN_PARAGRAPH = L
    based_on: str | None = "Normal"
    bold: bool = False
    indent_chars: float = 0
    left_chars: float = 0
    before: float = 0
    after: float = 0
    outline: int | None = None
    keep_next: bool = False
    next_id: str | None = None
    builtin: bool = True
    letter_spacing: float = 0
    tab_leader: bool = False


#: Every paragraph style the DOCX writer names, in the order they are defined.
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", FANGSONG, 16, 28, J, None, indent_chars=2),
    StyleSpec("Heading 1", "Heading1", HEITI, 22, 33, C, before=0, after=18, outline=0,
              keep_next=True, next_id="Normal"),
    StyleSpec("Heading 2", "Heading2", HEITI, 16, 28, J, indent_chars=2, outline=1,
              keep_next=True, next_id="Normal"),
    StyleSpec("Heading 3", "Heading3", KAITI, 16, 28, J, indent_chars=2, outline=2,
              keep_next=True, next_id="Normal"),
    StyleSpec("Heading 4", "Heading4", FANGSONG, 16, 28, J, bold=True, indent_chars=2,
              outline=3, keep_next=True, next_id="Normal"),
    StyleSpec("Title", "Title", HEITI, 26, 42, C, next_id="Title"),
    StyleSpec("Subtitle", "Subtitle", HEITI, 26, 42, C, before=142, next_id="Title"),
    StyleSpec("封面类别", "CoverKind", HEITI, 36, 58, C, "Title", before=8,
              builtin=False, letter_spacing=10.8),
    StyleSpec("封面日期", "CoverDate", HEITI, 18, 27, C, builtin=False,
              letter_spacing=1.8),
    StyleSpec("TOC Heading", "TOCHeading", HEITI, 22, 33, C, after=18),
    StyleSpec("toc 1", "TOC1", HEITI, 14, 19, L, before=3, tab_leader=True),
    StyleSpec("toc 2", "TOC2", FANGSONG, 14, 19, L, left_chars=2, tab_leader=True),
    StyleSpec("表格标题", "TableTitle", HEITI, 18, 27, C, "Heading 2", before=3,
              after=2, outline=9, keep_next=True, builtin=False),
    StyleSpec("表格编号", "TableCode", SONGTI, 10.5, 16, R, keep_next=True, builtin=False),
    StyleSpec("表格信息行", "TableMeta", SONGTI, 10.5, 16, L, after=2, keep_next=True,
              builtin=False),
    StyleSpec("表格文字", "TableText", SONGTI, 10, 13, L, builtin=False),
    StyleSpec("表格表头", "TableHeading", SONGTI, 10, 13, C, "表格文字", bold=True,
              builtin=False),
    StyleSpec("附表文字", "FormText", SONGTI, 9, 12, L, "表格文字", builtin=False),
    StyleSpec("表格注释", "TableNote", SONGTI, 9, 13.5, L, before=3, builtin=False),
    StyleSpec("附件标题", "AnnexTitle", HEITI, 18, 29, C, before=4, after=10,
              keep_next=True, builtin=False),
    StyleSpec("列表项", "ListItem", FANGSONG, 16, 28, J, indent_chars=2, builtin=False),
    StyleSpec("Header", "Header", SONGTI, 10.5, 16, C),
    StyleSpec("Footer", "Footer", SONGTI, 14, 21, C),
)
STYLE_NAMES = tuple(spec.name for spec in STYLES)

#: Styles added to a document only when it needs them (so that documents without them
#: stay byte-identical to those made before the style existed).
ON_DEMAND_STYLES: dict[str, StyleSpec] = {
    "图片": StyleSpec("图片", "Figure", SONGTI, 10.5, 16, C, keep_next=True,
                      builtin=False),
    "Caption": StyleSpec("Caption", "Caption", HEITI, 12, 20, C, after=6),
}


def ensure_style(doc: Document, name: str, *, ours: bool) -> str:
    """The style id of ``name``, defined from :data:`ON_DEMAND_STYLES` when needed.

    In our own reference (``ours``) the style is (re)defined as specified; a user's
    reference keeps its definition and only gains the style if it lacks it.
    """
    if not ours:
        for style in doc.styles:
            if style.name == name:
                return style.style_id
    return apply_style(doc, ON_DEMAND_STYLES[name]).style_id


def build_reference() -> Document:
    """Build the default reference document (styles, A4 page, footer) from scratch."""
    doc = docx.Document()
    _drop_thumbnail(doc)
    _set_doc_defaults(doc)
    for spec in STYLES:
        apply_style(doc, spec)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    (section.top_margin, section.right_margin, section.bottom_margin,
     section.left_margin) = PORTRAIT_MARGINS
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Twips(0)
    _add_page_number_footer(doc)
    docx_xml.set_theme_font_language(doc.settings.element)
    declare_fonts(doc)
    _blank_properties(doc)
    return doc


def _blank_properties(doc: Document) -> None:
    """Author, comments and last editor of our reference: empty, written out in full
    (``<dc:description></dc:description>``) as the writer has always written them."""
    props = doc.core_properties
    props.author = props.comments = props.last_modified_by = ""


def load_reference(path: Path | None = None) -> Document:
    """The reference document, a fresh copy for one report: ours when ``path`` is None,
    else the user's .docx.

    A user's document keeps its styles, page setup, headers and footers; its body is
    emptied, and each style of ``STYLES`` it lacks is added with our definition. The
    reference is prepared once per process (once per version of a user's file: its path,
    modification time and size) and each call opens a copy of it.
    """
    if path is None:
        doc = docx.Document(io.BytesIO(_prepared_reference(None, 0, 0)))
        _blank_properties(doc)  # a reopened empty element would be written <x/>
        return doc
    status = path.stat()
    return docx.Document(io.BytesIO(
        _prepared_reference(str(path), status.st_mtime_ns, status.st_size)))


@cache
def _prepared_reference(path: str | None, mtime_ns: int, size: int) -> bytes:
    """The reference as package bytes: ours (``path`` None), or the user's file with its
    body emptied and our missing styles added. ``mtime_ns`` and ``size`` key the cache."""
    del mtime_ns, size  # part of the cache key only
    if path is None:
        doc = build_reference()
    else:
        doc = docx.Document(path)
        doc.element.body.clear_content()
        names = {style.name for style in doc.styles}
        for spec in STYLES:
            if spec.name not in names:
                apply_style(doc, spec)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def apply_style(doc: Document, spec: StyleSpec) -> ParagraphStyle:
    """Create or reset the paragraph style ``spec`` names, then define it from ``spec``."""
    existing = [s for s in doc.styles if s.name == spec.name]
    if existing and isinstance(existing[0], ParagraphStyle):
        style = existing[0]
    else:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH, builtin=spec.builtin)
    element = style.element
    element.set(qn("w:styleId"), spec.style_id)
    for tag in ("w:pPr", "w:rPr", "w:link", "w:rsid", "w:semiHidden", "w:unhideWhenUsed"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    style.base_style = doc.styles[spec.based_on] if spec.based_on else None
    if spec.next_id:
        element.get_or_add_next().val = spec.next_id
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(spec.line)
    fmt.space_before, fmt.space_after = Pt(spec.before), Pt(spec.after)
    fmt.widow_control = True
    if spec.keep_next:
        fmt.keep_with_next = True
    ppr = element.get_or_add_pPr()
    docx_xml.disable_snap_to_grid(ppr)
    chars = round(spec.indent_chars * 100)
    docx_xml.set_first_line_chars(ppr, chars, round(spec.indent_chars * spec.size * 20))
    ind = ppr.find(qn("w:ind"))
    ind.set(qn("w:leftChars"), str(round(spec.left_chars * 100)))
    ind.set(qn("w:left"), str(round(spec.left_chars * spec.size * 20)))
    if spec.outline is not None:
        docx_xml.set_outline_level(ppr, spec.outline)
    font = style.font
    font.size = Pt(spec.size)
    font.bold = True if spec.bold else None
    rpr = element.get_or_add_rPr()
    docx_xml.set_east_asian_font(rpr, spec.font)
    if spec.letter_spacing:
        docx_xml.set_character_spacing(rpr, round(spec.letter_spacing * 20))
    if spec.tab_leader:
        text_width = A4[0] - PORTRAIT_MARGINS[1] - PORTRAIT_MARGINS[3]
        fmt.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return style


def _set_doc_defaults(doc: Document) -> None:
    """Document-wide run and paragraph defaults: 仿宋, Chinese language, no extra spacing."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    docx_xml.set_east_asian_font(rpr, FANGSONG)
    docx_xml.set_language(rpr)
    for size_tag in ("w:sz", "w:szCs"):
        docx_xml.child(rpr, size_tag, docx_xml.RPR_SEQ, val="32")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = docx_xml.child(ppr, "w:spacing", docx_xml.PPR_SEQ)
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def _add_page_number_footer(doc: Document) -> None:
    """A centred "- 1 -" page number (a PAGE field) in the default footer."""
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    paragraph.add_run("- ")
    docx_xml.add_field(paragraph._p, "PAGE", "1")
    paragraph.add_run(" -")


def declare_fonts(doc: Document) -> None:
    """Declare our fonts, with substitutes, in the font table part (``word/fontTable.xml``)."""
    part = next((rel.target_part for rel in doc.part.rels.values()
                 if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    fonts = etree.fromstring(part.blob)
    for name, alt in FONT_ALTERNATES.items():
        docx_xml.declare_font(fonts, name, alt)
    # python-docx loads the font table as an opaque part; its blob is the only handle.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def _drop_thumbnail(doc: Document) -> None:
    """Remove python-docx's template thumbnail so it does not stand for our document."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


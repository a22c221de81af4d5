"""Raw WordprocessingML that python-docx has no API for: OOXML elements in, elements out.

Each function is small, named after the Word feature it sets, and edits the lxml element
it is given (a ``w:rPr``, ``w:pPr``, ``w:tr``, ``w:tc``, ``w:tbl``, ``w:sectPr``,
``w:settings`` …), inserting children in schema order so Word accepts the file. Lengths
are twips (1/20 pt) unless a name says otherwise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml.etree import _Element

# Child order of the elements we edit (ECMA-376 part 1, §17), used to insert in place.
RPR_SEQ = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
           "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
           "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
           "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
           "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
           "w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_SEQ = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
           "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
           "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
           "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
           "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
           "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
           "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
           "w:pPrChange")
TRPR_SEQ = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
            "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
            "w:ins", "w:del", "w:trPrChange")
TCPR_SEQ = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders",
            "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
            "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
TBLPR_SEQ = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
             "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
             "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
             "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
SECTPR_SEQ = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr",
              "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType",
              "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
              "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
              "w:sectPrChange")
SETTINGS_SUCCESSORS_OF_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
_PREFIXES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main": "sl",
}
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def child(parent: _Element, tag: str, seq: Sequence[str], **attrs: str) -> _Element:
    """Return ``parent``'s ``tag`` child, created in schema order if missing; set ``attrs``.

    ``seq`` is the parent's child order; attribute names are ``w:``-prefixed without the
    prefix (``val="0"`` sets ``w:val``).
    """
    found = parent.find(qn(tag))
    if found is None:
        found = insert_before_any(parent, OxmlElement(tag), seq[seq.index(tag) + 1:])
    for name, value in attrs.items():
        found.set(qn(f"w:{name}"), value)
    return found


def insert_before_any(parent: _Element, el: _Element, successors: Sequence[str]) -> _Element:
    """Insert ``el`` before ``parent``'s first child named in ``successors``, else last."""
    successor = next((c for c in parent if _prefixed(c.tag) in successors), None)
    if successor is None:
        parent.append(el)
    else:
        successor.addprevious(el)
    return el


def _prefixed(clark: object) -> str:
    """``{ns}local`` → ``w:local`` (``m:``, ``sl:``) for comparison with the sequences."""
    if not isinstance(clark, str) or "}" not in clark:
        return ""
    uri, local = clark[1:].split("}")
    return f"{_PREFIXES.get(uri, uri)}:{local}"


# --------------------------------------------------------------------------- run props


def set_east_asian_font(rpr: _Element, east_asia: str, ascii_name: str | None = None) -> None:
    """Set ``w:rFonts`` eastAsia (and ascii/hAnsi, default the same font) on a ``w:rPr``.

    Theme-font attributes are removed: Word lets them override explicit names. The
    ``hint="eastAsia"`` makes quotes and dashes use the Chinese font too.
    """
    fonts = child(rpr, "w:rFonts", RPR_SEQ)
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    latin = ascii_name or east_asia
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia),
                        ("cs", latin), ("hint", "eastAsia")):
        fonts.set(qn(f"w:{attr}"), value)


def set_language(rpr: _Element, latin: str = "en-US", east_asia: str = "zh-CN") -> None:
    """Set ``w:lang`` (val / eastAsia) on a ``w:rPr`` so Word lays text out as Chinese."""
    child(rpr, "w:lang", RPR_SEQ, val=latin, eastAsia=east_asia)


def set_character_spacing(rpr: _Element, twips: int) -> None:
    """Letter spacing (``w:spacing``) added after each character of a ``w:rPr``."""
    child(rpr, "w:spacing", RPR_SEQ, val=str(twips))


# --------------------------------------------------------------------- paragraph props


def set_first_line_chars(ppr: _Element, hundredths: int, twips: int) -> None:
    """First-line indent in characters (``firstLineChars=200`` = 2 chars) on a ``w:pPr``.

    ``twips`` is written too (``w:firstLine``) for readers that ignore the chars unit.
    """
    ind = child(ppr, "w:ind", PPR_SEQ, firstLineChars=str(hundredths), firstLine=str(twips))
    ind.attrib.pop(qn("w:hanging"), None)
    ind.attrib.pop(qn("w:hangingChars"), None)


def set_outline_level(ppr: _Element, level: int) -> None:
    """``w:outlineLvl`` (0 = level 1) so the navigation pane and TOC see the paragraph."""
    child(ppr, "w:outlineLvl", PPR_SEQ, val=str(level))


def disable_snap_to_grid(ppr: _Element) -> None:
    """``w:snapToGrid w:val="0"``: exact line spacing is not bent to the document grid."""
    child(ppr, "w:snapToGrid", PPR_SEQ, val="0")


def set_page_break_before(ppr: _Element) -> None:
    """``w:pageBreakBefore``: the paragraph starts a new page."""
    child(ppr, "w:pageBreakBefore", PPR_SEQ)


def set_frame_at_page_bottom(ppr: _Element, width: int) -> None:
    """``w:framePr``: the paragraph floats at the bottom of the type area, centred.

    ``width`` (twips) is the frame width, normally the width of the type area.
    """
    child(ppr, "w:framePr", PPR_SEQ, w=str(width), wrap="around", vAnchor="margin",
          hAnchor="margin", xAlign="center", yAlign="bottom")


def add_bookmark(p: _Element, name: str, bookmark_id: int) -> None:
    """Wrap the content of paragraph ``p`` in a bookmark (a target for links and fields)."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)}))


# ------------------------------------------------------------------------------ fields


def _fld_char(kind: str, dirty: bool = False) -> _Element:
    run = OxmlElement("w:r")
    attrs = {qn("w:fldCharType"): kind}
    if dirty:
        attrs[qn("w:dirty")] = "true"
    run.append(OxmlElement("w:fldChar", attrs))
    return run


def begin_field(p: _Element, instruction: str, dirty: bool = False) -> None:
    """Append a field's start (``begin``, instruction text, ``separate``) to ``p``.

    The runs that follow, up to ``end_field`` (maybe in a later paragraph), are the
    field's cached result, which Word shows until it updates the field.
    """
    p.append(_fld_char("begin", dirty))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction.strip()} "
    run.append(instr)
    p.append(run)
    p.append(_fld_char("separate"))


def end_field(p: _Element) -> None:
    """Append a field's ``end`` mark to ``p``."""
    p.append(_fld_char("end"))


def add_run(parent: _Element) -> _Element:
    """Append an empty ``w:r`` to a paragraph or hyperlink."""
    run = OxmlElement("w:r")
    parent.append(run)
    return run


def add_field(p: _Element, instruction: str, result: str) -> None:
    """Append a complete field (``PAGE``, ``PAGEREF`` …) with cached ``result`` text.

    ``p`` is a paragraph or a hyperlink.
    """
    begin_field(p, instruction)
    if result:
        text = OxmlElement("w:t")
        text.text = result
        add_run(p).append(text)
    end_field(p)


def add_toc_entry(p: _Element, label: str, level: int) -> None:
    """Append a TC field to ``p``: a table-of-contents entry ``label`` at ``level``, which
    a TOC field with ``\\l`` collects when Word updates it. Like Word's own, its runs are
    hidden, and it has no result: it prints nothing."""
    text = label.replace("\\", "\\\\").replace('"', '\\"')
    runs = [_fld_char("begin"), OxmlElement("w:r"), _fld_char("end")]
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f' TC "{text}" \\l {level} '
    runs[1].append(instr)
    for run in runs:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:vanish"))
        run.insert(0, rpr)
        p.append(run)


def set_update_fields(settings: _Element) -> None:
    """``w:updateFields``: Word refreshes fields (the TOC, page numbers) on opening."""
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = insert_before_any(settings, OxmlElement("w:updateFields"),
                                  SETTINGS_SUCCESSORS_OF_UPDATE_FIELDS)
    found.set(qn("w:val"), "true")


_COMPAT_BEFORE_SHIFT_RETURN = (
    "w:useSingleBorderforContiguousCells", "w:wpJustification", "w:noTabHangInd",
    "w:noLeading", "w:spaceForUL", "w:noColumnBalance",
    "w:balanceSingleByteDoubleByteWidth", "w:noExtraLineSpacing",
    "w:doNotLeaveBackslashAlone", "w:ulTrailSpace")


def set_no_justify_before_line_break(settings: _Element) -> None:
    """``w:compat/w:doNotExpandShiftReturn``: a justified line that ends in a line break
    (``w:br``) is not stretched across the line, as in HTML/CSS."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = insert_before_any(settings, OxmlElement("w:compat"),
                                   SETTINGS_SUCCESSORS_OF_UPDATE_FIELDS[3:])
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        later = [_prefixed(c.tag) for c in compat
                 if _prefixed(c.tag) not in _COMPAT_BEFORE_SHIFT_RETURN]
        insert_before_any(compat, OxmlElement("w:doNotExpandShiftReturn"), later)


#: The namespace of Word's ``w:compatSetting`` names.
WORD_COMPAT_URI = "http://schemas.microsoft.com/office/word"


def set_compatibility_mode(settings: _Element, mode: int = 15) -> None:
    """``w:compatSetting compatibilityMode``: 15 is Word 2013 and later, so Word opens the
    file as a current document, not in compatibility mode."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = insert_before_any(settings, OxmlElement("w:compat"),
                                   SETTINGS_SUCCESSORS_OF_UPDATE_FIELDS[3:])
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    compat.append(OxmlElement("w:compatSetting", {
        qn("w:name"): "compatibilityMode", qn("w:uri"): WORD_COMPAT_URI,
        qn("w:val"): str(mode)}))


def set_theme_font_language(settings: _Element, east_asia: str = "zh-CN") -> None:
    """``w:themeFontLang w:eastAsia``: theme fonts resolve for Chinese, not Japanese."""
    found = settings.find(qn("w:themeFontLang"))
    if found is not None:
        found.set(qn("w:eastAsia"), east_asia)


# ------------------------------------------------------------------------------ tables
#
# A table is written as WordprocessingML markup and parsed once (:class:`TableMarkup`), and
# so are a paragraph's runs (:func:`append_markup`): python-docx makes each element in
# Python (about a millisecond a row), lxml's parser makes them in C. The markup is what
# python-docx and the functions above would build, element for element and attribute for
# attribute, so the file is the same.

#: The WordprocessingML namespace (prefix ``w``).
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Run content python-docx makes of a tab and a line break (``run.text``).
_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


@functools.lru_cache(maxsize=1024)
def _attribute(value: object) -> str:
    """``value`` as a quoted XML attribute value (the few style ids and alignments come
    back for every cell: kept)."""
    return quoteattr(str(value))


def _empty(tag: str, **attrs: object) -> str:
    """``<w:tag w:name="value" …/>`` (attribute names without their ``w:`` prefix)."""
    written = "".join(f" w:{name}={_attribute(value)}" for name, value in attrs.items())
    return f"<w:{tag}{written}/>"


def run_markup(text: str, bold: bool = False) -> str:
    """A ``w:r`` holding ``text`` as python-docx's ``run.text`` writes it: tabs become
    ``w:tab``, line breaks ``w:br``, the rest ``w:t`` (space-preserving when it starts or
    ends with white space); ``bold`` adds ``w:rPr/w:b``."""
    parts = ["<w:r>"]
    if bold:
        parts.append("<w:rPr><w:b/></w:rPr>")
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    parts.append("</w:r>")
    return "".join(parts)


def append_markup(parent: _Element, markup: str) -> None:
    """Append the elements of ``markup`` (WordprocessingML without a namespace
    declaration, such as :func:`run_markup`'s) to ``parent``, parsed at once."""
    if markup:
        parent.extend(parse_xml(f'<w:p xmlns:w="{W_NAMESPACE}">{markup}</w:p>'))


def hyperlink_markup(anchor: str, runs: str) -> str:
    """A ``w:hyperlink`` to bookmark ``anchor`` around ``runs`` (markup of ``w:r``)."""
    return f"<w:hyperlink w:anchor={_attribute(anchor)} w:history=\"1\">{runs}</w:hyperlink>"


class TableMarkup:
    """A ``w:tbl`` written row by row as markup, then parsed once (:meth:`element`).

    The table has fixed layout, single-line borders of ``border_eighths`` eighths of a
    point on every edge and inside line, ``cell_margins`` (top/bottom, left/right, twips)
    and a ``w:tblGrid`` of ``widths`` (twips). Rows never split across pages
    (``w:cantSplit``); header rows repeat on every page (``w:tblHeader``).
    """

    def __init__(self, widths: Sequence[int], *, border_eighths: int = 4,
                 cell_margins: tuple[int, int] = (40, 80)) -> None:
        vertical, horizontal = cell_margins
        border = {"val": "single", "sz": border_eighths, "space": 0, "color": "000000"}
        self._parts = [
            f'<w:tbl xmlns:w="{W_NAMESPACE}"><w:tblPr>',
            _empty("tblW", w=sum(widths), type="dxa"),
            _empty("jc", val="center"),
            "<w:tblBorders>",
            *(_empty(side, **border) for side in ("top", "left", "bottom", "right",
                                                  "insideH", "insideV")),
            "</w:tblBorders>",
            _empty("tblLayout", type="fixed"),
            "<w:tblCellMar>",
            *(_empty(side, w=value, type="dxa") for side, value in (
                ("top", vertical), ("left", horizontal), ("bottom", vertical),
                ("right", horizontal))),
            "</w:tblCellMar>",
            _empty("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
                   noHBand=1, noVBand=1),
            "</w:tblPr><w:tblGrid>",
            *(_empty("gridCol", w=width) for width in widths),
            "</w:tblGrid>",
        ]
        self._row_open = False

    def add_row(self, *, header: bool = False) -> None:
        """Start a row (that never splits; a ``header`` row repeats on every page)."""
        self._close_row()
        self._parts.append("<w:tr><w:trPr><w:cantSplit/>"
                           + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        self._row_open = True

    def add_cell(self, width: int, *, style: str, grid_span: int = 1,
                 v_merge: str | None = None, no_wrap: bool = False,
                 keep_with_next: bool = False, indent_chars: int = 0,
                 align: str | None = None, content: str = "") -> None:
        """Add a cell to the row: ``width`` twips, its paragraph in ``style`` (a style id).

        ``grid_span`` is a colspan; ``v_merge`` ``"restart"`` opens a vertical merge,
        ``"continue"`` joins the one above; ``no_wrap`` keeps an amount on one line;
        ``keep_with_next`` keeps the paragraph on the page of the next; ``indent_chars``
        indents it by that many characters; ``align`` is a ``w:jc`` value; ``content``
        the markup of its runs (:func:`run_markup`). The cell is vertically centred.
        """
        if v_merge not in (None, "restart", "continue"):
            raise ValueError(f"vMerge is 'restart' or 'continue', not {v_merge!r}")
        # one f-string per part: this runs for every cell of every table
        parts = self._parts
        parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{int(width)}" w:type="dxa"/>')
        if grid_span > 1:
            parts.append(f'<w:gridSpan w:val="{int(grid_span)}"/>')
        if v_merge is not None:
            parts.append(f'<w:vMerge w:val="{v_merge}"/>')
        if no_wrap:
            parts.append("<w:noWrap/>")
        parts.append(f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
                     f"<w:pStyle w:val={_attribute(style)}/>")
        if keep_with_next:
            parts.append("<w:keepNext/>")
        if indent_chars:
            parts.append(f'<w:ind w:leftChars="{int(indent_chars) * 100}" '
                         f'w:left="{int(indent_chars) * 200}"/>')
        if align is not None:
            parts.append(f"<w:jc w:val={_attribute(align)}/>")
        parts.append(f"</w:pPr>{content}</w:p></w:tc>")

    def _close_row(self) -> None:
        if self._row_open:
            self._parts.append("</w:tr>")
            self._row_open = False

    def element(self) -> _Element:
        """The ``w:tbl`` element (python-docx's element classes)."""
        self._close_row()
        return parse_xml("".join(self._parts) + "</w:tbl>")


# ---------------------------------------------------------------------------- sections


def set_orientation(sectpr: _Element, landscape: bool) -> None:
    """Set ``w:pgSz`` orient, swapping width and height so the long side is horizontal."""
    size = child(sectpr, "w:pgSz", SECTPR_SEQ)
    w, h = int(size.get(qn("w:w"), "11906")), int(size.get(qn("w:h"), "16838"))
    short, long_ = sorted((w, h))
    size.set(qn("w:w"), str(long_ if landscape else short))
    size.set(qn("w:h"), str(short if landscape else long_))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    else:
        size.attrib.pop(qn("w:orient"), None)


def set_page_number_start(sectpr: _Element, start: int = 1) -> None:
    """``w:pgNumType w:start``: page numbering restarts at ``start`` in this section."""
    child(sectpr, "w:pgNumType", SECTPR_SEQ, start=str(start))


def set_section_start(sectpr: _Element, kind: str = "nextPage") -> None:
    """``w:type``: how the section starts (nextPage, oddPage, continuous …)."""
    child(sectpr, "w:type", SECTPR_SEQ, val=kind)


def remove_header_footer_references(sectpr: _Element) -> None:
    """Drop the section's header/footer references: it then inherits the previous ones."""
    for ref in sectpr.findall(qn("w:headerReference")) + sectpr.findall(
            qn("w:footerReference")):
        sectpr.remove(ref)


def add_header_footer_reference(sectpr: _Element, kind: str, ref_type: str, rid: str) -> None:
    """Add ``w:headerReference``/``w:footerReference`` (``kind`` header|footer) to a part."""
    tag = f"w:{kind}Reference"
    ref = OxmlElement(tag, {qn("w:type"): ref_type, qn("r:id"): rid})
    refs = sectpr.findall(qn("w:headerReference")) + sectpr.findall(qn("w:footerReference"))
    if refs:
        refs[-1].addnext(ref)
    else:
        sectpr.insert(0, ref)


# ---------------------------------------------------------------------------- fonts


def declare_font(fonts: _Element, name: str, alt_name: str | None = None,
                 charset: str = "86", family: str = "modern") -> None:
    """Add a ``w:font`` to a font table (``w:fonts``): charset 86 is GB2312.

    ``alt_name`` (``w:altName``) is the font Word uses when ``name`` is not installed,
    e.g. 仿宋 for 仿宋_GB2312.
    """
    for existing in fonts.findall(qn("w:font")):
        if existing.get(qn("w:name")) == name:
            fonts.remove(existing)
    font = OxmlElement("w:font", {qn("w:name"): name})
    if alt_name:
        font.append(OxmlElement("w:altName", {qn("w:val"): alt_name}))
    font.append(OxmlElement("w:charset", {qn("w:val"): charset}))
    font.append(OxmlElement("w:family", {qn("w:val"): family}))
    font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
    fonts.append(font)

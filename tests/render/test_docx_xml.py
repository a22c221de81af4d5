"""Tests for generator.render.docx_xml: each raw-XML workaround on a small fragment."""

from __future__ import annotations

import re

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.run import CT_R
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.etree import _Element

from generator.render import docx_xml as x


def frag(xml: str, *prefixes: str) -> _Element:
    """Parse a ``w:`` fragment, declaring the namespaces on its root tag."""
    return parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {nsdecls('w', *prefixes)}", xml, count=1))


def tags(el: _Element) -> list[str]:
    return [c.tag.split("}")[1] for c in el]


def attr(el: _Element, name: str) -> str | None:
    return el.get(qn(f"w:{name}"))


def test_east_asian_font_replaces_theme_fonts_and_sits_first() -> None:
    rpr = frag('<w:rPr><w:b/><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"'
               ' w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:sz w:val="32"/></w:rPr>')
    x.set_east_asian_font(rpr, "仿宋_GB2312")
    fonts = rpr.find(qn("w:rFonts"))
    assert attr(fonts, "eastAsia") == attr(fonts, "ascii") == attr(fonts, "hAnsi") == "仿宋_GB2312"
    assert attr(fonts, "asciiTheme") is None and attr(fonts, "eastAsiaTheme") is None
    assert attr(fonts, "hint") == "eastAsia"


def test_east_asian_font_is_inserted_before_bold() -> None:
    rpr = frag("<w:rPr><w:b/><w:sz w:val='32'/></w:rPr>")
    x.set_east_asian_font(rpr, "黑体", ascii_name="Times New Roman")
    assert tags(rpr) == ["rFonts", "b", "sz"]
    fonts = rpr[0]
    assert (attr(fonts, "eastAsia"), attr(fonts, "ascii")) == ("黑体", "Times New Roman")


def test_language_and_character_spacing_in_order() -> None:
    rpr = frag("<w:rPr><w:rFonts/><w:sz w:val='32'/></w:rPr>")
    x.set_language(rpr)
    x.set_character_spacing(rpr, 40)
    assert tags(rpr) == ["rFonts", "spacing", "sz", "lang"]
    assert attr(rpr[-1], "eastAsia") == "zh-CN"


def test_paragraph_properties_keep_schema_order() -> None:
    ppr = frag('<w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="both"/></w:pPr>')
    x.set_outline_level(ppr, 1)
    x.set_first_line_chars(ppr, 200, 640)
    x.disable_snap_to_grid(ppr)
    x.set_page_break_before(ppr)
    x.set_frame_at_page_bottom(ppr, 8845)
    assert tags(ppr) == ["pStyle", "pageBreakBefore", "framePr", "snapToGrid", "ind", "jc",
                         "outlineLvl"]
    assert attr(ppr.find(qn("w:outlineLvl")), "val") == "1"
    assert attr(ppr.find(qn("w:snapToGrid")), "val") == "0"
    ind = ppr.find(qn("w:ind"))
    assert (attr(ind, "firstLineChars"), attr(ind, "firstLine")) == ("200", "640")
    assert attr(ppr.find(qn("w:framePr")), "yAlign") == "bottom"


def test_first_line_chars_drops_hanging_indent() -> None:
    ppr = frag('<w:pPr><w:ind w:hanging="360" w:hangingChars="100"/></w:pPr>')
    x.set_first_line_chars(ppr, 0, 0)
    ind = ppr.find(qn("w:ind"))
    assert attr(ind, "hanging") is None and attr(ind, "hangingChars") is None


def test_bookmark_wraps_content_after_ppr() -> None:
    p = frag("<w:p><w:pPr/><w:r><w:t>标题</w:t></w:r></w:p>")
    x.add_bookmark(p, "_part_1", 7)
    assert tags(p) == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]
    assert attr(p[1], "name") == "_part_1" and attr(p[3], "id") == "7"


def test_appended_markup_is_a_link_to_a_bookmark_in_the_paragraph() -> None:
    p = frag("<w:p><w:pPr/></w:p>")
    x.append_markup(p, x.hyperlink_markup("_part_1", x.run_markup("第一部分")))
    assert tags(p) == ["pPr", "hyperlink"]
    link = p[1]
    assert attr(link, "anchor") == "_part_1" and attr(link, "history") == "1"
    assert isinstance(link[0], CT_R) and link[0].text == "第一部分"
    assert etree.tostring(p).count(b"xmlns:w") == 1  # no second declaration where it went
    x.append_markup(p, "")
    assert len(p) == 2


# ------------------------------------------------------------------------------ fields


def field_parts(p: _Element) -> list[str]:
    out = []
    for r in p.iter(qn("w:r")):
        for c in r:
            if c.tag == qn("w:fldChar"):
                out.append(attr(c, "fldCharType"))
            elif c.tag == qn("w:instrText"):
                out.append(f"instr:{c.text.strip()}")
            elif c.tag == qn("w:t"):
                out.append(f"text:{c.text}")
    return out


def test_page_field_with_cached_result() -> None:
    p = frag("<w:p/>")
    x.add_field(p, "PAGE", "1")
    assert field_parts(p) == ["begin", "instr:PAGE", "separate", "text:1", "end"]


def test_field_may_span_paragraphs() -> None:
    first, last = frag("<w:p/>"), frag("<w:p/>")
    x.begin_field(first, 'TOC \\o "1-2" \\h', dirty=True)
    x.end_field(last)
    assert field_parts(first) == ["begin", 'instr:TOC \\o "1-2" \\h', "separate"]
    assert attr(first[0][0], "dirty") == "true"
    assert field_parts(last) == ["end"]


def test_update_fields_goes_before_compat_once() -> None:
    settings = frag('<w:settings><w:zoom w:percent="100"/><w:compat/><w:rsids/></w:settings>')
    x.set_update_fields(settings)
    x.set_update_fields(settings)
    assert tags(settings) == ["zoom", "updateFields", "compat", "rsids"]
    assert attr(settings[1], "val") == "true"


def test_do_not_expand_shift_return_in_compat() -> None:
    settings = frag('<w:settings><w:compat><w:useFELayout/></w:compat></w:settings>')
    x.set_no_justify_before_line_break(settings)
    assert tags(settings[0]) == ["doNotExpandShiftReturn", "useFELayout"]
    bare = frag("<w:settings><w:rsids/></w:settings>")
    x.set_no_justify_before_line_break(bare)
    assert tags(bare) == ["compat", "rsids"]


def test_theme_font_language() -> None:
    settings = frag('<w:settings><w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
                    "</w:settings>")
    x.set_theme_font_language(settings)
    assert attr(settings[0], "eastAsia") == "zh-CN"


# ------------------------------------------------------------------------------ tables


def table(*rows: list[dict]) -> _Element:
    """A TableMarkup of widths 1000/2000/3000 with the given rows of add_cell arguments."""
    markup = x.TableMarkup([1000, 2000, 3000])
    for index, cells in enumerate(rows):
        markup.add_row(header=index == 0)
        for cell in cells:
            markup.add_cell(**cell)
    return markup.element()


def test_table_has_fixed_grid_and_borders() -> None:
    tbl = table()
    assert tags(tbl) == ["tblPr", "tblGrid"]
    assert tags(tbl[0]) == ["tblW", "jc", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert [attr(c, "w") for c in tbl[1]] == ["1000", "2000", "3000"]
    assert attr(tbl[0].find(qn("w:tblW")), "w") == "6000"
    assert attr(tbl[0].find(qn("w:tblLayout")), "type") == "fixed"
    assert tags(tbl[0].find(qn("w:tblBorders"))) == ["top", "left", "bottom", "right",
                                                      "insideH", "insideV"]
    assert [attr(side, "w") for side in tbl[0].find(qn("w:tblCellMar"))] == [
        "40", "80", "40", "80"]


def test_rows_never_split_and_the_first_repeats() -> None:
    tbl = table([{"width": 6000, "style": "H"}], [{"width": 6000, "style": "T"}])
    header, body = tbl.findall(qn("w:tr"))
    assert tags(header) == ["trPr", "tc"] and tags(body) == ["trPr", "tc"]
    assert tags(header[0]) == ["cantSplit", "tblHeader"]
    assert tags(body[0]) == ["cantSplit"]


def test_cell_properties_are_in_schema_order() -> None:
    tbl = table([{"width": 3000, "style": "T", "grid_span": 2, "v_merge": "restart",
                  "no_wrap": True, "keep_with_next": True, "indent_chars": 2,
                  "align": "right", "content": x.run_markup("1,687.12")},
                 {"width": 3000, "style": "T"}],
                [{"width": 3000, "style": "T", "grid_span": 2, "v_merge": "continue"},
                 {"width": 3000, "style": "T"}])
    first = tbl.find(qn("w:tr")).find(qn("w:tc"))
    assert tags(first) == ["tcPr", "p"]
    assert tags(first[0]) == ["tcW", "gridSpan", "vMerge", "noWrap", "vAlign"]
    assert attr(first[0][1], "val") == "2" and attr(first[0][2], "val") == "restart"
    assert attr(first[0][4], "val") == "center"
    paragraph_properties = first[1][0]
    assert tags(paragraph_properties) == ["pStyle", "keepNext", "ind", "jc"]
    assert attr(paragraph_properties[2], "leftChars") == "200"
    assert attr(paragraph_properties[2], "left") == "400"
    assert attr(paragraph_properties[3], "val") == "right"
    assert first[1].xpath("string(.)") == "1,687.12"
    below = tbl.findall(qn("w:tr"))[1].find(qn("w:tc"))
    assert tags(below[0]) == ["tcW", "gridSpan", "vMerge", "vAlign"]
    assert attr(below[0][2], "val") == "continue"
    assert tags(below[1][0]) == ["pStyle"] and len(below[1]) == 1


def test_vertical_merge_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="restart"):
        x.TableMarkup([1000]).add_cell(1000, style="T", v_merge="middle")


def test_markup_text_is_escaped_and_round_trips() -> None:
    hostile = '<w:t>&amp; "quoted" \'single\' ]]> 合计'
    tbl = table([{"width": 6000, "style": 'a"b', "content": x.run_markup(hostile)}])
    assert tbl.xpath("string(.//w:t)") == hostile
    assert tbl.find(f".//{qn('w:pStyle')}").get(qn("w:val")) == 'a"b'


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    "\t\n\r \u3000&<>\""), max_size=30), st.booleans())
@settings(max_examples=300, deadline=None)
def test_run_markup_is_what_python_docx_writes(text: str, bold: bool) -> None:
    """The markup of a run is, byte for byte, the run python-docx makes of the same text:
    tabs, line breaks, space preservation, bold, escaping."""
    paragraph = Paragraph(frag("<w:p/>"), None)
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    made = parse_xml(f'<w:p {nsdecls("w")}>{x.run_markup(text, bold)}</w:p>')
    assert etree.tostring(made) == etree.tostring(paragraph._p)


def test_hyperlink_markup_wraps_its_runs() -> None:
    made = parse_xml(f'<w:p {nsdecls("w")}>'
                     f'{x.hyperlink_markup("_toc1", x.run_markup("一、收入"))}</w:p>')
    link = made[0]
    assert tags(made) == ["hyperlink"] and attr(link, "anchor") == "_toc1"
    assert attr(link, "history") == "1" and link.xpath("string(.)") == "一、收入"


# ---------------------------------------------------------------------------- sections


def test_orientation_swaps_page_size_both_ways() -> None:
    sect = frag('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1"/></w:sectPr>')
    x.set_orientation(sect, landscape=True)
    size = sect.find(qn("w:pgSz"))
    assert (attr(size, "w"), attr(size, "h"), attr(size, "orient")) == ("16838", "11906",
                                                                         "landscape")
    x.set_orientation(sect, landscape=True)
    assert attr(size, "w") == "16838"
    x.set_orientation(sect, landscape=False)
    assert (attr(size, "w"), attr(size, "h"), attr(size, "orient")) == ("11906", "16838", None)


def test_page_number_start_and_section_type_in_order() -> None:
    sect = frag('<w:sectPr><w:pgSz/><w:pgMar/><w:cols w:space="720"/><w:docGrid/></w:sectPr>')
    x.set_page_number_start(sect, 1)
    x.set_section_start(sect, "nextPage")
    assert tags(sect) == ["type", "pgSz", "pgMar", "pgNumType", "cols", "docGrid"]
    assert attr(sect[3], "start") == "1"


def test_header_footer_references() -> None:
    sect = frag("<w:sectPr><w:pgSz/></w:sectPr>", "r")
    x.add_header_footer_reference(sect, "footer", "default", "rId9")
    x.add_header_footer_reference(sect, "header", "default", "rId8")
    assert tags(sect) == ["footerReference", "headerReference", "pgSz"]
    assert sect[0].get(qn("r:id")) == "rId9"
    x.remove_header_footer_references(sect)
    assert tags(sect) == ["pgSz"]


def test_declare_font_with_alternate_replaces_existing() -> None:
    fonts = frag('<w:fonts><w:font w:name="仿宋_GB2312"><w:charset w:val="00"/></w:font>'
                 "</w:fonts>")
    x.declare_font(fonts, "仿宋_GB2312", "仿宋")
    assert len(fonts) == 1
    assert tags(fonts[0]) == ["altName", "charset", "family", "pitch"]
    assert attr(fonts[0][0], "val") == "仿宋" and attr(fonts[0][1], "val") == "86"


def test_child_reuses_existing_element() -> None:
    ppr = frag('<w:pPr><w:jc w:val="left"/></w:pPr>')
    jc = x.child(ppr, "w:jc", x.PPR_SEQ, val="center")
    assert len(ppr) == 1 and jc is ppr[0] and attr(jc, "val") == "center"


def test_field_without_cached_result_has_no_text_run() -> None:
    p = frag("<w:p/>")
    x.add_field(p, "NUMPAGES", "")
    assert field_parts(p) == ["begin", "instr:NUMPAGES", "separate", "end"]

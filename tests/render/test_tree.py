"""Tests for generator.render.tree: the document-tree vocabulary check and its helpers."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.tree import (
    DocumentTreeError,
    Inline,
    document_title,
    inline_content,
    iter_sections,
    parse_document,
    table_grid,
)

SAMPLE = Path(__file__).parent / "fixtures" / "sample.html"


def doc(body: str, head: str = "<title>T</title>") -> str:
    """A minimal document around ``body`` (line 1 is the <html> line, body starts line 2)."""
    return f"<html><head>{head}</head><body>\n{body}\n</body></html>"


def section(inner: str, kind: str = "portrait") -> str:
    return doc(f'<section class="{kind}">{inner}</section>')


def table(inner: str, cls: str = "data") -> str:
    return section(f'<table class="{cls}">{inner}</table>', "landscape")


def error_for(html: str) -> DocumentTreeError:
    with pytest.raises(DocumentTreeError) as info:
        parse_document(html)
    return info.value


def test_sample_is_valid_and_sections_are_in_order() -> None:
    root = parse_document(SAMPLE.read_text(encoding="utf-8"))
    kinds = [kind for kind, _ in iter_sections(root)]
    assert kinds == ["cover", "toc", "portrait", "landscape", "landscape", "portrait",
                     "portrait"]
    assert document_title(root) == "2023年度郑州高新技术产业开发区数智治理中心部门决算"


def test_unknown_tag_is_rejected_with_its_name_and_line() -> None:
    err = error_for(doc('<section class="portrait">\n<p>ok</p>\n<figure></figure></section>'))
    assert "<figure>" in str(err)
    assert "line 4" in str(err)
    assert (err.tag, err.line) == ("figure", 4)


def test_unknown_class_is_rejected_naming_element_and_class() -> None:
    err = error_for(table('<tbody><tr><td class="num bogus">1</td></tr></tbody>'))
    assert '<td class="num bogus">' in str(err)
    assert "'bogus'" in str(err)


def test_unknown_paragraph_class_is_rejected() -> None:
    assert "'lead'" in str(error_for(section('<p class="lead">x</p>')))


@pytest.mark.parametrize("cls", ["", "portrait landscape", "wide"])
def test_section_needs_exactly_one_known_class(cls: str) -> None:
    err = error_for(doc(f'<section class="{cls}"><p>x</p></section>'))
    assert "<section" in str(err)


def test_attribute_outside_vocabulary_is_rejected() -> None:
    err = error_for(section('<p style="color: red">x</p>'))
    assert "'style'" in str(err) and "<p>" in str(err)


def test_link_outside_toc_is_rejected() -> None:
    err = error_for(section('<h2 id="a">A</h2><p><a href="#a">A</a></p>'))
    assert "<a>" in str(err)


def test_toc_link_must_target_an_existing_id() -> None:
    html = doc('<section class="toc"><nav class="toc"><p class="toc-1">'
               '<a href="#missing">X</a></p></nav></section>')
    assert "'#missing'" in str(error_for(html))


def test_nav_only_in_toc_section() -> None:
    html = doc('<section class="portrait"><nav class="toc"></nav></section>')
    assert "<nav" in str(error_for(html))


def test_span_only_in_table_meta() -> None:
    assert "<span" in str(error_for(section('<p><span class="left">x</span></p>')))


def test_text_in_structural_element_is_rejected() -> None:
    err = error_for(table("<tbody><tr>loose<td>1</td></tr></tbody>"))
    assert "'loose'" in str(err) and "<tr>" in str(err)


def test_duplicate_ids_are_rejected() -> None:
    assert "'x'" in str(error_for(section('<h2 id="x">a</h2><h2 id="x">b</h2>')))


def test_page_break_must_be_empty() -> None:
    assert "page-break" in str(error_for(section('<div class="page-break">x</div>')))


def test_empty_document_is_rejected() -> None:
    with pytest.raises(DocumentTreeError, match="empty"):
        parse_document("  ")


def test_body_needs_a_section() -> None:
    assert "section" in str(error_for(doc("")))


# ----------------------------------------------------------------------------- tables


def test_ragged_row_is_rejected() -> None:
    err = error_for(table("<tbody><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></tbody>"))
    assert "fills 1 of 2" in str(err)


def test_rowspan_may_not_leave_thead() -> None:
    err = error_for(table('<thead><tr><th rowspan="2">a</th></tr></thead>'
                          "<tbody><tr><td>1</td></tr></tbody>"))
    assert "rowspan leaves" in str(err)


def test_bad_span_value_is_rejected() -> None:
    assert "colspan" in str(error_for(table('<tbody><tr><td colspan="x">1</td></tr></tbody>')))


def test_colgroup_must_match_columns() -> None:
    err = error_for(table('<colgroup><col style="width: 50%"></colgroup>'
                          "<tbody><tr><td>1</td><td>2</td></tr></tbody>"))
    assert "1 cols" in str(err)


def test_table_parts_must_be_in_order() -> None:
    err = error_for(table("<tbody><tr><td>1</td></tr></tbody><thead><tr><th>h</th></tr></thead>"))
    assert "order" in str(err)


def test_table_grid_resolves_spans() -> None:
    root = parse_document(table(
        '<colgroup><col style="width: 20%"><col style="width: 30%"><col style="width: 50%">'
        "</colgroup><thead>"
        '<tr><th colspan="2">项目</th><th rowspan="2">合计</th></tr>'
        "<tr><th>编码</th><th>名称</th></tr></thead>"
        "<tbody><tr><td>201</td><td>一般</td><td>4.94</td></tr></tbody>"))
    grid = table_grid(root.find(".//table"))
    assert (grid.n_cols, grid.header_rows, len(grid.rows)) == (3, 2, 3)
    assert grid.widths == pytest.approx((0.2, 0.3, 0.5))
    top = grid.slots[0][0]
    assert (top.row, top.col, top.rowspan, top.colspan, top.header) == (0, 0, 1, 2, True)
    assert grid.slots[1][2] is grid.slots[0][2]
    row1 = [(cell.element.text, origin) for cell, origin in grid.row_cells(1)]
    assert row1 == [("编码", True), ("名称", True), ("合计", False)]
    assert not grid.slots[2][0].header


def test_table_grid_without_colgroup_has_equal_widths() -> None:
    root = parse_document(table("<tbody><tr><td>1</td><td>2</td></tr></tbody>"))
    assert table_grid(root.find(".//table")).widths == (0.5, 0.5)


# ----------------------------------------------------------------------------- inline


def first(html_body: str, tag: str = "p"):
    return parse_document(section(html_body)).find(f".//{tag}")


def test_inline_collapses_whitespace_like_html() -> None:
    p = first("<p>\n  收入   合计\n  <strong> 1,687.12 </strong> 万元 \n</p>")
    assert inline_content(p) == [Inline("收入 合计 "), Inline("1,687.12 ", bold=True),
                                 Inline("万元")]


def test_inline_line_break_drops_surrounding_spaces() -> None:
    p = first("<p>第一行 <br> 第二行</p>")
    assert inline_content(p) == [Inline("第一行\n第二行")]


def test_inline_preserve_space_keeps_gaps() -> None:
    p = parse_document(doc('<section class="toc"><p class="toc-title">目  录</p>'
                           '<nav class="toc"></nav></section>')).find(".//p")
    assert inline_content(p, preserve_space=True) == [Inline("目  录")]
    assert inline_content(p) == [Inline("目 录")]


def test_inline_keeps_link_targets() -> None:
    root = parse_document(doc(
        '<section class="toc"><nav class="toc"><p class="toc-1"><a href="#p1">第一部分</a>'
        '</p></nav></section><section class="portrait"><h1 id="p1">第一部分</h1></section>'))
    assert inline_content(root.find(".//nav/p")) == [Inline("第一部分", href="#p1")]


def test_inline_rejects_block_content() -> None:
    root = parse_document(section("<p>x</p>"))
    p = root.find(".//p")
    p.append(p.makeelement("table", {}))
    with pytest.raises(DocumentTreeError, match="not inline"):
        inline_content(p)


@given(st.text(st.sampled_from(" \n\t\ra中b\u3000,1\u00a0"), max_size=12), st.booleans())
@settings(max_examples=500, deadline=None)
def test_a_cell_of_text_only_gives_the_runs_of_the_general_walk(text: str,
                                                               preserve: bool) -> None:
    """The shortcut for an element holding only text gives what walking its children
    gives (here an empty span after the text)."""
    alone, followed = (lxml.html.fragment_fromstring("<td></td>") for _ in range(2))
    alone.text = followed.text = text
    followed.append(lxml.html.Element("span"))
    assert inline_content(alone, preserve_space=preserve) == inline_content(
        followed, preserve_space=preserve)


def test_a_text_that_is_only_a_newline_is_no_line_break() -> None:
    cell = lxml.html.fragment_fromstring("<td>合计<strong>1.00</strong>\n</td>")
    assert inline_content(cell) == [Inline("合计"), Inline("1.00", bold=True)]
    broken = lxml.html.fragment_fromstring("<td>合计<br>1.00</td>")
    assert inline_content(broken) == [Inline("合计\n1.00")]

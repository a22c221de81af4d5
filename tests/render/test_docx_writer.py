"""Tests for the DOCX writer and the reference document (generator.render.docx_*)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Emu, Pt
from lxml import etree

from generator.render import docx_reference
from generator.render.document import build_document
from generator.render.docx_reference import STYLE_NAMES, build_reference, load_reference
from generator.render.docx_writer import DocxWriter, bookmark_name, render_docx
from generator.render.tree import DocumentTreeError

SAMPLE = Path(__file__).parent / "fixtures" / "sample.html"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


@pytest.fixture(scope="module")
def sample_html() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_docx(sample_html: str) -> bytes:
    return render_docx(build_document(sample_html))


@pytest.fixture(scope="module")
def document(sample_docx: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(sample_docx))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def para_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def para_style(p: etree._Element) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(f"{W}val")


def find_para(body: etree._Element, text: str) -> etree._Element:
    return next(p for p in body.iter(f"{W}p") if para_text(p) == text)


def tables(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall(f"{W}body/{W}tbl")


def test_headings_use_word_heading_styles(document) -> None:
    styles = {p.text: p.style.name for p in document.paragraphs if p.text}
    # Too long for one line, the part title breaks after 第一部分 (the TOC keeps it whole).
    assert styles["第一部分\n郑州高新技术产业开发区数智治理中心概况"] == "Heading 1"
    assert styles["第一部分 郑州高新技术产业开发区数智治理中心概况"] == "toc 1"
    assert styles["一、部门职责"] == "Heading 2"
    assert styles["（一）总体情况。"] == "Heading 3"
    assert styles["1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"] \
        == "Heading 4"
    assert styles["收入支出决算总表"] == "表格标题"
    assert document.styles["表格标题"].base_style.name == "Heading 2"
    assert styles["2023年度"] == "Subtitle" and styles["部门决算"] == "封面类别"
    note = "注：本表反映部门本年度各项支出情况。本表金额转换为万元时，因四舍五入可能存在尾差。"
    assert styles[note] == "表格注释"


def test_heading_styles_have_outline_levels(document) -> None:
    for level in (1, 2, 3):
        ppr = document.styles[f"Heading {level}"].element.find(f"{W}pPr")
        assert ppr.find(f"{W}outlineLvl").get(f"{W}val") == str(level - 1)


def test_east_asian_fonts_in_styles_xml(sample_docx: bytes) -> None:
    styles = part(sample_docx, "word/styles.xml")

    def fonts(style_id: str) -> etree._Element:
        return styles.find(f"{W}style[@{W}styleId='{style_id}']/{W}rPr/{W}rFonts")

    assert fonts("Normal").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert fonts("Heading1").get(f"{W}eastAsia") == "黑体"
    assert fonts("Heading3").get(f"{W}eastAsia") == "楷体_GB2312"
    assert fonts("TableText").get(f"{W}eastAsia") == "宋体"
    assert fonts("Heading1").get(f"{W}asciiTheme") is None
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    font_table = part(sample_docx, "word/fontTable.xml")
    alt = font_table.find(f"{W}font[@{W}name='仿宋_GB2312']/{W}altName")
    assert alt.get(f"{W}val") == "仿宋"


def test_body_text_style_matches_report_layout(document) -> None:
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28)
    ind = normal.element.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}firstLineChars") == "200"


def test_sections_and_orientation(document) -> None:
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT] * 3 + [WD_ORIENT.LANDSCAPE] * 2 + \
        [WD_ORIENT.PORTRAIT] * 2
    portrait, landscape = document.sections[2], document.sections[3]
    assert (landscape.page_width, landscape.page_height) == (portrait.page_height,
                                                             portrait.page_width)
    assert landscape.page_width > landscape.page_height
    assert all(s.start_type == 2 for s in document.sections)  # WD_SECTION.NEW_PAGE


def test_front_matter_has_no_page_numbers_and_body_starts_at_one(sample_docx: bytes,
                                                                  document) -> None:
    sections = document.sections
    assert "PAGE" not in sections[0].footer._element.xml
    assert sections[1].footer.is_linked_to_previous
    assert not sections[2].footer.is_linked_to_previous
    assert "PAGE" in sections[2].footer._element.xml
    assert all(s.footer.is_linked_to_previous for s in sections[3:])
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    starts = body.findall(f".//{W}sectPr/{W}pgNumType")
    assert len(starts) == 1 and starts[0].get(f"{W}start") == "1"
    assert starts[0].getparent() is body.findall(f".//{W}sectPr")[2]


def test_merged_cells_become_grid_span_and_vmerge(sample_docx: bytes) -> None:
    t01, t03 = tables(sample_docx)[:2]
    first_row = t01.find(f"{W}tr")
    spans = [tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") for tc in first_row.findall(
        f"{W}tc")]
    assert spans == ["3", "3"]
    rows = t03.findall(f"{W}tr")
    merges0 = [tc.find(f"{W}tcPr/{W}vMerge") for tc in rows[0].findall(f"{W}tc")]
    merges1 = [tc.find(f"{W}tcPr/{W}vMerge") for tc in rows[1].findall(f"{W}tc")]
    assert merges0[0] is None and [m.get(f"{W}val") for m in merges0[1:]] == ["restart"] * 6
    assert merges1[:2] == [None, None]
    assert [m.get(f"{W}val") for m in merges1[2:]] == ["continue"] * 6
    assert all(len(r.findall(f"{W}tc")) == w for r, w in zip(rows, (7, 8, 7), strict=False))
    grid = [int(c.get(f"{W}w")) for c in t03.find(f"{W}tblGrid")]
    assert len(grid) == 8 and grid[1] == pytest.approx(2 * grid[0], rel=0.1)


def test_header_rows_repeat(sample_docx: bytes) -> None:
    t01 = tables(sample_docx)[0]
    flags = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in t01.findall(f"{W}tr")]
    assert flags[:3] == [True, True, True] and not any(flags[3:])
    form = tables(sample_docx)[-1]
    assert not any(tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in form)


def test_cell_formatting(document) -> None:
    t01 = document.tables[0]
    row = t01.rows[3]._tr
    cells = row.findall(f"{W}tc")
    assert cells[2].find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"   # td.num
    assert cells[1].find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "center"  # td.center
    assert cells[2].find(f"{W}tcPr/{W}noWrap") is not None
    assert cells[0].find(f"{W}tcPr/{W}vAlign").get(f"{W}val") == "center"
    total = t01.rows[8]._tr
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in total.iter(f"{W}r"))
    indent = t01.rows[9]._tr.find(f"{W}tc/{W}p/{W}pPr/{W}ind")
    assert indent.get(f"{W}leftChars") == "100"
    styles = {p.style.name for p in t01.rows[0].cells[0].paragraphs}
    assert styles == {"表格表头"}
    assert document.tables[0].rows[3].cells[0].paragraphs[0].style.name == "表格文字"
    assert document.tables[-1].rows[0].cells[2].paragraphs[0].style.name == "附表文字"


def test_column_widths_follow_colgroup(document) -> None:
    section = document.sections[3]
    text_width = Emu(section.page_width - section.left_margin - section.right_margin).twips
    grid = [int(c.get(f"{W}w")) for c in document.tables[0]._tbl.find(f"{W}tblGrid")]
    assert sum(grid) == text_width
    assert grid[0] == pytest.approx(0.28 * text_width, abs=2)


def test_table_meta_is_one_line_with_right_tab(sample_docx: bytes) -> None:
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    meta = next(p for p in body.iter(f"{W}p") if para_style(p) == "TableMeta")
    assert para_text(meta) == "部门：郑州高新技术产业开发区数智治理中心单位：万元"
    assert meta.find(f".//{W}r/{W}tab") is not None
    assert meta.find(f"{W}pPr/{W}tabs/{W}tab").get(f"{W}val") == "right"


def test_inline_bold_and_line_break(sample_docx: bytes) -> None:
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    bold = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None
            and para_text(r) == "郑州高新技术产业开发区数智治理中心本级"]
    assert len(bold) == 1
    item = next(p for p in body.iter(f"{W}p") if para_style(p) == "ListItem")
    assert item.find(f".//{W}br") is not None


def test_page_break_div_breaks_before_next_paragraph(sample_docx: bytes) -> None:
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    (title,) = [p for p in body.iter(f"{W}p") if para_style(p) == "TableTitle"
                and para_text(p) == "政府性基金预算财政拨款收入支出决算表"]
    assert title.find(f"{W}pPr/{W}pageBreakBefore") is not None
    h1 = find_para(body, "第二部分 2023年度部门决算表")
    assert h1.find(f"{W}pPr/{W}pageBreakBefore") is None


def test_toc_is_a_prefilled_field_and_fields_update(sample_docx: bytes) -> None:
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    entries = [p for p in body.iter(f"{W}p") if para_style(p) in ("TOC1", "TOC2")]
    assert [para_text(p) for p in entries][:3] == [
        "第一部分 郑州高新技术产业开发区数智治理中心概况", "一、部门职责", "二、机构设置"]
    assert "TOC" in entries[0].find(f".//{W}instrText").text
    assert entries[-1].findall(f".//{W}fldChar")[-1].get(f"{W}fldCharType") == "end"
    anchor = entries[0].find(f"{W}hyperlink").get(f"{W}anchor")
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert anchor == "_part_1" and anchor in marks
    settings = part(sample_docx, "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_a_table_title_enters_the_toc_with_its_number() -> None:
    """Word builds the TOC from a TC field holding the outline label (the printed title
    has no number); the title paragraph is body text to the outline, so no entry twice."""
    html = ('<html lang="zh-CN"><head><title>t</title></head><body>'
            '<section class="toc"><p class="toc-title">目录</p><nav class="toc"></nav></section>'
            '<section class="landscape"><h1 id="p2">第二部分 决算表</h1>'
            '<h2 class="table-title" id="t1" data-label="一、收入支出决算总表">'
            '收入支出决算总表</h2>'
            '<p>正文</p></section></body></html>')
    body = part(render_docx(build_document(html)), "word/document.xml").find(f"{W}body")
    instructions = [text.text.strip() for text in body.iter(f"{W}instrText")]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u \\l "1-2"'
    assert instructions[1] == 'TC "一、收入支出决算总表" \\l 2'
    (title,) = [p for p in body.iter(f"{W}p") if para_style(p) == "TableTitle"]
    assert para_text(title) == "收入支出决算总表"
    assert title.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "9"
    field_runs = [run for run in title.iter(f"{W}r")
                  if run.find(f"{W}fldChar") is not None or run.find(f"{W}instrText") is not None]
    assert len(field_runs) == 3
    assert all(run.find(f"{W}rPr/{W}vanish") is not None for run in field_runs)
    toc = [para_text(p) for p in body.iter(f"{W}p") if para_style(p) in ("TOC1", "TOC2")]
    assert toc == ["第二部分 决算表", "一、收入支出决算总表"]


def test_cover_date_sits_at_page_bottom(sample_docx: bytes) -> None:
    body = part(sample_docx, "word/document.xml").find(f"{W}body")
    date = find_para(body, "二〇二四年九月")
    assert date.find(f"{W}pPr/{W}framePr").get(f"{W}yAlign") == "bottom"
    assert date.find(f"{W}pPr/{W}sectPr") is None


def test_output_is_deterministic(sample_html: str, sample_docx: bytes) -> None:
    assert render_docx(build_document(sample_html)) == sample_docx
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "2023年度郑州高新技术产业开发区数智治理中心部门决算" in core


def test_invalid_html_is_rejected_before_writing() -> None:
    with pytest.raises(DocumentTreeError, match="figure"):
        render_docx(build_document('<html><body><section class="portrait"><figure>'
                                   "</figure></section></body></html>"))


def test_writer_raises_on_element_it_does_not_know() -> None:
    writer = DocxWriter(load_reference(None))
    with pytest.raises(DocumentTreeError, match="does not handle <blink>"):
        writer.visit(lxml.html.fragment_fromstring("<blink></blink>"))


def test_tables_are_built_without_table_cell(monkeypatch: pytest.MonkeyPatch,
                                             sample_html: str) -> None:
    """One pass: python-docx's quadratic ``Table.cell`` (issue #174) is never called."""
    def forbidden(*args: object) -> None:
        raise AssertionError("Table.cell called")

    monkeypatch.setattr(docx.table.Table, "cell", forbidden)
    monkeypatch.setattr(docx.table.Table, "_cells", property(forbidden))
    assert render_docx(build_document(sample_html))


def test_blocks_are_added_without_searching_the_body(monkeypatch: pytest.MonkeyPatch,
                                                    sample_html: str) -> None:
    """Linear in the document: python-docx's ``add_p``/``_insert_tbl`` look for the body's
    sectPr from its first child on every call (quadratic in a long report)."""
    def forbidden(*args: object) -> None:
        raise AssertionError("the body was searched")

    body_class = type(docx.Document().element.body)
    monkeypatch.setattr(body_class, "add_p", forbidden)
    monkeypatch.setattr(body_class, "_insert_tbl", forbidden)
    monkeypatch.setattr(body_class, "__len__", forbidden, raising=False)
    out = render_docx(build_document(sample_html))
    body = part(out, "word/document.xml").find(f"{W}body")
    assert body[-1].tag == f"{W}sectPr" and len(body.findall(f"{W}tbl")) > 1


def test_adjacent_tables_stay_separate() -> None:
    table = '<table class="data"><tbody><tr><td>1</td></tr></tbody></table>'
    out = render_docx(build_document(f'<html><body><section class="portrait">{table}{table}'
                                     "</section></body></html>"))
    body = part(out, "word/document.xml").find(f"{W}body")
    assert [c.tag.split("}")[1] for c in body] == ["tbl", "p", "tbl", "p", "sectPr"]


def test_bookmark_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert bookmark_name("part-1", taken) == "_part_1"
    assert bookmark_name("part_1", taken) == "_part_1_2"
    assert len(bookmark_name("x" * 80, taken)) <= 40


# -------------------------------------------------------------------------- reference


def test_reference_page_setup() -> None:
    section = build_reference().sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8


def test_user_reference_keeps_its_styles_and_gains_missing_ones(tmp_path: Path,
                                                                 sample_html: str) -> None:
    ref = build_reference()
    ref.styles["Normal"].font.size = Pt(15)
    ref.styles["表格注释"].element.getparent().remove(ref.styles["表格注释"].element)
    path = tmp_path / "ref.docx"
    ref.save(str(path))
    out = docx.Document(io.BytesIO(render_docx(build_document(sample_html), reference=path)))
    assert out.styles["Normal"].font.size == Pt(15)
    assert out.styles["表格注释"].font.size == Pt(9)
    assert {s.name for s in out.styles} >= set(STYLE_NAMES)
    assert load_reference(path).element.body.findall(f"{W}p") == []


def test_our_reference_is_built_once_and_each_report_gets_its_own_copy(
        monkeypatch: pytest.MonkeyPatch, sample_html: str) -> None:
    first = render_docx(build_document(sample_html))
    monkeypatch.setattr(docx_reference, "build_reference", lambda: pytest.fail("rebuilt"))
    copy = load_reference(None)
    copy.styles["Normal"].font.size = Pt(30)  # a report's changes stay in its copy
    assert load_reference(None).styles["Normal"].font.size == Pt(16)
    assert render_docx(build_document(sample_html)) == first


def test_a_changed_user_reference_is_read_again(tmp_path: Path, sample_html: str) -> None:
    path = tmp_path / "ref.docx"
    for size in (15, 12):
        ref = build_reference()
        ref.styles["Normal"].font.size = Pt(size)
        ref.save(str(path))
        os.utime(path, ns=(size * 10**9, size * 10**9))  # a new version, whatever the clock
        out = docx.Document(io.BytesIO(render_docx(build_document(sample_html), path)))
        assert out.styles["Normal"].font.size == Pt(size)


# ------------------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_rendered_docx_to_pdf(tmp_path: Path, sample_docx: bytes) -> None:
    source = tmp_path / "sample.docx"
    source.write_bytes(sample_docx)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / "sample.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        assert "Pages:           8" in info
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "收入支出决算总表" in text
        assert re.search(r"-\s*1\s*-", text)

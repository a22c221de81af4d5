"""Tests of generator.render.typst_writer: the Typst PDF beside WeasyPrint's.

Every example builds with ``--pdf-engine typst``; its PDF prints every table cell of the
document tree, the same headings and bookmarks as the WeasyPrint PDF, landscape pages for
landscape sections, the TOC's page numbers and the page numbers as WeasyPrint prints them,
and carries the same metadata and attachments. A small synthetic document checks the table
layout (header rows repeated, merged cells, right-aligned amounts, indents, bold totals),
hostile text, and determinism across processes. PDFs are read with pypdf and poppler.
"""

from __future__ import annotations

import ctypes
import functools
import html
import itertools
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import pypdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st
from support import outline, pages

from generator import api, cli
from generator.profiles import TEMPLATE_ROOT
from generator.render import typst_writer
from generator.render.document import build_document
from generator.render.pdf_writer import FRONT_PAGES, EmbeddedFile, render_pdf
from generator.render.tree import inline_content, iter_sections
from generator.render.typst_writer import (
    BASE_STYLE,
    forget_layouts,
    literal,
    render_pdf_typst,
)

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))
FOOTER = re.compile(r"^\s*-\s*(\d+)\s*-\s*$", re.MULTILINE)


def squeeze(text: str) -> str:
    """Text without white space (line wraps, justification)."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: Path, *options: str, page: int | None = None) -> str:
    """pdftotext of the PDF, or of one page (1-based)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, *pages, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def landscape_pages(pdf: Path) -> list[bool]:
    """For each page, whether it is landscape."""
    return [page.mediabox.width > page.mediabox.height for page in pypdf.PdfReader(pdf).pages]


@dataclass
class Example:
    """One example built with both engines."""

    source: Path
    document: api.Document
    typst: Path
    weasyprint: Path


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda path: path.stem)
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Example:
    out = tmp_path_factory.mktemp("typst")
    result = api.build(request.param, out, formats=("pdf",), pdf_engine="typst")
    department = api.load_department(request.param)
    report = api.derive(department)
    document = api.render_document(report)
    weasyprint = out / "weasyprint.pdf"
    weasyprint.write_bytes(api.to_pdf(report, document, department.source))
    return Example(request.param, document, result.outputs[0], weasyprint)


# ------------------------------------------------------------------------- the examples


def test_every_example_builds_with_typst(example: Example) -> None:
    reader = pypdf.PdfReader(example.typst)
    assert reader.metadata.creator.startswith("Typst")
    assert len(reader.pages) > 10


def test_every_table_cell_is_printed(example: Example) -> None:
    text = squeeze(pdf_text(example.typst, "-raw"))
    cells = [squeeze("".join(run.text for run in inline_content(cell)))
             for cell in example.document.root.iter("td", "th")]
    missing = [cell for cell in cells if cell and cell not in text]
    assert len(cells) > 100 and not missing


def test_the_same_headings_as_weasyprint(example: Example) -> None:
    root = example.document.root
    headings = [squeeze(element.text_content()) for element in root.iter(
        "h1", "h2", "h3", "h4", "figcaption") if squeeze(element.text_content())]
    headings += [squeeze(element.text_content()) for element in root.find_class("annex-title")]
    printed = {engine: squeeze(pdf_text(path, "-raw")) for engine, path in (
        ("weasyprint", example.weasyprint), ("typst", example.typst))}
    assert [h for h in headings if h not in printed["typst"]] == []
    assert [h for h in headings if h not in printed["weasyprint"]] == []


def test_the_outline_is_weasyprints(example: Example) -> None:
    typst = [(level, title) for level, title, _ in outline(example.typst)]
    assert typst == [(level, title) for level, title, _ in outline(example.weasyprint)]
    assert len(typst) > 10


def test_bookmarks_point_at_pages_of_their_orientation(example: Example) -> None:
    """Each part, section and table heading is bookmarked on a page whose orientation is its
    section's: table pages landscape, text pages portrait."""
    orientation = landscape_pages(example.typst)
    kinds: dict[str, str] = {}
    for kind, section in iter_sections(example.document.root):
        for element in section.iter("h1", "h2"):
            kinds.setdefault(element.get("data-label") or "", kind)
    checked = 0
    for _, title, page in outline(example.typst):
        if title in kinds and kinds[title] in ("portrait", "landscape"):
            assert orientation[page] == (kinds[title] == "landscape"), title
            checked += 1
    assert checked > 5 and any(orientation) and not all(orientation)


def test_page_numbers_and_toc_as_weasyprint_prints_them(example: Example) -> None:
    """Cover and TOC pages are unnumbered, the first body page is "- 1 -" and the rest
    follow; each TOC entry names the printed number of the page its bookmark points at."""
    count = len(pypdf.PdfReader(example.typst).pages)
    printed = []
    for page in range(1, count + 1):
        footer = FOOTER.findall(pdf_text(example.typst, "-layout", page=page))
        printed.append(footer[-1] if footer else None)
    front = [kind for kind, _ in iter_sections(example.document.root)
             if kind in ("cover", "toc")]
    assert printed[:len(front)] == [None] * len(front)
    assert printed[len(front):] == [str(n) for n in range(1, count - len(front) + 1)]
    if "toc" not in front:
        return
    toc = squeeze(pdf_text(example.typst, "-layout", page=front.index("toc") + 1))
    for _, title, page in outline(example.typst)[:12]:
        assert re.search(re.escape(squeeze(title)) + r"\.*" + printed[page] + r"(?!\d)", toc), \
            title


def test_no_page_holds_only_a_note_or_a_dwindled_form(example: Example) -> None:
    """What print.css keeps together stays together: a table's note never stands alone on
    a page, an annex form's continuation never leaves a page of a few rows."""
    for number, text in enumerate(pages(example.typst), 1):
        assert not re.fullmatch(r"((注：|说明：).*\n?)+", text), (number, text)
        if "自评情况表" in text or "一级指标" in text or "绩效目标表" in text:
            assert len(text.splitlines()) >= 12, (number, text)


def test_metadata_and_attachments_are_weasyprints(example: Example) -> None:
    typst, weasy = (pypdf.PdfReader(path) for path in (example.typst, example.weasyprint))
    for field in ("title", "author", "subject", "keywords"):
        assert getattr(typst.metadata, field) == getattr(weasy.metadata, field), field
    assert typst.trailer["/Root"]["/Lang"] == "zh-CN"
    files = {name: data[0] for name, data in typst.attachments.items()}
    assert files[example.source.name] == example.source.read_bytes()
    expected = {name: data[0] for name, data in weasy.attachments.items()}
    for name, data in expected.items():
        if not name.startswith("attachment-"):  # WeasyPrint's ASCII aliases (/F)
            assert files[name] == data, name


def test_page_labels_are_weasyprints_from_the_first_body_page(example: Example) -> None:
    """The body pages are labelled 1, 2 … as WeasyPrint labels them. The front pages are
    where the engines differ: WeasyPrint names them 封面 and 目录; Typst writes a label
    only from a page numbering, and every numbering prints a number (目录1, 封面1), so
    they stay unlabelled rather than be mislabelled."""
    typst, weasy = (pypdf.PdfReader(path).page_labels for path in (
        example.typst, example.weasyprint))
    front = next(index for index, label in enumerate(weasy) if label.isdigit())
    assert len(typst) == len(weasy) > front
    assert typst[front:] == weasy[front:] == [str(n) for n in range(1, len(typst) - front + 1)]
    assert set(weasy[:front]) <= set(FRONT_PAGES.values())
    assert typst[:front] == [""] * front


def test_fonts_are_the_free_cjk_fonts_of_print_css(example: Example) -> None:
    fonts = subprocess.run(["pdffonts", str(example.typst)], capture_output=True, text=True,
                           check=True).stdout
    for family in ("FandolFang", "NotoSansCJKsc", "NotoSerifCJKsc"):
        assert family in fonts, family
    if example.document.root.find(".//h3") is not None:
        assert "GBZenKai" in fonts  # AR PL KaitiM GB, the 楷体 of h3


def test_charts_are_drawn_as_vector_text(example: Example) -> None:
    figures = example.document.root.findall(".//figure")
    if not figures:
        pytest.skip("no chart in this example")
    text = squeeze(pdf_text(example.typst, "-raw"))
    for figure in figures:
        spec = example.document.charts[figure.find("img").get("src")]
        assert squeeze(spec.categories[0]) in text  # the SVG's label is text, not pixels


# ----------------------------------------------------------------- a synthetic document

HOSTILE = ['#panic("x")', "$x^2$", "*粗*", "_斜_", "[链接](x)", "\\u{41}\\", "@ref", "<label>",
           '"引号"', "// 注释", "/* 注释 */", "`raw`", "= 标题", "#{read(\"/etc/passwd\")}",
           "#set page(width: 1cm)"]
NAME = "部门" + "".join(HOSTILE[:4])


def synthetic(rows: int = 90) -> str:
    """A document with a hostile department name and one long table."""
    body = "".join(
        f'<tr><td class="code">2010{index:03d}</td><td class="indent-{1 + index % 2}">'
        f'项目{index}</td><td class="num">{index},{index % 10}00.00</td></tr>'
        for index in range(rows))
    hostile = "".join(f"<p>{html.escape(text)}</p>" for text in HOSTILE)
    name = html.escape(NAME)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{name}</title><meta name="author" content="{name}"></head><body>
<section class="cover"><p class="cover-title">{name}</p></section>
<section class="toc"><p class="toc-title">目  录</p><nav class="toc">
<p class="toc-1"><a href="#p1">第一部分 {name}</a></p></nav></section>
<section class="portrait"><h1 id="p1">第一部分 {name}</h1>{hostile}</section>
<section class="landscape"><h2 class="table-title" id="t1">长表</h2>
<table class="data"><colgroup><col style="width: 20%"><col style="width: 50%">
<col style="width: 30%"></colgroup>
<thead><tr><th rowspan="2">科目编码</th><th colspan="2">表头甲乙</th></tr>
<tr><th>科目名称</th><th>金额</th></tr></thead>
<tbody>{body}<tr class="total"><td colspan="2">合计</td><td class="num">9,999.99</td></tr>
</tbody></table></section></body></html>"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = build_document(synthetic())
    pdf = tmp_path_factory.mktemp("synthetic") / "synthetic.pdf"
    pdf.write_bytes(render_pdf_typst(document, [EmbeddedFile("数据.yaml", b"a: 1\n\xff")]))
    return pdf


def test_literal_escapes_what_typst_would_read() -> None:
    assert literal('a"b\\c\nd\te\x00') == '"a\\"b\\\\c\\nd\\te\\u{0}"'
    assert literal("#$*_[]@<>") == '"#$*_[]@<>"'


@given(st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    '\\"\n\r\t\x00\x7f\x9f#$[]'), max_size=40))
@hypothesis.example("ends in a backslash \\")
@hypothesis.example('\\"#[x]\\n\x00\x85\u3000')
@settings(max_examples=150, deadline=None)
def test_typst_reads_every_literal_back_as_the_text(text: str) -> None:
    """What Typst reads from ``literal(text)`` is ``text``, byte for byte (a compiler of
    its own per expression: the package's ``eval`` works once per compiler)."""
    evaluated = typst.Compiler(b"", ignore_system_fonts=True).eval(
        f"array(bytes({literal(text)}))", format="json")
    assert bytes(json.loads(evaluated)) == text.encode("utf-8")


MARKS = "甲（一）、“二”。乙；丙：丁！"


def mark_advances(styles: tuple[Path, ...]) -> tuple[str, list[float]]:
    """The text of a paragraph of full-width marks as PDFium reads it from the Typst PDF,
    and how far each character moves the pen (pt; a paragraph in bold as well)."""
    document = build_document(f"""<!DOCTYPE html><html lang="zh-CN"><head><meta
charset="utf-8"><title>t</title></head><body><section class="portrait"><h1 id="p">部分</h1>
<p>{MARKS}</p><p><strong>{MARKS}</strong></p></section></body></html>""")
    pdf = pypdfium2.PdfDocument(render_pdf_typst(document, styles=styles))
    text_page = pdf[0].get_textpage()
    text = text_page.get_text_range()
    origins = []
    for index in range(text_page.count_chars()):
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
        origins.append((text[index], x.value))
    advances = [after[1] - before[1] for before, after in itertools.pairwise(origins)
                if before[0] in MARKS and after[0] in MARKS]
    return text, advances


def test_full_width_marks_keep_their_width_and_print_as_text(tmp_path: Path) -> None:
    """Typst would compress a mark beside another (）、 → 1.5 em); print.typ keeps each
    at a full em (16pt), as WeasyPrint and Word do, and the word joiners that keep the
    marks on their neighbours' lines are not in the PDF's text."""
    text, advances = mark_advances((BASE_STYLE,))
    assert text.split("\r\n")[1:3] == [MARKS, MARKS]
    assert len(advances) == 2 * (len(MARKS) - 1)
    assert advances == [pytest.approx(16.0, abs=0.01)] * len(advances)
    # without print.typ's functions, Typst compresses: the test can tell
    plain = tmp_path / "plain.typ"
    plain.write_text("#let punct-close(mark) = mark\n#let punct-open(mark) = mark\n",
                     encoding="utf-8")
    _, compressed = mark_advances((BASE_STYLE, plain))
    assert min(compressed) < 12.0


def test_hostile_text_prints_literally(rendered: Path) -> None:
    text = squeeze(pdf_text(rendered, "-raw"))
    for hostile in HOSTILE:
        assert squeeze(hostile) in text, hostile
    reader = pypdf.PdfReader(rendered)
    assert reader.metadata.title == NAME and reader.metadata.author == NAME
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4 kept


def test_binary_attachment_round_trips(rendered: Path) -> None:
    assert pypdf.PdfReader(rendered).attachments["数据.yaml"] == [b"a: 1\n\xff"]


def test_header_rows_repeat_on_every_page_of_a_table(rendered: Path) -> None:
    pages = [page for page, landscape in enumerate(landscape_pages(rendered), 1) if landscape]
    assert len(pages) >= 2
    for page in pages:
        assert "表头甲乙" in pdf_text(rendered, page=page), page


def words(pdf: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """Each word's box (xMin, yMin, xMax, yMax) on a page, first occurrence."""
    found: dict[str, tuple[float, float, float, float]] = {}
    pattern = (r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
               r"([^<]+)<")
    for match in re.finditer(pattern, pdf_text(pdf, "-bbox", page=page)):
        xmin, ymin, xmax, ymax = (float(value) for value in match.groups()[:4])
        found.setdefault(match.group(5), (xmin, ymin, xmax, ymax))
    return found


def test_table_layout_widths_merges_alignment_indents(rendered: Path) -> None:
    page = landscape_pages(rendered).index(True) + 1
    boxes = words(rendered, page)
    left, right = 2 * 28.35, 841.89 - 2 * 28.35  # landscape margins 2cm
    width = right - left
    code, name_col = left + 0.2 * width, left + 0.7 * width  # column edges from colgroup
    spanned = boxes["表头甲乙"]  # colspan=2 over columns 2 and 3: centred over both
    assert (spanned[0] + spanned[2]) / 2 == pytest.approx((code + right) / 2, abs=2)
    merged = boxes["科目编码"]  # rowspan=2: centred between the two header rows
    assert merged[1] > boxes["表头甲乙"][1] and merged[3] < boxes["科目名称"][3]
    amounts = [boxes[f"{n},{n % 10}00.00"] for n in (1, 2, 3)]
    assert all(box[2] == pytest.approx(right - 4.25, abs=1) for box in amounts)  # right
    first, second = boxes["项目1"], boxes["项目2"]  # indent-2 / indent-1
    assert first[0] - second[0] == pytest.approx(10, abs=0.5)  # 1em at 10pt
    assert second[0] == pytest.approx(code + 4.25 + 10, abs=1)
    assert boxes["2010000"][0] == pytest.approx(left + 4.25, abs=1)
    assert name_col < amounts[0][0]


def test_total_rows_and_header_cells_are_bold(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered)
    fonts: dict[str, str] = {}

    def visit(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:
        if font is not None and text.strip():
            fonts.setdefault(text.strip(), str(font.get("/BaseFont")))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert "Bold" in fonts["合计"] and "Bold" in fonts["9,999.99"]
    assert "Bold" in fonts["科目名称"] and "Bold" not in fonts["项目1"]


def test_the_same_document_gives_the_same_bytes_in_another_process(rendered: Path) -> None:
    script = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests'];"
              "from tests.render.test_typst_writer import synthetic;"
              "from generator.render.document import build_document;"
              "from generator.render.pdf_writer import EmbeddedFile;"
              "from generator.render.typst_writer import render_pdf_typst;"
              "sys.stdout.buffer.write(render_pdf_typst(build_document(synthetic()),"
              "[EmbeddedFile('数据.yaml', b'a: 1\\n\\xff')]))")
    again = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                           check=True, cwd=ROOT).stdout
    assert again == rendered.read_bytes()
    assert b"CreationDate" not in again and b"ModDate" not in again


def test_forgetting_layouts_changes_no_byte(rendered: Path) -> None:
    """After Typst forgot what it laid out (as a batch makes it after each department),
    the same document compiles to the same bytes."""
    forget_layouts()
    again = render_pdf_typst(build_document(synthetic()),
                             [EmbeddedFile("数据.yaml", b"a: 1\n\xff")])
    assert again == rendered.read_bytes()


def test_forgetting_ages_the_memo_out_with_empty_compiles(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """``MEMO_AGE`` compiles of an empty document, the first dropping the last document's
    inputs; none, and no compiler made, in a process that has not compiled."""
    calls: list[tuple[bytes, dict[str, object]]] = []

    class Recording:
        def compile(self, source: bytes, **options: object) -> None:
            calls.append((source, options))

    compiler = functools.cache(Recording)
    monkeypatch.setattr(typst_writer, "_compiler", compiler)
    forget_layouts()
    assert calls == [] and compiler.cache_info().currsize == 0
    compiler()
    forget_layouts()
    assert calls == [(b"", {"format": "svg", "sys_inputs": {}})] + [
        (b"", {"format": "svg"})] * (typst_writer.MEMO_AGE - 1)


def closing_table(rows: int, form: bool) -> str:
    """A landscape page of one table of ``rows`` numbered rows and two notes after it."""
    body = "".join(f'<tr><td>项目{index}</td><td class="num">{index}.00</td></tr>'
                   for index in range(1, rows + 1))
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>分页</title></head><body><section class="landscape">
<h2 class="table-title" id="t1">表</h2><table class="{'form' if form else 'data'}">
<thead><tr><th>项目</th><th>金额</th></tr></thead><tbody>{body}</tbody></table>
<p class="note">注：本表第一条说明。</p><p class="note">说明：本表第二条说明。</p>
</section></body></html>"""


def rows_by_page(pdf: bytes, tmp_path: Path) -> list[list[int]]:
    """The numbers of the rows each page prints, and 0 for a page's notes."""
    path = tmp_path / "rows.pdf"
    path.write_bytes(pdf)
    return [[int(number) for number in re.findall(r"项目(\d+)", text)]
            + ([0] if "注：" in text else []) for text in pages(path)]


@pytest.mark.parametrize("form", [False, True], ids=["notes", "form"])
def test_what_print_css_keeps_together_typst_keeps_together(form: bool, tmp_path: Path
                                                            ) -> None:
    """A table's last row stays with the notes after it, and a form's last four rows stay
    together: for every length of table around a full page, Typst breaks the pages
    where WeasyPrint does, and neither leaves the notes, or a form's last rows, alone."""
    stylesheets = [TEMPLATE_ROOT / "base" / "print.css"]
    moved = 0
    for rows in range(20, 31):
        document = build_document(closing_table(rows, form))
        typst = rows_by_page(render_pdf_typst(document), tmp_path)
        weasy = rows_by_page(render_pdf(document, stylesheets, TEMPLATE_ROOT), tmp_path)
        assert typst == weasy, rows
        last_page = typst[-1]
        assert last_page[-1] == 0 and last_page[0] != 0, rows
        if len(typst) > 1:
            moved += 1
            assert len(last_page) - 1 >= (4 if form else 1), rows
    assert moved  # some lengths do run onto a second page


# -------------------------------------------------------------------------- the wiring


def test_typst_is_imported_only_for_its_engine() -> None:
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import generator.api, "
              "generator.cli; print('typst' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"


def test_cli_builds_with_the_typst_engine(tmp_path: Path) -> None:
    source = ROOT / "data" / "examples" / "putuo-guihua-2024.yaml"
    status = cli.main(["build", str(source), "--out", str(tmp_path), "--format", "pdf",
                       "--pdf-engine", "typst"])
    assert status == cli.CLEAN
    creator = pypdf.PdfReader(tmp_path / "putuo-guihua-2024.pdf").metadata.creator
    assert creator.startswith("Typst")


def test_an_unknown_engine_is_refused() -> None:
    report = api.load_report(EXAMPLES[0])
    with pytest.raises(ValueError, match="unknown PDF engine"):
        api.to_pdf(report, build_document(synthetic(1)), engine="latex")

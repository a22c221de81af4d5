"""Charts drawn from data (generator.render.charts): one ChartSpec, an SVG in the PDF and a
native chart in the DOCX, both showing the same numbers as the text."""

from __future__ import annotations

import io
import itertools
import logging
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.enum.text import WD_LINE_SPACING
from lxml import etree
from test_pdf_writer import PRINT_CSS, TEMPLATES

from generator.render.charts import (
    CHART_CONTENT_TYPE,
    CHART_HEIGHT,
    CHART_WIDTH,
    WORKBOOK_DATE,
    ChartSpec,
    Series,
    _spread,
    chart_svg,
)
from generator.render.document import build_document
from generator.render.docx_writer import render_docx
from generator.render.pdf_writer import render_pdf
from generator.render.tree import DocumentTreeError

SVG = "{http://www.w3.org/2000/svg}"
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
R_ID = f"{{{NS['r']}}}id"
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdfimages", "pdffonts")),
    reason="poppler-utils not installed")

D = Decimal
TOTALS = ChartSpec("bar", "收、支决算总计变动情况", ("2022年度", "2023年度"), (
    Series("收入总计", (D("4345.99"), D("5123.40"))),
    Series("支出总计", (D("4300.12"), D("5010.88")))))
SPENDING = ChartSpec("pie", "支出决算结构", ("基本支出", "项目支出"),
                     (Series("支出决算", (D("3210.55"), D("1800.33"))),))
#: What each chart must show, as the text prints it.
TOTALS_LABELS = ("2022年度", "2023年度", "收入总计", "支出总计", "4,345.99", "5,123.40",
                 "4,300.12", "5,010.88")
SPENDING_LABELS = ("基本支出", "项目支出", "3,210.55", "1,800.33")


def page(figures: str) -> str:
    return ('<html lang="zh-CN"><head><title>t</title></head><body><section class="portrait">'
            f'<h1 id="p1">第二部分 情况说明</h1><p>正文。</p>{figures}</section></body></html>')


def chart_document(specs: dict[str, ChartSpec]):  # type: ignore[no-untyped-def]
    figures = "".join(
        f'<figure><img src="{name}" alt="{spec.title}"><figcaption>图{n} {spec.title}'
        "</figcaption></figure>" for n, (name, spec) in enumerate(specs.items(), 1))
    return build_document(page(figures), {name: chart_svg(spec) for name, spec in specs.items()},
                          specs)


CHARTS = {"chart-1.svg": TOTALS, "chart-2.svg": SPENDING}


def svg_texts(svg: bytes) -> list[str]:
    return [text.text or "" for text in etree.fromstring(svg).iter(f"{SVG}text")]


# ------------------------------------------------------------------------------- specs


@pytest.mark.parametrize(("make", "message"), [
    (lambda: ChartSpec("pie", "t", ("a", "b"), (Series("s", (D(1), D(2))),
                                               Series("u", (D(1), D(2)))),), "one series"),
    (lambda: ChartSpec("bar", "t", ("a", "b"), (Series("s", (D(1),)),)), "1 values for 2"),
    (lambda: ChartSpec("pie", "t", ("a", "b"), (Series("s", (D(-1), D(2))),)), "non-negative"),
    (lambda: ChartSpec("pie", "t", ("a",), (Series("s", (D(0),)),)), "positive total"),
    (lambda: ChartSpec("line", "t", ("a",), (Series("s", (D(1),)),)), "'bar' or 'pie'"),
    (lambda: ChartSpec("bar", "t", ("a", "a"), (Series("s", (D(1), D(1))),)), "repeat"),
    (lambda: ChartSpec("bar", "t", ("a",), ()), "series"),
    (lambda: Series("s", (1.5,)), "not a finite Decimal"),  # type: ignore[arg-type]
])
def test_a_spec_is_checked(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        make()


def test_pie_shares_are_rounded_as_the_text_rounds_them() -> None:
    assert SPENDING.shares() == (D("64.07"), D("35.93"))


def test_pie_labels_are_spread_apart_within_the_chart() -> None:
    heights = [24.0, 36.0, 24.0, 24.0]
    placed = _spread([100.0, 99.0, 98.0, -200.0], heights, 100.0)
    spans = sorted((y - h / 2, y + h / 2) for y, h in zip(placed, heights, strict=True))
    assert all(low >= -100 and high <= 100 for low, high in spans)
    assert all(a[1] <= b[0] + 1e-9 for a, b in itertools.pairwise(spans))


# -------------------------------------------------------------------------------- SVG


def test_svg_keeps_labels_and_values_as_text() -> None:
    svg = chart_svg(TOTALS)
    root = etree.fromstring(svg)
    texts = svg_texts(svg)
    for label in (*TOTALS_LABELS, "单位：万元"):
        assert label in texts, label
    assert TOTALS.title not in texts  # the caption prints the title
    assert root.find(f".//{SVG}image") is None
    width, height = (float(root.get(name).removesuffix("pt")) for name in ("width", "height"))
    assert (round(width, 1), round(height, 1)) == (round(CHART_WIDTH.pt, 1),
                                                   round(CHART_HEIGHT.pt, 1))
    style = next(root.iter(f"{SVG}text")).get("style")
    assert "font-family: 'SimHei','黑体'" in style and "'Noto Sans CJK SC'" in style
    assert b"<dc:date>" not in svg


def test_svg_pie_labels_name_value_and_share() -> None:
    texts = svg_texts(chart_svg(SPENDING))
    assert {"基本支出", "3,210.55万元，64.07%", "项目支出", "1,800.33万元，35.93%"} <= set(texts)


def test_svg_is_byte_identical_and_leaves_matplotlib_settings_alone() -> None:
    before = dict(matplotlib.rcParams)
    assert chart_svg(TOTALS) == chart_svg(TOTALS)
    assert chart_svg(SPENDING) == chart_svg(SPENDING)
    assert dict(matplotlib.rcParams) == before


# -------------------------------------------------------------------------------- PDF


@needs_poppler
def test_pdf_draws_the_charts_as_vector_text(tmp_path: Path) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        data = render_pdf(chart_document(CHARTS), [PRINT_CSS], TEMPLATES, strict=True)
    finally:
        logger.removeHandler(handler)
    assert [record.getMessage() for record in records] == []
    pdf = tmp_path / "charts.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    for label in (*TOTALS_LABELS, *SPENDING_LABELS, "64.07%", "图1 收、支决算总计变动情况"):
        assert label in text, label
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            check=True, text=True).stdout.splitlines()[2:]
    assert images == []  # drawn as paths and text, not pictures
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                           text=True).stdout
    assert re.search(r"\+(SimHei|Noto-Sans-CJK-SC|FandolHei)\b", fonts)


# ------------------------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def chart_docx() -> bytes:
    return render_docx(chart_document(CHARTS))


def _rels(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, target part name)."""
    folder, name = posixpath.split(part)
    rels = etree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
    return {rel.get("Id"): (rel.get("Type").rsplit("/", 1)[-1],
                            posixpath.normpath(posixpath.join(folder, rel.get("Target"))))
            for rel in rels.iterfind("rel:Relationship", NS)}


def _cache(chart: etree._Element, path: str) -> list[list[str]]:
    return [[v.text for v in series.iterfind(f"{path}/c:pt/c:v", NS)]
            for series in chart.iterfind(".//c:ser", NS)]


def _sheet(xlsx: bytes) -> dict[str, str]:
    """The workbook's first sheet as cell reference → value (shared strings resolved)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        strings = [si.findtext("x:t", namespaces=NS) for si in
                   etree.fromstring(book.read("xl/sharedStrings.xml")).iterfind("x:si", NS)]
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        core = book.read("docProps/core.xml").decode()
    assert core.count(WORKBOOK_DATE) == 2  # created and modified: no clock in the bytes
    return {c.get("r"): strings[int(c.findtext("x:v", namespaces=NS))] if c.get("t") == "s"
            else c.findtext("x:v", namespaces=NS) for c in sheet.iterfind(".//x:c", NS)}


def test_docx_holds_native_charts_with_their_data(chart_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(chart_docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        types = etree.fromstring(package.read("[Content_Types].xml"))
        document_rels = _rels(package, "word/document.xml")
        references = body.findall(".//w:drawing/wp:inline/a:graphic/a:graphicData/c:chart", NS)
        assert len(references) == 2
        assert body.find(".//w:drawing//a:graphicData/{*}pic", NS) is None  # no picture
        for reference, spec in zip(references, CHARTS.values(), strict=True):
            kind, part = document_rels[reference.get(R_ID)]
            assert (kind, part.startswith("word/charts/chart")) == ("chart", True)
            override = types.find(f"ct:Override[@PartName='/{part}']", NS)
            assert override.get("ContentType") == CHART_CONTENT_TYPE
            inline = reference.getparent().getparent().getparent()
            extent = inline.find("wp:extent", NS)
            assert (int(extent.get("cx")), int(extent.get("cy"))) == (CHART_WIDTH, CHART_HEIGHT)
            assert inline.find("wp:docPr", NS).get("descr") == spec.title
            chart = etree.fromstring(package.read(part))
            assert chart.find(f".//c:{spec.kind}Chart", NS) is not None
            # the chart caches its categories and values, as the text prints them
            assert _cache(chart, "c:cat/c:strRef/c:strCache") == [
                list(spec.categories)] * len(spec.series)
            assert _cache(chart, "c:val/c:numRef/c:numCache") == [
                [str(v) for v in s.values] for s in spec.series]
            assert [s.findtext("c:tx//c:v", namespaces=NS)
                    for s in chart.iterfind(".//c:ser", NS)] == [s.name for s in spec.series]
            labels = chart.find(".//c:dLbls", NS)
            assert labels.find("c:showVal", NS).get("val") == "1"
            assert labels.find("c:numFmt", NS).get("formatCode") == "#,##0.00"
            assert chart.find("c:chart/c:autoTitleDeleted", NS).get("val") == "1"
            assert {ea.get("typeface") for ea in chart.iter(f"{{{NS['a']}}}ea")} == {"黑体"}
            # …and embeds the workbook Word's 编辑数据 opens, holding the same numbers
            external = chart.find("c:externalData", NS)
            assert external.find("c:autoUpdate", NS).get("val") == "0"
            kind, workbook = _rels(package, part)[external.get(R_ID)]
            assert (kind, workbook.endswith(".xlsx")) == ("package", True)
            cells = _sheet(package.read(workbook))
            columns = "BCDEFG"
            expected = {f"A{row}": name for row, name in enumerate(spec.categories, 2)}
            for column, series in zip(columns, spec.series, strict=False):
                expected[f"{column}1"] = series.name
                expected.update({f"{column}{row}": str(value)
                                 for row, value in enumerate(series.values, 2)})
            assert cells == expected


def test_docx_with_charts_is_byte_identical_and_reopens(chart_docx: bytes) -> None:
    assert render_docx(chart_document(CHARTS)) == chart_docx
    reopened = docx.Document(io.BytesIO(chart_docx))
    figures = [p for p in reopened.paragraphs if p.style.name == "图片"]
    assert len(figures) == 2
    # a line of exact height would clip the chart to a strip: the line fits the chart
    assert {p.paragraph_format.line_spacing_rule for p in figures} == {WD_LINE_SPACING.SINGLE}
    captions = [p.text for p in reopened.paragraphs if p.style.name == "Caption"]
    assert captions == ["图1 收、支决算总计变动情况", "图2 支出决算结构"]
    saved = io.BytesIO()
    reopened.save(saved)  # python-docx keeps the charts and their workbooks
    with zipfile.ZipFile(saved) as package:
        names = set(package.namelist())
    assert {"word/charts/chart1.xml", "word/charts/chart2.xml"} <= names
    assert sum(name.endswith(".xlsx") for name in names) == 2


def test_docx_refuses_an_svg_without_a_chart_spec() -> None:
    document = build_document(page('<figure><img src="chart-1.svg"></figure>'),
                              {"chart-1.svg": chart_svg(TOTALS)})
    with pytest.raises(DocumentTreeError, match=r"'chart-1\.svg' is an SVG without a chart spec"):
        render_docx(document)


def test_a_chart_names_an_svg_resource() -> None:
    with pytest.raises(DocumentTreeError, match=r"chart 'chart-2\.svg' names no SVG resource"):
        build_document(page('<figure><img src="chart-1.svg"></figure>'),
                       {"chart-1.svg": chart_svg(TOTALS)}, {"chart-2.svg": TOTALS})


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext is not installed")
def test_libreoffice_draws_the_native_charts(tmp_path: Path, chart_docx: bytes) -> None:
    source = tmp_path / "charts.docx"
    source.write_bytes(chart_docx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    text = subprocess.run(["pdftotext", str(tmp_path / "charts.pdf"), "-"],
                          capture_output=True, check=True, text=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    # LibreOffice draws the charts from their cached data: labels and values as text
    for label in (*TOTALS_LABELS, *SPENDING_LABELS):
        assert label in squeezed, label

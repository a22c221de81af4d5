"""End to end: each example under data/examples/ builds to a DOCX and a PDF whose nine
tables print, cell by cell, what the seed it reproduces prints (in the HTML document tree
and in the DOCX table grids), and which read, sentence by sentence, as the corrected seed
does (tests/e2e/expected/<stem>.yaml)."""

from __future__ import annotations

import csv
import io
import itertools
import logging
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
import yaml
from support import outline, pages

from generator import api
from generator.render.tree import inline_content, iter_sections, table_grid

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))
EXPECTED = Path(__file__).parent / "expected"
#: The free fonts print.css falls back to: FandolFang (仿宋), AR PL KaitiM GB (楷) and
#: Noto CJK (宋/黑, and any glyph the others lack).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FREE_CJK_FONTS = ("FandolFang", "AR-PL-KaitiM-GB", "Noto-Sans-CJK", "Noto-Serif-CJK")


def normalize(text: str) -> str:
    """Drop white space (line wraps, CJK spacing) and thousands separators."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def docx_text(path: Path) -> str:
    """All text of a DOCX: body paragraphs and table cells, in document order."""
    document = docx.Document(str(path))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
        elif tag == "tbl":
            for t in child.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
                parts.append(t.text or "")
                parts.append(" ")
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """All text of a PDF, by poppler's pdftotext, without the page-number footers."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, check=True, text=True)
    return re.sub(r"^\s*-\s*\d+\s*-\s*$", "", result.stdout, flags=re.MULTILINE)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[Path, dict[str, Path]]:
    out = tmp_path_factory.mktemp("out")
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        result = api.build(request.param, out)
    finally:
        logger.removeHandler(handler)
    outputs = {p.suffix[1:]: p for p in result.outputs}
    outputs["log"] = handler.messages  # type: ignore[assignment]
    return request.param, outputs


class _Collect(logging.Handler):
    """Keeps every warning or error WeasyPrint logs (a missing glyph, a refused URL …)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def front_pages(source: Path) -> list[str]:
    """The front sections of the example's document (cover, toc), in order."""
    document = api.render_document(api.load_report(source))
    return [kind for kind, _ in iter_sections(document.root) if kind in ("cover", "toc")]


def _expected(source: Path) -> dict[str, list[str]]:
    return yaml.safe_load((EXPECTED / f"{source.stem}.yaml").read_text(encoding="utf-8"))


def test_every_example_has_expectations() -> None:
    assert EXAMPLES, "no example under data/examples"
    for source in EXAMPLES:
        assert (EXPECTED / f"{source.stem}.yaml").is_file(), source.stem


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_sentences(built: tuple[Path, dict[str, Path]], fmt: str) -> None:
    source, outputs = built
    text = normalize(docx_text(outputs[fmt]) if fmt == "docx" else pdf_text(outputs[fmt]))
    missing = [s for s in _expected(source)["sentences"] if normalize(s) not in text]
    assert not missing, missing


Grid = list[list[str]]


def html_tables(source: Path) -> list[Grid]:
    """The body rows of every table from the first table title on (the number tables,
    then any annex form), in document order: each row the text of its cells (a merged cell
    once). A table of 第一部分 (上海's list of units) comes before them."""
    document = api.render_document(api.load_report(source))
    grids = []
    started = False
    for element in document.root.iter("h2", "table"):
        started = started or "table-title" in (element.get("class") or "")
        if element.tag != "table" or not started:
            continue
        grid = table_grid(element)
        grids.append([["".join(run.text for run in inline_content(cell.element))
                       for cell, origin in grid.row_cells(r) if origin]
                      for r in range(grid.header_rows, len(grid.rows))])
    return grids


def docx_tables(path: Path) -> list[Grid]:
    """The body rows of every table of a DOCX, in document order (header rows — those
    repeated on each page — left out; a cell continuing a vertical merge left out)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    grids = []
    started = False
    for element in docx.Document(str(path)).element.body.iter(f"{w}tbl", f"{w}pStyle"):
        if element.tag == f"{w}pStyle":
            started = started or element.get(f"{w}val") == "TableTitle"
            continue
        if not started:
            continue
        table = element
        rows = []
        for tr in table.iter(f"{w}tr"):
            if tr.find(f"{w}trPr/{w}tblHeader") is not None:
                continue
            cells = []
            for tc in tr.iter(f"{w}tc"):
                merge = tc.find(f"{w}tcPr/{w}vMerge")
                if merge is not None and merge.get(f"{w}val") != "restart":
                    continue
                cells.append("".join(t.text or "" for t in tc.iter(f"{w}t")))
            rows.append(cells)
        grids.append(rows)
    return grids


def _compare_tables(expected: dict[str, Grid], grids: list[Grid], order: list[str]) -> None:
    """Every expected table, row and cell against the printed grids, cell by cell."""
    printed = dict(zip(order, grids, strict=False))
    problems = []
    for table, rows in expected.items():
        got = printed.get(table, [])
        if len(got) != len(rows):
            problems.append(f"{table}: {len(got)} rows printed, {len(rows)} expected")
        for r, (want, have) in enumerate(zip(rows, got, strict=False), 1):
            if len(want) != len(have):
                problems.append(f"{table} row {r} ({want[0]}): {len(have)} cells, "
                                f"{len(want)} expected")
                continue
            problems += [f"{table} row {r} ({want[0]}) cell {c}: {h!r}, expected {w!r}"
                         for c, (w, h) in enumerate(zip(want, have, strict=True), 1) if w != h]
    assert not problems, "\n".join(problems[:30])


def test_tables_cell_by_cell_in_the_document_tree(built: tuple[Path, dict[str, Path]]
                                                  ) -> None:
    source, _ = built
    order = [number.id for number in api.load_report(source).outline.tables]
    _compare_tables(_expected(source)["tables"], html_tables(source), order)


def test_tables_cell_by_cell_in_the_docx(built: tuple[Path, dict[str, Path]]) -> None:
    source, outputs = built
    order = [number.id for number in api.load_report(source).outline.tables]
    _compare_tables(_expected(source)["tables"], docx_tables(outputs["docx"]), order)


def test_a_wrong_cell_is_caught() -> None:
    """The comparison fails on one changed amount, naming its table, row and cell."""
    expected = {"summary": [["一、收入", "1", "1,687.12"]]}
    with pytest.raises(AssertionError, match=r"summary row 1 \(一、收入\) cell 3"):
        _compare_tables(expected, [[["一、收入", "1", "1,687.13"]]], ["summary"])


def test_no_made_up_completion_rate(built: tuple[Path, dict[str, Path]]) -> None:
    """A zero 年初预算 never yields a completion rate (the seeds print 100% or 0%)."""
    source, outputs = built
    department = api.load_report(source).department
    if department.kind != "决算" or department.profile != "河南":
        pytest.skip("the Henan 决算's wording of a 项 with its 年初预算")
    text = normalize(pdf_text(outputs["pdf"]))
    matches = list(re.finditer(r"年初预算为0\.00万元，支出决算为[\d.]+万元，([^。]*)。", text))
    assert matches, "both examples have 项 with a zero 年初预算"
    for match in matches:
        assert "完成年初预算的" not in match.group(1), match.group(0)
        assert "不计算完成率" in match.group(1)


def test_docx_uses_heading_styles_and_landscape_tables(built: tuple[Path, dict[str, Path]]
                                                       ) -> None:
    _, outputs = built
    document = docx.Document(str(outputs["docx"]))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("第一部分") and any("名词解释" in h for h in headings)
    orientations = {s.orientation for s in document.sections}
    assert len(orientations) == 2  # portrait narrative and landscape tables


def test_pdf_embeds_every_font(built: tuple[Path, dict[str, Path]]) -> None:
    _, outputs = built
    assert outputs["log"] == [], "WeasyPrint warned while rendering"
    listing = subprocess.run(["pdffonts", str(outputs["pdf"])], capture_output=True,
                             check=True, text=True).stdout.splitlines()[2:]
    assert listing, "no font in the PDF"
    for line in listing:
        columns = line.split()
        assert columns[-5] == "yes", line  # the "emb" column
        # Only the free CJK fonts the stylesheet names (set up by scripts/setup.sh): a
        # glyph they lacked would have been drawn from some fallback font, listed here.
        assert any(family in columns[0] for family in FREE_CJK_FONTS), line


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed "
                    "(scripts/setup.sh installs libreoffice-writer-nogui)")
def test_libreoffice_opens_the_docx(built: tuple[Path, dict[str, Path]],
                                    tmp_path: Path) -> None:
    source, outputs = built
    report = api.load_report(source)
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs["docx"])],
        capture_output=True, text=True, timeout=300)
    converted = tmp_path / (outputs["docx"].stem + ".pdf")
    assert converted.is_file(), result.stderr
    text = normalize(pdf_text(converted))
    assert normalize(report.outline.tables[0].title) in text and "名词解释" in text
    # numbers never wrap inside an annex cell (the DOCX annex once printed "2,237.7/8")
    raw = pdf_text(converted)
    for amount in _annex_amounts(outputs["docx"], len(report.outline.tables)):
        assert amount in raw, amount


def _annex_amounts(docx_path: Path, tables: int) -> set[str]:
    """The amounts and scores printed in the annex forms (after the ``tables`` tables)."""
    grids = docx_tables(docx_path)[tables:]
    return {cell for grid in grids for row in grid for cell in row
            if re.fullmatch(r"-?[\d,]+\.\d+", cell)}


# --- clean pages -------------------------------------------------------------------------


def test_the_table_of_contents_fits_one_page(built: tuple[Path, dict[str, Path]]) -> None:
    source, outputs = built
    if "toc" not in front_pages(source):
        pytest.skip("the region prints no table of contents")
    text = pages(outputs["pdf"])
    document = api.render_document(api.load_report(source))
    entries = [element.get("data-label") for element in document.root.iter("h1", "h2")
               if element.get("data-label")]
    assert text[1].startswith("目")
    assert normalize(entries[-1]) in normalize(text[1])  # every entry on one page
    assert text[2].startswith("第一部分")


def test_no_page_holds_only_a_note(built: tuple[Path, dict[str, Path]]) -> None:
    _, outputs = built
    for number, text in enumerate(pages(outputs["pdf"]), 1):
        assert not re.fullmatch(r"((注：|说明：).*\n?)+", text), (number, text)


def test_part_titles_leave_no_character_alone(built: tuple[Path, dict[str, Path]]) -> None:
    """A part title too long for a line breaks after 第X部分, never before its last
    character (“…概 / 况”)."""
    _, outputs = built
    for text in pages(outputs["pdf"]):
        lines = text.splitlines()
        for first, second in itertools.pairwise(lines):
            if re.match(r"第[一二三四五六七八九十]+部分", first):
                assert len(second) > 1 or not second, (first, second)


def test_annex_forms_repeat_their_header_and_do_not_dwindle(
        built: tuple[Path, dict[str, Path]]) -> None:
    """Every page an indicator table runs onto starts with its header; no page of the
    annex carries only a few rows."""
    source, outputs = built
    if not getattr(api.load_report(source), "evaluations", ()):
        pytest.skip("no annex forms")
    annex = [text for text in pages(outputs["pdf"])
             if "自评情况表" in text or "一级指标" in text or "绩效目标表" in text]
    assert annex
    for text in annex:
        if "一级指标" in text and "自评" not in text and "绩效目标表" not in text:
            assert text.splitlines()[0] in ("绩效指标", "年度绩效指标") or \
                text.splitlines()[0].startswith("一级指标"), text[:80]
        assert len(text.splitlines()) >= 12, text


def test_numbered_paragraphs_have_no_wide_gap(built: tuple[Path, dict[str, Path]]) -> None:
    """'14.' is followed by a fixed space, not a justified one."""
    source, outputs = built
    document = api.render_document(api.load_report(source))
    if not any(re.match(r"\d+\.\u2002", element.text_content())
               for element in document.root.iter("p", "h3", "h4")):
        pytest.skip("the report numbers no paragraph 1. 2. …")
    boxes = subprocess.run(["pdftotext", "-bbox", str(outputs["pdf"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="[\d.]+">([^<]*)</word>', boxes)
    gaps = [float(after[0]) - float(number[2])
            for number, after in itertools.pairwise(words)
            if re.fullmatch(r"\d+\.", number[3]) and number[1] == after[1]]
    assert gaps and max(gaps) < 10, sorted(gaps)[-5:]


def test_annex_forms_are_the_same_size_in_both_formats(
        built: tuple[Path, dict[str, Path]]) -> None:
    _, outputs = built
    css = (ROOT / "generator" / "templates" / "base" / "print.css").read_text("utf-8")
    size = re.search(r"table\.form \{[^}]*font-size: ([\d.]+)pt", css).group(1)
    style = docx.Document(str(outputs["docx"])).styles["附表文字"]
    assert style.font.size.pt == float(size) == 9.0


# ----------------------------------------------------------- a PDF for readers and machines


def test_the_pdf_is_tagged_and_describes_itself(built: tuple[Path, dict[str, Path]]) -> None:
    source, outputs = built
    report = api.load_report(source)
    reader = pypdf.PdfReader(outputs["pdf"])
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "zh-CN"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    name, year = report.department.name, report.department.year
    kind = report.department.kind
    title = f"{year}年度{name}部门决算" if kind == "决算" else f"{year}年{name}部门预算公开"
    assert reader.metadata.title == title
    assert reader.metadata.author == name
    assert reader.metadata.subject == (f"{year}年度部门决算公开" if kind == "决算"
                                       else f"{year}年部门预算公开")


def test_page_labels_are_the_printed_page_numbers(built: tuple[Path, dict[str, Path]]
                                                  ) -> None:
    source, outputs = built
    labels = pypdf.PdfReader(outputs["pdf"]).page_labels
    printed = []
    for number in range(1, len(labels) + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(outputs["pdf"]), "-"],
                              capture_output=True, text=True, check=True).stdout
        footer = re.findall(r"^\s*-\s*(\d+)\s*-\s*$", text, flags=re.MULTILINE)
        printed.append(footer[-1] if footer else None)
    front = [{"cover": "封面", "toc": "目录"}[kind] for kind in front_pages(source)]
    assert labels[:len(front)] == front and printed[:len(front)] == [None] * len(front)
    assert labels[len(front):] == printed[len(front):] and printed[len(front)] == "1"


def test_bookmarks_are_the_outline_with_numbers(built: tuple[Path, dict[str, Path]]) -> None:
    """Every part, section and table (with its number) and every annex form is a bookmark,
    in document order, pointing at the page that prints it."""
    source, outputs = built
    bookmarks = outline(outputs["pdf"])
    document = api.render_document(api.load_report(source))
    expected = [(1 if element.tag == "h1" else 2, element.get("data-label"))
                for element in document.root.iter("h1", "h2", "p")
                if element.get("data-label")]
    assert [(level, title) for level, title, _ in bookmarks if level <= 2] == expected
    titles = [title for _, title, _ in bookmarks]
    tables = api.load_report(source).outline.tables
    assert f"一、{tables[0].title}" in titles
    assert f"{tables[-1].number}、{tables[-1].title}" in titles
    texts = [normalize(text) for text in pages(outputs["pdf"])]
    # What each bookmark points at prints its own text (a table's title without its number,
    # a section with the department's name …), which the page must hold.
    printed = {element.get("data-label"): element.text_content()
               for element in document.root.iter("h1", "h2", "p")
               if element.get("data-label")}
    for _, title, page in bookmarks:
        text = printed.get(title, title)
        assert normalize(text) in texts[page] or normalize(text)[:12] in texts[page], \
            (title, page)


def test_the_pdf_carries_its_data(built: tuple[Path, dict[str, Path]]) -> None:
    """The department's YAML, byte for byte, and a CSV of each table whose cells are the
    seed's, cell by cell (amounts without separators; a merged cell in its first slot)."""
    source, outputs = built
    files = {name: data[0] for name, data in pypdf.PdfReader(outputs["pdf"]).attachments.items()}
    assert files[source.name] == source.read_bytes()
    report = api.load_report(source)
    document = api.render_document(report)
    grids: list[Grid] = []
    for number in report.outline.tables:
        heading = document.root.get_element_by_id(f"table-{number.index:02d}")
        table = next(heading.itersiblings("table"))
        title = " ".join(heading.text_content().split())
        name = f"{number.code} {title}.csv" if number.code else f"{title}.csv"
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))
        grid = table_grid(table)
        assert len(rows) == len(grid.rows), name
        body: Grid = []
        for r in range(grid.header_rows, len(grid.rows)):
            origins = [cell for cell, origin in grid.row_cells(r) if origin]
            covered = {col for cell in origins for col in range(cell.col + 1,
                                                               cell.col + cell.colspan)}
            assert all(rows[r][col] == "" for col in covered), (name, r)
            body.append([rows[r][cell.col] for cell in origins])
        grids.append(body)
    expected = {table: [[cell.replace(",", "") for cell in row] for row in rows]
                for table, rows in _expected(source)["tables"].items()}
    _compare_tables(expected, grids, [number.id for number in report.outline.tables])
    tables = set()
    for number in report.outline.tables:
        heading = document.root.get_element_by_id(f"table-{number.index:02d}")
        tables.add(f"{number.code} {' '.join(heading.text_content().split())}.csv".strip())
    assert tables <= set(files)
    for title in document.root.find_class("annex-title"):  # one CSV per annex form
        label = re.sub(r'[\\/:*?"<>|]', "_", title.get("data-label"))
        assert f"{label}.csv" in files, label
    assert len(document.root.find_class("annex-title")) == len(getattr(report, "evaluations", ()))


# ------------------------------------------------------------ a DOCX Word treats as current


def test_the_docx_is_a_current_word_document(built: tuple[Path, dict[str, Path]]) -> None:
    source, outputs = built
    with zipfile.ZipFile(outputs["docx"]) as package:
        settings = package.read("word/settings.xml").decode()
        application = package.read("docProps/app.xml").decode()
        body = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert re.search(r'w:name="compatibilityMode" [^>]*w:val="15"', settings)
    assert "Macintosh" not in application and "<AppVersion>" not in application
    assert "<Application>disclosure-generator</Application>" in application
    document = docx.Document(str(outputs["docx"]))
    assert document.core_properties.author == api.load_report(source).department.name
    # The styles the report uses are Word's built-in ones (which Word shows in Chinese:
    # 标题 1, 正文 …) or ours, named in Chinese.
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"', body))
    custom = dict(re.findall(r'<w:style [^>]*w:customStyle="1"[^>]*w:styleId="([^"]+)"[^>]*>'
                             r'\s*<w:name w:val="([^"]+)"', styles))
    ours = [custom[style_id] for style_id in used if style_id in custom]
    assert "表格标题" in ours and all(re.search(r"[\u4e00-\u9fff]", name) for name in ours), ours
    # The TOC collects the TC entries the table titles carry, numbers included, and the
    # titles themselves are not outline headings (no entry twice).
    if "toc" in front_pages(source):
        assert re.search(r'TOC \\o "1-2" \\h \\z \\u \\l "1-2"', body)
    entries = re.findall(r'TC "([^"]+)" \\l 2', body)
    tables = api.load_report(source).outline.tables
    assert entries == [f"{table.number}、{table.title}" for table in tables]
    titles = [p for p in document.paragraphs if p.style.name == "表格标题"]
    assert len(titles) == len(tables)
    for paragraph in titles:
        level = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
        assert level is not None and level.get(f"{W}val") == "9"


# ------------------------------------------------------------------------------- figures


def test_figures_are_drawn_from_the_report_in_both_formats(
        built: tuple[Path, dict[str, Path]]) -> None:
    """Each figure the profile lists: in the PDF a vector chart whose amounts are the
    report's (text, not pixels) under its caption 图N; in the DOCX a native chart whose
    cached values are the same amounts."""
    source, outputs = built
    report = api.load_report(source)
    if not report.figures:
        pytest.skip("the region prints no figures")
    text = normalize(pdf_text(outputs["pdf"]))
    with zipfile.ZipFile(outputs["docx"]) as package:
        charts = sorted(name for name in package.namelist()
                        if re.fullmatch(r"word/charts/chart\d+\.xml", name))
        cached = [package.read(name).decode() for name in charts]
    assert len(charts) == len(report.figures)
    for figure, xml in zip(report.figures, cached, strict=True):
        assert f"图{figure.number}：{figure.chart.title}" in text
        for series in figure.chart.series:
            for value in series.values:
                assert normalize(f"{value:,.2f}") in text, (figure.id, value)
                assert f"<c:v>{value.normalize():f}</c:v>" in xml or \
                    f"<c:v>{value}</c:v>" in xml, (figure.id, value)
    grand = report.facts.grand_total
    first = report.figures[0].chart
    assert first.series[0].values == (grand.prior, grand.current)

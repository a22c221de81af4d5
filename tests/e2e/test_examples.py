"""End to end: each example under data/examples/ builds to a DOCX and a PDF whose nine
tables print, cell by cell, what the seed it reproduces prints (in the HTML document tree
and in the DOCX table grids), and which read, sentence by sentence, as the corrected seed
does (tests/e2e/expected/<stem>.yaml)."""

from __future__ import annotations

import itertools
import logging
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from generator import api
from generator.render.tree import inline_content, table_grid

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))
EXPECTED = Path(__file__).parent / "expected"
#: The free fonts print.css falls back to: FandolFang (仿宋), AR PL KaitiM GB (楷) and
#: Noto CJK (宋/黑, and any glyph the others lack).
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
    """The body rows of every table of the example's document tree, in document order:
    each row the text of its cells (a merged cell once)."""
    document = api.render_document(api.load_report(source))
    grids = []
    for table in document.root.iter("table"):
        grid = table_grid(table)
        grids.append([["".join(run.text for run in inline_content(cell.element))
                       for cell, origin in grid.row_cells(r) if origin]
                      for r in range(grid.header_rows, len(grid.rows))])
    return grids


def docx_tables(path: Path) -> list[Grid]:
    """The body rows of every table of a DOCX, in document order (header rows — those
    repeated on each page — left out; a cell continuing a vertical merge left out)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    grids = []
    for table in docx.Document(str(path)).element.body.iter(f"{w}tbl"):
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
    _, outputs = built
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
    _, outputs = built
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs["docx"])],
        capture_output=True, text=True, timeout=300)
    converted = tmp_path / (outputs["docx"].stem + ".pdf")
    assert converted.is_file(), result.stderr
    text = normalize(pdf_text(converted))
    assert "收入支出决算总表" in text and "名词解释" in text
    # numbers never wrap inside an annex cell (the DOCX annex once printed "2,237.7/8")
    raw = pdf_text(converted)
    for amount in _annex_amounts(outputs["docx"]):
        assert amount in raw, amount


def _annex_amounts(docx_path: Path) -> set[str]:
    """The amounts and scores printed in the annex forms (tables after the nine)."""
    grids = docx_tables(docx_path)[9:]
    return {cell for grid in grids for row in grid for cell in row
            if re.fullmatch(r"-?[\d,]+\.\d+", cell)}


# --- clean pages -------------------------------------------------------------------------


def pages(pdf: Path) -> list[str]:
    """The text of each page (layout kept), page-number footer lines left out."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    texts = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not re.fullmatch(r"-\s*\d+\s*-", line.strip())]
        texts.append("\n".join(lines))
    return texts


def test_the_table_of_contents_fits_one_page(built: tuple[Path, dict[str, Path]]) -> None:
    _, outputs = built
    text = pages(outputs["pdf"])
    assert text[1].startswith("目") and "附件" in text[1]
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
    _, outputs = built
    annex = [text for text in pages(outputs["pdf"])
             if "自评情况表" in text or "一级指标" in text]
    assert annex
    for text in annex:
        if "一级指标" in text and "自评情况表" not in text:
            assert text.splitlines()[0] == "绩效指标", text[:80]
        assert len(text.splitlines()) >= 12, text


def test_numbered_paragraphs_have_no_wide_gap(built: tuple[Path, dict[str, Path]]) -> None:
    """'14.' is followed by a fixed space, not a justified one."""
    _, outputs = built
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
    style = docx.Document(str(outputs["docx"])).styles["Form Text"]
    assert style.font.size.pt == float(size) == 9.0

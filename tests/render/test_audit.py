"""The self-audit (issue 10): the written DOCX and PDF are read back and must print every
table cell and text block the report computed; a writer that loses or alters one is
caught before any file is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from support import COMPLETE, write

from generator import api
from generator.render.audit import AuditError, audit_docx, audit_pdf
from generator.render.content import report_content


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, bytes, bytes]:
    """BASE rendered: (report, document, DOCX, PDF)."""
    source = write(tmp_path_factory.mktemp("audit"), COMPLETE)
    department = api.load_department(source)
    report = api.derive(department)
    document = api.render_document(report)
    return (report, document, api.to_docx(report, document),
            api.to_pdf(report, document, department.source))


def _replace_in_docx(docx: bytes, old: str, new: str) -> bytes:
    """The DOCX with ``old`` replaced by ``new`` once in its body text."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_what_was_written_passes(rendered: tuple) -> None:
    report, document, docx, pdf = rendered
    content = report_content(document)
    audit_docx(content, docx)
    audit_pdf(content, pdf)
    # Typst draws a cell merged down several rows after those rows: still found.
    audit_pdf(content, api.to_pdf(report, document, engine="typst"))


def test_docx_cell_altered_is_caught(rendered: tuple) -> None:
    _, document, docx, _ = rendered
    content = report_content(document)
    with pytest.raises(AuditError, match="公开01表") as caught:
        audit_docx(content, _replace_in_docx(docx, "<w:t>239.00</w:t>", "<w:t>239.01</w:t>"))
    assert "DOCX" in str(caught.value)


def test_docx_sentence_altered_is_caught(rendered: tuple) -> None:
    _, document, docx, _ = rendered
    content = report_content(document)
    with pytest.raises(AuditError, match="收、支总计均为"):
        audit_docx(content, _replace_in_docx(docx, "收、支总计均为", "收、支总计约为"))


def test_pdf_that_prints_another_amount_is_caught(rendered: tuple) -> None:
    report, document, _, _ = rendered
    content = report_content(document)
    # A writer that printed one cell differently: render a copy of the tree so altered.
    cell = next(td for td in document.root.iter("td") if td.text == "239.00")
    cell.text = "293.00"
    try:
        altered = api.to_pdf(report, document)
    finally:
        cell.text = "239.00"
    with pytest.raises(AuditError, match="PDF"):
        audit_pdf(content, altered)


def test_pdf_missing_a_sentence_is_caught(rendered: tuple) -> None:
    _, document, _, pdf = rendered
    content = report_content(document)
    block = next(block for block in content.blocks if "收、支总计均为" in block.text)
    block.text = block.text.replace("收、支总计均为", "收支总计合计为")
    with pytest.raises(AuditError, match="找不到"):
        audit_pdf(content, pdf)


def test_build_writes_nothing_when_the_audit_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, COMPLETE)
    out = tmp_path / "out"

    def failing(content: object, pdf: bytes) -> None:
        raise AuditError("pdf", ["公开01表 第1行：找不到「239.00」"])

    monkeypatch.setattr(api, "audit_pdf", failing)
    with pytest.raises(AuditError):
        api.build(source, out)
    assert not out.exists()


def test_docx_grid_is_read_as_word_shows_it() -> None:
    """A cell spanning columns fills its first slot, a vertically merged continuation is
    empty, a cell's paragraphs join with a space and their runs without one, white space
    collapses, an empty cell is empty."""
    from lxml import etree

    from generator.render.audit import _docx_rows

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def cell(*paragraphs: str, properties: str = "") -> str:
        body = "".join(f"<w:p>{''.join(f'<w:r><w:t>{run}</w:t></w:r>' for run in runs)}</w:p>"
                       for runs in (paragraph.split("|") for paragraph in paragraphs))
        return f"<w:tc><w:tcPr>{properties}</w:tcPr>{body}</w:tc>"

    restart, continued = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    spans_two = '<w:gridSpan w:val="2"/>'
    first = cell("科目", properties=restart) + cell("金|额", properties=spans_two)
    second = (cell("ignored", properties=continued) + cell("  上年  ", "结转 ")
              + cell())
    table = etree.fromstring(f'<w:tbl xmlns:w="{namespace}"><w:tblPr/>'
                             f"<w:tr>{first}</w:tr><w:tr>{second}</w:tr></w:tbl>")
    assert _docx_rows(table) == [["科目", "金额", ""], ["", "上年 结转", ""]]
